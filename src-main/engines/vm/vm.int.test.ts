import { execFile, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../core'
import { silentLogger } from '../../platform/logger'
import { requireTestEngine } from '../../testing/test-engine'
import type { EngineConnection } from '../engine-connection'
import { BerthVm, readHostFacts } from './berth-vm'
import { chooseAccelerator } from './qemu-command'
import { sshExec } from './vm-engine'

// `npm test` builds the guest (cached in .cache/vm) and sets BERTH_VM_TESTS=1; one boot serves the
// whole file. Anywhere else it runs when asked: `npm run test:vm`.
const enabled = process.env.BERTH_VM_TESTS === '1'
if (!enabled) {
  const why = process.env.BERTH_VM_TESTS === undefined ? 'BERTH_VM_TESTS is not set (npm test sets it once the guest is built; or run npm run test:vm)' : `BERTH_VM_TESTS=${process.env.BERTH_VM_TESTS}`
  console.log(`[vm.int.test] SKIPPED, the bundled VM suite: ${why}.`)
}
const run = promisify(execFile)
const repo = resolve(__dirname, '../../..')
const arch = process.arch === 'arm64' ? 'arm64' : 'amd64'
const guestDir = process.env.BERTH_VM_GUEST ?? join(repo, '.cache/vm', arch)

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolvePort(port))
    })
    server.on('error', reject)
  })
}

/** Reads one line from a TCP port on 127.0.0.1 (what a person's browser or curl would reach). */
function readPort(port: number): Promise<string> {
  return new Promise((resolveText, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')))
    socket.on('data', (d) => (text += d.toString()))
    socket.on('end', () => resolveText(text))
    socket.on('error', reject)
  })
}

async function until<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((r) => setTimeout(r, 500))
    }
  }
}

/** The pids of the QEMUs running this VM (their command line names its state folder). */
function qemuProcesses(stateDir: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).stdout
  return ps
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m && !m[2]!.startsWith('Z') && m[3]!.includes('qemu-system') && m[3]!.includes(stateDir))
    .map((m) => Number(m[1]))
}

