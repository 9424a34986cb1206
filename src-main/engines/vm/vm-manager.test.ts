import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../platform/logger'
import { VmManager, type Spawn } from './vm-manager'

/** A stand-in QEMU: records its command line, exits when told or when killed. */
function fakeQemu() {
  const calls: Array<{ command: string; args: string[] }> = []
  let child: (EventEmitter & { pid: number; stderr: PassThrough; kill: (signal?: string) => boolean }) | undefined
  const spawn: Spawn = (command, args) => {
    calls.push({ command, args })
    const c = Object.assign(new EventEmitter(), { pid: 4242, stderr: new PassThrough() }) as EventEmitter & { pid: number; stderr: PassThrough; kill: (signal?: string) => boolean }
    c.kill = (signal = 'SIGTERM') => {
      setImmediate(() => c.emit('exit', null, signal))
      return true
    }
    child = c
    return c as unknown as ChildProcess
  }
  return { spawn, calls, child: () => child! }
}

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

function setup(extra: Partial<ConstructorParameters<typeof VmManager>[0]> = {}) {
  const guestDir = mkdtempSync(join(tmpdir(), 'berth-vm-guest-'))
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-vm-state-'))
  dirs.push(guestDir, stateDir)
  writeFileSync(join(guestDir, 'vmlinuz'), '')
  writeFileSync(join(guestDir, 'initramfs.img'), '')
  writeFileSync(join(guestDir, 'root.img'), '')
  const qemu = fakeQemu()
  const run: Array<string[]> = []
  const manager = new VmManager({
    arch: 'amd64',
    guestDir,
    stateDir,
    settings: { cpus: 2, memoryMiB: 1024, diskGiB: 8, sshPort: 40022, restrictNetwork: true, shares: [] },
    accelerator: { accelerator: 'tcg', warning: 'slow' },
    spawn: qemu.spawn,
    run: async (command, args) => {
      run.push([command, ...args])
      return { stdout: '{"virtual-size": 1}' }
    },
    logger: silentLogger,
    startTimeoutMs: 10_000,
    ...extra,
  })
  const say = (line: string) => appendFileSync(join(stateDir, 'console.log'), `${line}\n`)
  return { manager, qemu, run, say, stateDir, guestDir }
}

describe('the VM manager', () => {
  it('creates the disk, launches QEMU and follows the console markers to ready', async () => {
    const { manager, qemu, run, say } = setup()
    const phases: string[] = []
    manager.onStateChange((s) => phases.push(s.state.status === 'starting' ? `starting:${s.state.phase}` : s.state.status))
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    expect(run[0]).toEqual(['qemu-img', 'create', '-q', '-f', 'qcow2', expect.stringContaining('data.qcow2'), '8G'])
    expect(qemu.calls[0]?.command).toBe('qemu-system-x86_64')
    // The guest finishes booting (modules, sshd) after dockerd starts: progress does not go back.
    say('BERTH-PHASE init 5.0\nBERTH-PHASE root 5.2\nBERTH-PHASE dockerd 6.5\nBERTH-PHASE modules 7.0\nBERTH-PHASE sshd 7.5')
    await new Promise((r) => setTimeout(r, 300))
    say('BERTH-PHASE ready 9.0')
    await started
    expect(phases).toEqual(['starting:booting', 'starting:engineStarting', 'running'])
    expect(manager.status().boot).toEqual({ kernelSeconds: 5, initSeconds: 1.5, engineSeconds: 2.5 })
    manager.dispose()
  })

  it('reports QEMU exiting unasked as a crash with its reason', async () => {
    const { manager, qemu, say } = setup()
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    say('BERTH-PHASE ready 9.0')
    await started
    qemu.child().stderr.write('qemu: something broke\n')
    qemu.child().emit('exit', 1, null)
    const state = manager.status().state
    expect(state.status).toBe('crashed')
    expect(state.status === 'crashed' && state.reason).toMatch(/exited with code 1 while the VM was running: qemu: something broke/)
    manager.dispose()
  })

  it('says how to fix a missing QEMU, and refuses to start without a guest', async () => {
    const { manager, qemu } = setup()
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    qemu.child().emit('error', Object.assign(new Error('spawn qemu-system-x86_64 ENOENT'), { code: 'ENOENT' }))
    await expect(started).rejects.toThrow(/not installed/)
    const bare = new VmManager({ ...(manager as unknown as { options: ConstructorParameters<typeof VmManager>[0] }).options, guestDir: '/nonexistent' })
    await expect(bare.start()).rejects.toThrow(/build-guest\.sh/)
  })

  it("makes a new disk from the guest's pre-formatted template, then grows it to the size asked", async () => {
    const { manager, run, say, stateDir, guestDir } = setup()
    writeFileSync(join(guestDir, 'data.qcow2'), 'ext4 template')
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    say('BERTH-PHASE ready 1')
    await started
    expect(readFileSync(join(stateDir, 'data.qcow2'), 'utf8')).toBe('ext4 template')
    expect(run.map((c) => c[1])).toEqual(['info', 'resize'])
    expect(run[1]).toEqual(['qemu-img', 'resize', '-q', join(stateDir, 'data.qcow2'), '8G'])
    manager.dispose()
  })

  it('grows the disk but never shrinks it, and refuses new settings while running', async () => {
    const { manager, run, say } = setup({ run: async () => ({ stdout: '{"virtual-size": 4294967296}' }) })
    writeFileSync(join((manager as unknown as { options: { stateDir: string } }).options.stateDir, 'data.qcow2'), '')
    const calls: string[][] = []
    ;(manager as unknown as { options: { run: unknown } }).options.run = async (command: string, args: string[]) => {
      calls.push([command, ...args])
      return { stdout: '{"virtual-size": 4294967296}' }
    }
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    say('BERTH-PHASE ready 1')
    await started
    expect(calls.map((c) => c[1])).toEqual(['info', 'resize'])
    expect(calls[1]?.at(-1)).toBe('8G')
    expect(() => manager.configure({ ...manager.settings, cpus: 4 })).toThrow(/Stop the VM/)
    expect(run).toEqual([])
    manager.dispose()
  })
})
