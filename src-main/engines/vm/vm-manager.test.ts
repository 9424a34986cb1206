import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../platform/logger'
import { VmManager, type Spawn } from './vm-manager'

type FakeChild = EventEmitter & { pid: number; kill: (signal?: string) => boolean; unref: () => void; unrefed: boolean }

/** A stand-in QEMU: records its command line and spawn options, exits when told or when killed. */
function fakeQemu() {
  const calls: Array<{ command: string; args: string[]; options: SpawnOptions }> = []
  let child: FakeChild | undefined
  const spawn: Spawn = (command, args, options) => {
    calls.push({ command, args, options })
    const c = Object.assign(new EventEmitter(), { pid: 4242, unrefed: false }) as FakeChild
    c.kill = (signal = 'SIGTERM') => {
      setImmediate(() => c.emit('exit', null, signal))
      return true
    }
    c.unref = () => (c.unrefed = true)
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

  it("fails the start at once with dockerd's reason when the engine in the guest gives up, and ends QEMU", async () => {
    const { manager, qemu, say } = setup()
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    say('BERTH-PHASE init 5.0\nBERTH-PHASE dockerd 6.5\nberth: dockerd did not start; its log follows')
    say('failed to start daemon: Error initializing network controller: Error creating default "bridge" network: package not installed')
    const exited = new Promise((r) => qemu.child().once('exit', r))
    await expect(started).rejects.toThrow(/engine in the VM did not start: Error initializing network controller.*package not installed/)
    await exited
    expect(manager.status().pid).toBeUndefined()
    manager.dispose()
  })

  it('reports QEMU exiting unasked as a crash with its reason', async () => {
    const { manager, qemu, say, stateDir } = setup()
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    say('BERTH-PHASE ready 9.0')
    await started
    // QEMU's stderr is a file (a pipe would break when Berth quits and QEMU is kept running).
    appendFileSync(join(stateDir, 'qemu.stderr.log'), 'qemu: something broke\n')
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

describe('the VM manager and a QEMU that outlives Berth', () => {
  it('spawns QEMU in its own process group with stderr to a file, so it can outlive Berth', async () => {
    const { manager, qemu, say } = setup()
    const started = manager.start()
    await new Promise((r) => setTimeout(r, 50))
    say('BERTH-PHASE ready 1')
    await started
    const { options } = qemu.calls[0]!
    expect(options.detached).toBe(true)
    expect(Array.isArray(options.stdio) && typeof options.stdio[2]).toBe('number')
    manager.dispose()
  })

  it('detach leaves QEMU running (no kill, no longer keeping Berth alive); dispose alone kills it', async () => {
    const kept = setup()
    const started = kept.manager.start()
    await new Promise((r) => setTimeout(r, 50))
    kept.say('BERTH-PHASE ready 1')
    await started
    const killed: string[] = []
    const child = kept.qemu.child()
    child.kill = (signal = 'SIGTERM') => (killed.push(signal), true)
    kept.manager.detach()
    kept.manager.dispose()
    expect(killed).toEqual([])
    expect(child.unrefed).toBe(true)

    const ended = setup()
    const again = ended.manager.start()
    await new Promise((r) => setTimeout(r, 50))
    ended.say('BERTH-PHASE ready 1')
    await again
    const exited = new Promise((r) => ended.qemu.child().once('exit', (_code, signal) => r(signal)))
    ended.manager.dispose()
    expect(await exited).toBe('SIGKILL')
  })
})

/**
 * A stand-in for a QEMU left running by an earlier Berth: a real process whose command line names
 * the VM's pidfile (as QEMU's does), that writes that pidfile and answers QMP on the VM's socket.
 * system_powerdown and quit end it.
 */
const STAND_IN = `
const net = require('node:net'), fs = require('node:fs')
const [pidFile, socket, answer] = process.argv.slice(2).filter((a) => a !== '-pidfile')
fs.writeFileSync(pidFile, process.pid + '\\n')
net.createServer((c) => {
  c.write('{"QMP": {"version": {}, "capabilities": []}}\\n')
  let buffer = ''
  c.on('data', (d) => {
    buffer += d
    for (let i; (i = buffer.indexOf('\\n')) >= 0; ) {
      const { execute } = JSON.parse(buffer.slice(0, i))
      buffer = buffer.slice(i + 1)
      const value = execute === 'query-status' ? { status: answer, running: answer === 'running' } : execute === 'human-monitor-command' ? '' : {}
      c.write(JSON.stringify({ return: value }) + '\\n')
      if (execute === 'system_powerdown' || execute === 'quit') setTimeout(() => process.exit(0), 50)
    }
  })
}).listen(socket, () => console.log('listening'))
`

async function standIn(stateDir: string, options: { status?: string; qmp?: boolean } = {}): Promise<ChildProcess> {
  const { spawn } = await import('node:child_process')
  const socket = options.qmp === false ? join(stateDir, 'elsewhere.sock') : join(stateDir, 'qmp.sock')
  const child = spawn(process.execPath, ['-e', STAND_IN, '--', '-pidfile', join(stateDir, 'qemu.pid'), socket, options.status ?? 'running'], { stdio: ['ignore', 'pipe', 'inherit'] })
  standIns.push(child)
  await new Promise((r) => child.stdout!.once('data', r))
  return child
}
const standIns: ChildProcess[] = []
afterEach(() => standIns.splice(0).forEach((c) => c.kill('SIGKILL')))

const exitOf = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)))

describe.skipIf(process.platform !== 'linux')('the VM manager taking back a QEMU kept running', () => {
  it('adopts it at start instead of booting: running at once, same pid, no spawn, the last boot figures kept', async () => {
    const { manager, qemu, stateDir } = setup()
    writeFileSync(join(stateDir, 'console.log'), 'BERTH-PHASE init 5.0\nBERTH-PHASE dockerd 6.5\nBERTH-PHASE ready 9.0\n')
    const kept = await standIn(stateDir)
    await manager.start()
    expect(qemu.calls).toEqual([])
    const status = manager.status()
    expect(status).toMatchObject({ state: { status: 'running' }, pid: kept.pid, adopted: true })
    expect(status.boot.kernelSeconds).toBe(5)
    expect(manager.qmp).toBeDefined()
    expect(manager.vmKeys).toBeDefined()
    // Old markers do not count again; new output is read from the end.
    const phases: string[] = []
    manager.onPhase((m) => phases.push(m.phase))
    appendFileSync(join(stateDir, 'console.log'), 'BERTH-PHASE shutdown 100\n')
    await new Promise((r) => setTimeout(r, 200))
    expect(phases).toEqual(['shutdown'])
    manager.dispose()
    await exitOf(kept)
  })

  it('reports the adopted QEMU exiting as a crash, and stops it through QMP', async () => {
    const crashed = setup()
    const kept = await standIn(crashed.stateDir)
    expect(await crashed.manager.adopt()).toBe(true)
    kept.kill('SIGKILL')
    await vi.waitFor(() => expect(crashed.manager.status().state.status).toBe('crashed'), { timeout: 5000 })
    const state = crashed.manager.status().state
    expect(state.status === 'crashed' && state.reason).toMatch(/kept running from an earlier Berth\) exited while the VM was running/)
    expect(existsSync(join(crashed.stateDir, 'qemu.pid'))).toBe(false)
    crashed.manager.dispose()

    const stopped = setup({ stopTimeoutMs: 5000 })
    const other = await standIn(stopped.stateDir)
    expect(await stopped.manager.adopt()).toBe(true)
    await stopped.manager.stop()
    expect(stopped.manager.status()).toMatchObject({ state: { status: 'stopped' }, pid: undefined })
    expect(other.exitCode).toBe(0)
    stopped.manager.dispose()
  })

  it('boots a new VM when the pidfile is stale or names another process, and refuses a QEMU of ours that does not answer', async () => {
    const stale = setup()
    // This test's own pid: alive, but its command line names no pidfile of ours.
    writeFileSync(join(stale.stateDir, 'qemu.pid'), `${process.pid}\n`)
    expect(await stale.manager.adopt()).toBe(false)
    writeFileSync(join(stale.stateDir, 'qemu.pid'), '999999999\n')
    expect(await stale.manager.adopt()).toBe(false)
    const started = stale.manager.start()
    await new Promise((r) => setTimeout(r, 50))
    stale.say('BERTH-PHASE ready 1')
    await started
    expect(stale.qemu.calls).toHaveLength(1)
    expect(stale.manager.status().adopted).toBe(false)
    stale.manager.dispose()

    const mute = setup()
    const silent = await standIn(mute.stateDir, { qmp: false })
    await expect(mute.manager.start()).rejects.toThrow(new RegExp(`does not answer.*kill ${silent.pid}`))
    expect(mute.qemu.calls).toEqual([])
    const paused = setup()
    await standIn(paused.stateDir, { status: 'paused' })
    await expect(paused.manager.adopt()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/"paused"/) })
  })
})