async function output(engine: EngineConnection, id: string): Promise<string> {
  const buffer = (await engine.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer
  return buffer.toString('latin1')
}

describe.skipIf(!enabled)('the bundled VM (QEMU, one boot for the file)', () => {
  let vm: BerthVm
  let options: ConstructorParameters<typeof BerthVm>[0]
  let engine: EngineConnection
  let dataDir: string
  let stateDir: string
  let shareDir: string
  const timings: Record<string, number> = {}

  beforeAll(async () => {
    let t = Date.now()
    if (!existsSync(join(guestDir, 'root.img')) && !process.env.BERTH_VM_GUEST) {
      const build = spawnSync('bash', [join(repo, 'scripts/vm/build-guest.sh'), '--if-changed', arch], { stdio: 'inherit' })
      if (build.status !== 0) throw new Error('scripts/vm/build-guest.sh failed')
    }
    timings.build = Date.now() - t
    // <dataDir>/vm, where Berth's VM service keeps its VM: a VmService on dataDir finds this one.
    dataDir = mkdtempSync(join(tmpdir(), 'berth-vm-'))
    stateDir = join(dataDir, 'vm')
    // A folder under the home, shared at the same path, for the bind-mount test.
    shareDir = mkdtempSync(join(homedir(), '.berth-vm-share-'))
    writeFileSync(join(shareDir, 'hello.txt'), 'from the host\n')
    options = {
      arch,
      guestDir,
      stateDir,
      settings: { cpus: 2, memoryMiB: 1024, diskGiB: 4, sshPort: await freePort(), restrictNetwork: true, shares: [homedir()] },
      accelerator: chooseAccelerator(readHostFacts()),
      spawn: (command, args, options) => spawn(command, args, options),
      run: (command, args) => run(command, args),
      logger: silentLogger,
      healthIntervalMs: 2000,
      startTimeoutMs: 600_000,
      stopTimeoutMs: 60_000,
    }
    vm = new BerthVm(options)
    t = Date.now()
    engine = await vm.start()
    timings.boot = Date.now() - t
    console.log(`[vm.int.test] accelerator ${vm.manager.status().accelerator.accelerator}; boot ${timings.boot} ms; guest split ${JSON.stringify(vm.manager.status().boot)}`)
    // berth-fixture/base from the test engine into the VM engine, as `docker save | docker load`.
    t = Date.now()
    const save = spawn('docker', ['save', 'berth-fixture/base'], { env: { ...process.env, DOCKER_HOST: requireTestEngine() } })
    await engine.docker.loadImage(save.stdout).then((stream) => new Promise((r) => engine.docker.modem.followProgress(stream, r)))
    timings.load = Date.now() - t
  }, 900_000)

  afterAll(async () => {
    if (vm) {
      await vm.stop().catch(() => undefined)
      vm.dispose()
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    if (shareDir) rmSync(shareDir, { recursive: true, force: true })
    console.log(`[vm.int.test] timings ${JSON.stringify(timings)}`)
  }, 120_000)

  it('answers as an engine of kind vm through Berth', async () => {
    expect(engine.kind).toBe('vm')
    expect(engine.summary().state.status).toBe('connected')
    const version = await engine.docker.version()
    expect(version.Os).toBe('linux')
    expect((await engine.docker.getImage('berth-fixture/base').inspect()).RepoTags).toContain('berth-fixture/base:latest')
    // dockerd runs without iptables; /init loaded the NAT rule containers reach out through, and the
    // forward chain that lets out only docker0 and the bridges Berth put in @egress.
    const nat = await sshExec(vm.manager.settings.sshPort, vm.manager.vmKeys!, '/usr/sbin/nft list table inet berth; cat /proc/sys/net/ipv4/ip_forward')
    expect(nat).toMatch(/oifname "eth0" ip saddr != 10\.0\.2\.15 masquerade/)
    expect(nat).toMatch(/hook forward priority filter; policy drop;/)
    expect(nat).toMatch(/iifname @egress oifname "eth0" accept/)
    expect(nat.trim().endsWith('1')).toBe(true)
  })

  it('runs a container whose logs and exec work', async () => {
    const container = await engine.docker.createContainer({
      Image: 'berth-fixture/base',
      name: 'berth-vm-logs',
      Cmd: ['sh', '-c', 'echo hello-from-vm; sleep 600'],
      Labels: { 'berth.test': 'vm' },
      HostConfig: { NetworkMode: 'none' },
    })
    await container.start()
    await until(async () => expect(await output(engine, container.id)).toContain('hello-from-vm'))
    const exec = await container.exec({ Cmd: ['cat', '/proc/1/cmdline'], AttachStdout: true, AttachStderr: true })
    const stream = await exec.start({})
    const text = await new Promise<string>((r) => {
      let s = ''
      stream.on('data', (d: Buffer) => (s += d.toString('latin1')))
      stream.on('end', () => r(s))
    })
    expect(text).toContain('sleep')
    await container.remove({ force: true })
  }, 120_000)

  it('answers a published port on the host 127.0.0.1', async () => {
    const port = await freePort()
    const container = await engine.docker.createContainer({
      Image: 'berth-fixture/base',
      name: 'berth-vm-port',
      Cmd: ['sh', '-c', 'while true; do echo port-answer | nc -l -p 7000; done'],
      Labels: { 'berth.test': 'vm' },
      ExposedPorts: { '7000/tcp': {} },
      HostConfig: { PortBindings: { '7000/tcp': [{ HostPort: String(port) }] } },
    })
    await container.start()
    expect(await until(() => readPort(port).then((t) => (t.includes('port-answer') ? t : Promise.reject(new Error(t)))))).toContain('port-answer')
    expect(vm.forwardedPorts).toContain(`tcp:${port}`)
    await container.remove({ force: true })
    await until(async () => expect(vm.forwardedPorts).not.toContain(`tcp:${port}`))
  }, 180_000)

  it('keeps user-defined networks apart as Docker does, while containers on one network reach each other', async () => {
    // Traffic stays inside the guest: two bridges of the VM's own dockerd.
    const docker = engine.docker
    const networks = await Promise.all(['berth-vm-net-a', 'berth-vm-net-b'].map((Name) => docker.createNetwork({ Name, Labels: { 'berth.test': 'vm' } })))
    const listen = async (name: string, network: string, answer: string) => {
      const c = await docker.createContainer({
        Image: 'berth-fixture/base',
        name,
        Cmd: ['sh', '-c', `echo ready; while true; do echo ${answer} | nc -l -p 7001; done`],
        Labels: { 'berth.test': 'vm' },
        HostConfig: { NetworkMode: network },
      })
      await c.start()
      // Listening, so an unanswered connection means a dropped one, not one too early.
      await until(async () => expect(await output(engine, c.id)).toContain('ready'))
      return (await c.inspect()).NetworkSettings.Networks[network]!.IPAddress
    }
    try {
      const [sameIp, otherIp] = await Promise.all([listen('berth-vm-iso-same', 'berth-vm-net-a', 'same-network'), listen('berth-vm-iso-other', 'berth-vm-net-b', 'other-network')])
      const client = await docker.createContainer({
        Image: 'berth-fixture/base',
        name: 'berth-vm-iso-client',
        Cmd: ['sh', '-c', `echo "same:$(nc -w 3 ${sameIp} 7001 </dev/null)"; echo "other:$(nc -w 2 ${otherIp} 7001 </dev/null)"`],
        Labels: { 'berth.test': 'vm' },
        HostConfig: { NetworkMode: 'berth-vm-net-a' },
      })
      await client.start()
      await client.wait()
      const text = await output(engine, client.id)
      expect(text).toContain('same:same-network')
      expect(text).toContain('other:')
      expect(text).not.toContain('other:other-network')
    } finally {
      for (const name of ['berth-vm-iso-client', 'berth-vm-iso-same', 'berth-vm-iso-other']) await docker.getContainer(name).remove({ force: true }).catch(() => undefined)
      for (const n of networks) await n.remove().catch(() => undefined)
    }
  }, 180_000)

  it('keeps an --internal network inside its subnet, while the default bridge and a network created after boot reach out', async () => {
    // Two addresses that answer from a network that may reach out, even with restrictNetwork:
    // QEMU's user-net gateway answers pings itself, and the VM's own address has sshd on port 22.
    const docker = engine.docker
    const probe = 'ping -c 1 -W 2 10.0.2.2 >/dev/null 2>&1 && echo gateway:yes || echo gateway:no; echo "ssh:$(nc -w 2 10.0.2.15 22 </dev/null | head -c 7)"'
    // Berth opens a new network's egress once it sees the create event: the first tries may be dropped.
    const patient = `for i in $(seq 20); do ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 && break; sleep 0.5; done; ${probe}`
    const reach = async (name: string, network: string, script: string) => {
      const c = await docker.createContainer({ Image: 'berth-fixture/base', name, Cmd: ['sh', '-c', script], Labels: { 'berth.test': 'vm' }, HostConfig: { NetworkMode: network } })
      await c.start()
      await c.wait()
      return output(engine, c.id)
    }
    const created = await Promise.all([
      docker.createNetwork({ Name: 'berth-vm-net-open', Labels: { 'berth.test': 'vm' } }),
      docker.createNetwork({ Name: 'berth-vm-net-internal', Internal: true, Labels: { 'berth.test': 'vm' } }),
    ])
    try {
      const [open, bridge] = await Promise.all([reach('berth-vm-egress-open', 'berth-vm-net-open', patient), reach('berth-vm-egress-bridge', 'bridge', patient)])
      for (const text of [open, bridge]) {
        expect(text).toContain('gateway:yes')
        expect(text).toContain('ssh:SSH-2.0')
      }
      const internal = await reach('berth-vm-egress-internal', 'berth-vm-net-internal', probe)
      expect(internal).toContain('gateway:no')
      expect(internal).toMatch(/ssh:\s*$/m)
      // What Berth told the guest: the open network's bridge may reach out, the internal one's may not.
      const [openBridge, internalBridge] = (await Promise.all(created.map((n) => n.inspect()))).map((n) => `br-${n.Id.slice(0, 12)}`)
      const set = await sshExec(vm.manager.settings.sshPort, vm.manager.vmKeys!, '/usr/sbin/nft list set inet berth egress')
      expect(set).toContain(openBridge!)
      expect(set).not.toContain(internalBridge!)
    } finally {
      for (const name of ['berth-vm-egress-open', 'berth-vm-egress-bridge', 'berth-vm-egress-internal']) await docker.getContainer(name).remove({ force: true }).catch(() => undefined)
      for (const n of created) await n.remove().catch(() => undefined)
    }
  }, 180_000)

  it('reads a bind-mounted host folder (the home folder is shared at the same path)', async () => {
    const container = await engine.docker.createContainer({
      Image: 'berth-fixture/base',
      name: 'berth-vm-bind',
      Cmd: ['cat', '/mnt/hello.txt'],
      Labels: { 'berth.test': 'vm' },
      HostConfig: { NetworkMode: 'none', Binds: [`${shareDir}:/mnt:ro`] },
    })
    await container.start()
    await container.wait()
    expect(await output(engine, container.id)).toContain('from the host')
    await container.remove()
  }, 120_000)

  it('keeps running after Berth quits when the person chose so, and the next Berth takes it back without booting', async () => {
    const port = await freePort()
    const container = await engine.docker.createContainer({
      Image: 'berth-fixture/base',
      name: 'berth-vm-kept-port',
      Cmd: ['sh', '-c', 'while true; do echo kept-answer | nc -l -p 7002; done'],
      Labels: { 'berth.test': 'vm' },
      ExposedPorts: { '7002/tcp': {} },
      HostConfig: { PortBindings: { '7002/tcp': [{ HostPort: String(port) }] } },
    })
    await container.start()
    const answers = () => until(() => readPort(port).then((t) => (t.includes('kept-answer') ? t : Promise.reject(new Error(t)))))
    await answers()
    const pid = vm.manager.status().pid!
    expect(qemuProcesses(stateDir)).toEqual([pid])

    // Berth quits (dispose) with keepRunning: QEMU and its forwards stay.
    vm.keepRunning = true
    vm.dispose()
    await new Promise((r) => setTimeout(r, 1000))
    expect(() => process.kill(pid, 0)).not.toThrow()
    expect(await answers()).toContain('kept-answer')

    // The next Berth: its VM service takes the VM back as it is made, and the engine connects without a click.
    writeFileSync(join(stateDir, 'settings.json'), JSON.stringify({ vm: { sshPort: options.settings.sshPort, settings: { cpus: 2, memoryMiB: 1024, diskGiB: 4, keepRunning: true }, guideDone: true } }))
    const core = createCore({ env: { DOCKER_HOST: requireTestEngine(), BERTH_VM_GUEST: guestDir }, logger: silentLogger, dataDir, home: homedir() })
    try {
      await until(async () => expect(core.engines.get('vm').summary().state.status).toBe('connected'), 30_000)
      const status = await core.router.invoke({ emit() {} }, 'vm:status', [])
      expect(status).toMatchObject({ ok: true, value: { state: { status: 'running' }, kept: true, engineId: 'vm', settings: { keepRunning: true } } })
      expect(qemuProcesses(stateDir)).toEqual([pid])
      // The choice may change while the VM runs; its resources may not (they are on QEMU's command line).
      expect(await core.router.invoke({ emit() {} }, 'vm:setSettings', [{ cpus: 2, memoryMiB: 1024, diskGiB: 4, keepRunning: true }])).toMatchObject({ ok: true })
      expect(await core.router.invoke({ emit() {} }, 'vm:setSettings', [{ cpus: 1, memoryMiB: 1024, diskGiB: 4 }])).toMatchObject({ ok: false, error: { code: 'MUST_STOP_FIRST' } })
    } finally {
      // Quitting again with keepRunning: still running.
      await core.dispose()
    }
    expect(() => process.kill(pid, 0)).not.toThrow()

    // The next Berth on the same state folder adopts it: same QEMU, no boot, the engine answers.
    const t = Date.now()
    vm = new BerthVm(options)
    engine = await vm.start()
    timings.adopt = Date.now() - t
    expect(vm.manager.status()).toMatchObject({ state: { status: 'running' }, pid, adopted: true })
    expect(qemuProcesses(stateDir)).toEqual([pid])
    expect((await engine.docker.version()).Os).toBe('linux')
    // The port mirror learnt the running container's port again (the old forward was replaced by its own).
    await until(async () => expect(vm.forwardedPorts).toContain(`tcp:${port}`))
    expect(await answers()).toContain('kept-answer')
    // Through the new engine: the old one went with the Berth that quit.
    await engine.docker.getContainer(container.id).remove({ force: true })
    await until(async () => expect(vm.forwardedPorts).not.toContain(`tcp:${port}`))
  }, 180_000)

  it('keeps an image and a volume across a VM restart', async () => {
    // The VM running here is the one taken back above: restart stops it (by pid, not as a child) and boots anew.
    const adopted = vm.manager.status().pid
    await engine.docker.createVolume({ Name: 'berth-vm-keep', Labels: { 'berth.test': 'vm' } })
    const writer = await engine.docker.createContainer({
      Image: 'berth-fixture/base',
      Cmd: ['sh', '-c', 'echo kept > /v/file'],
      Labels: { 'berth.test': 'vm' },
      HostConfig: { NetworkMode: 'none', Binds: ['berth-vm-keep:/v'] },
    })
    await writer.start()
    await writer.wait()
    await writer.remove()
    const t = Date.now()
    engine = await vm.restart()
    timings.restart = Date.now() - t
    expect(vm.manager.status().adopted).toBe(false)
    expect(qemuProcesses(stateDir)).toEqual([vm.manager.status().pid])
    if (adopted) expect(() => process.kill(adopted, 0)).toThrow()
    expect((await engine.docker.getImage('berth-fixture/base').inspect()).Id).toMatch(/^sha256:/)
    const reader = await engine.docker.createContainer({
      Image: 'berth-fixture/base',
      Cmd: ['cat', '/v/file'],
      HostConfig: { NetworkMode: 'none', Binds: ['berth-vm-keep:/v'] },
    })
    await reader.start()
    await reader.wait()
    expect(await output(engine, reader.id)).toContain('kept')
    await reader.remove()
  }, 600_000)

  it('without keepRunning, Berth quitting (dispose) leaves no QEMU behind', async () => {
    const pid = vm.manager.status().pid!
    expect(vm.keepRunning).toBe(false)
    vm.dispose()
    await until(async () => expect(() => process.kill(pid, 0)).toThrow(), 10_000)
    expect(qemuProcesses(stateDir)).toEqual([])
    vm = new BerthVm(options)
  }, 60_000)

  it('detects and reports QEMU being killed, and stop leaves no process behind', async () => {
    const t = Date.now()
    engine = await vm.start()
    timings.boot2 = Date.now() - t
    expect(vm.manager.status().adopted).toBe(false)
    const pid = vm.manager.status().pid!
    process.kill(pid, 'SIGKILL')
    await until(async () => expect(vm.manager.status().state.status).toBe('crashed'), 30_000)
    const state = vm.manager.status().state
    expect(state.status === 'crashed' && state.reason).toMatch(/killed \(SIGKILL\)/)
    await vm.stop()
    expect(vm.manager.status().pid).toBeUndefined()
    expect(() => process.kill(pid, 0)).toThrow()
    const { stdout } = await run('ps', ['-eo', 'args']).catch(() => ({ stdout: '' }))
    expect(stdout).not.toContain(stateDir)
  }, 120_000)
})
