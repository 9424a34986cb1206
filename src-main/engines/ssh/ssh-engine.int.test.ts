import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppError } from '../../../src-shared/errors'
import type { EngineConfig, EngineEvent, EngineSummary } from '../../../src-shared/models/engine'
import { createCore, type Core } from '../../core'
import { FollowClient } from '../../logs/testing/follow-client'
import { streamOpenerOf } from './ssh-agent'
import { silentLogger } from '../../platform/logger'
import { dockerCli, eventually, requireTestEngine, TEST_ENGINE_DIR } from '../../testing/test-engine'
import { requireTestSshd, testSshd, testSshdFingerprint, testSshdPid } from '../../testing/test-sshd'

const run = promisify(execFile)
const client = { emit() {} }
const REMOTE_SOCKET = `${TEST_ENGINE_DIR}/docker.sock`

/** A core whose SSH files live in a temporary home: known_hosts starts empty (or as given). */
function sshCore(knownHosts = ''): { core: Core; home: string; knownHostsPath: string } {
  const home = mkdtempSync(join(tmpdir(), 'berth-ssh-home-'))
  const knownHostsPath = join(home, 'known_hosts')
  if (knownHosts) writeFileSync(knownHostsPath, knownHosts)
  const core = createCore({
    env: {},
    logger: silentLogger,
    home,
    engineOptions: { ssh: { home, knownHostsPath, configPath: join(home, 'config'), globalKnownHostsPaths: [], agentSocket: undefined }, healthIntervalMs: 1000 },
  })
  return { core, home, knownHostsPath }
}

function config(patch: Partial<EngineConfig['ssh']> = {}, name = 'test sshd'): EngineConfig {
  return { name, endpoint: testSshd.address, ssh: { identityFile: testSshd.clientKey, remoteSocket: REMOTE_SOCKET, ...patch } }
}

async function invoke<T>(core: Core, channel: string, args: unknown[]): Promise<T> {
  const result = await core.router.invoke(client, channel, args)
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
  return result.value as T
}

async function failure(core: Core, channel: string, args: unknown[]): Promise<AppError> {
  const result = await core.router.invoke(client, channel, args)
  if (result.ok) throw new Error(`${channel} succeeded`)
  return result.error as unknown as AppError
}

const stateOf = (core: Core, id: string): EngineSummary['state'] => core.engines.get(id).summary().state

beforeAll(async () => {
  requireTestEngine()
  await requireTestSshd()
}, 300_000)

describe('an SSH engine through the test sshd', () => {
  let ctx: ReturnType<typeof sshCore>
  let id: string
  const label = 'berth.test=engines-ssh'

  beforeAll(() => {
    ctx = sshCore()
  })
  afterAll(async () => {
    await ctx.core.dispose()
    rmSync(ctx.home, { recursive: true, force: true })
    const ids = (await dockerCli('ps', '-aq', '--filter', `label=${label}`)).split('\n').filter(Boolean)
    if (ids.length) await dockerCli('rm', '-f', ...ids)
  })

  it('does not trust an unknown host key: it waits, showing the fingerprint OpenSSH prints', async () => {
    const added = await invoke<EngineSummary>(ctx.core, 'engines:add', [config()])
    id = added.id
    expect(added).toMatchObject({ kind: 'ssh', source: 'added', endpoint: `ssh://root@127.0.0.1:${testSshd.port}` })
    const state = (await eventually(() => {
      const s = stateOf(ctx.core, id)
      return s.status === 'disconnected' ? s : undefined
    }, 15_000, 'the host key question'))!
    const fingerprint = await testSshdFingerprint()
    expect(state.problem).toEqual({ kind: 'hostKeyUnknown', host: '127.0.0.1', port: testSshd.port, keyType: 'ssh-ed25519', fingerprint })
    expect(state.retryAt).toBeUndefined()
    expect(state.reason).toContain(fingerprint)
    expect(existsSync(ctx.knownHostsPath)).toBe(false)
    // A test connection says the same, as a typed error the UI can branch on.
    const error = await failure(ctx.core, 'engines:test', [config()])
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.details).toMatchObject({ kind: 'hostKeyUnknown', fingerprint })
  })

  it('refuses to trust a fingerprint the host did not present', async () => {
    const error = await failure(ctx.core, 'engines:trustHostKey', ['127.0.0.1', testSshd.port, `SHA256:${'A'.repeat(43)}`])
    expect(error.code).toBe('NOT_FOUND')
    expect(existsSync(ctx.knownHostsPath)).toBe(false)
  })

  it('trusts it once accepted (written to known_hosts), then lists the containers the CLI sees', async () => {
    const fingerprint = await testSshdFingerprint()
    await invoke(ctx.core, 'engines:trustHostKey', ['127.0.0.1', testSshd.port, fingerprint])
    const pub = readFileSync(testSshd.hostKeyPub, 'utf8').split(' ').slice(0, 2).join(' ')
    expect(readFileSync(ctx.knownHostsPath, 'utf8')).toBe(`[127.0.0.1]:${testSshd.port} ${pub}\n`)
    await eventually(() => ctx.core.engines.get(id).isConnected, 15_000, 'connected over SSH')
    const cli = (await dockerCli('version', '--format', '{{.Server.Version}}')).trim()
    expect(ctx.core.engines.get(id).summary().version?.version).toBe(cli)

    const made = (await dockerCli('create', '--network', 'none', '--label', label, '--name', 'berth-engines-ssh-list', 'berth-fixture/base')).trim()
    const engine = ctx.core.engines.get(id)
    const listed = await engine.docker.listContainers({ all: true, filters: { label: [label] } })
    expect(listed.map((c) => c.Id)).toEqual([made])
  })

  it('keeps ONE SSH connection for many requests', async () => {
    const engine = ctx.core.engines.get(id)
    const logins = () => readFileSync(`${testSshd.dir}/sshd.log`, 'utf8').split('Accepted publickey').length
    const before = logins()
    await Promise.all(Array.from({ length: 8 }, () => engine.docker.ping()))
    await engine.docker.listContainers()
    expect(logins()).toBe(before)
  })

  it('follows a container’s log over the SSH connection: the lines the CLI prints, stderr marked', async () => {
    const made = (await dockerCli('create', '--network', 'none', '--label', label, 'berth-fixture/base', 'sh', '-c', 'for i in $(seq 1 2000); do echo "out $i"; done; echo oops >&2; sleep 600')).trim()
    await dockerCli('start', made)
    // Read over one channel of the engine's SSH session, without Node's HTTP client.
    expect(streamOpenerOf((ctx.core.engines.get(id).docker.modem as { agent?: unknown }).agent)).toBeDefined()
    const client = await new FollowClient(ctx.core).follow(id, made, { tail: 'all' })
    try {
      await eventually(() => client.lines().length >= 2001, 20_000, 'every line over SSH')
      const lines = client.lines()
      expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(Array.from({ length: 2000 }, (_, i) => `out ${i + 1}`))
      expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['oops'])
      // Then live: a line written now arrives on the same stream.
      await dockerCli('exec', made, 'sh', '-c', 'echo late > /proc/1/fd/1')
      await eventually(() => client.lines().some((l) => l.text === 'late'), 10_000, 'a live line')
    } finally {
      await client.cancel()
      await dockerCli('rm', '-f', made)
    }
  })

  it('reconnects when the SSH connection drops mid-stream, events included', async () => {
    const engine = ctx.core.engines.get(id)
    const seen: EngineEvent[] = []
    const subscription = engine.onEvent((e) => seen.push(e))
    const states: string[] = []
    const watching = engine.onStateChange((s) => states.push(s.state.status))
    // Kill the sshd processes serving this connection (children of our test sshd only).
    for (const pid of await sshdChildren()) process.kill(pid, 'SIGKILL')
    await eventually(() => states.includes('disconnected') || states.includes('connecting'), 10_000, 'the drop noticed')
    await eventually(() => engine.isConnected, 20_000, 'reconnected')
    const made = (await dockerCli('create', '--network', 'none', '--label', label, 'berth-fixture/base')).trim()
    await eventually(() => seen.find((e) => e.type === 'container' && e.action === 'create' && e.id === made), 10_000, 'an event after the drop')
    subscription.dispose()
    watching.dispose()
  })
})

describe('SSH refusals', () => {
  let trusted: ReturnType<typeof sshCore>

  beforeAll(async () => {
    const pub = readFileSync(testSshd.hostKeyPub, 'utf8').split(' ').slice(0, 2).join(' ')
    trusted = sshCore(`[127.0.0.1]:${testSshd.port} ${pub}\n`)
  })
  afterAll(async () => {
    await trusted.core.dispose()
    rmSync(trusted.home, { recursive: true, force: true })
  })

  it('refuses a CHANGED host key loudly, and will not trust it', async () => {
    const other = readFileSync(testSshd.otherHostKeyPub, 'utf8').split(' ').slice(0, 2).join(' ')
    const known = `# mine\n[127.0.0.1]:${testSshd.port} ${other}\n`
    const changed = sshCore(known)
    try {
      const error = await failure(changed.core, 'engines:test', [config()])
      expect(error.code).toBe('UNAUTHORIZED')
      expect(error.message).toMatch(/WARNING: the host key of \[127\.0\.0\.1\]:\d+ has CHANGED.*line 2/)
      expect(error.details).toMatchObject({ kind: 'hostKeyChanged', fingerprint: await testSshdFingerprint(), line: 2, knownHostsPath: changed.knownHostsPath })
      const trust = await failure(changed.core, 'engines:trustHostKey', ['127.0.0.1', testSshd.port, await testSshdFingerprint()])
      expect(trust.code).toBe('NOT_FOUND')
      expect(readFileSync(changed.knownHostsPath, 'utf8')).toBe(known)
    } finally {
      await changed.core.dispose()
      rmSync(changed.home, { recursive: true, force: true })
    }
  })

  it('refuses a wrong client key with a clear message', async () => {
    const error = await failure(trusted.core, 'engines:test', [config({ identityFile: testSshd.wrongKey })])
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.message).toMatch(/refused to log in root with .*wrong_key.*authorized_keys/)
    expect(error.details).toMatchObject({ kind: 'authFailed', user: 'root', tried: [testSshd.wrongKey] })
  })

  it('asks for a key passphrase, says when it is wrong, and connects with the right one', async () => {
    const locked = config({ identityFile: testSshd.lockedKey })
    const ask = await failure(trusted.core, 'engines:test', [locked])
    expect(ask.details).toEqual({ kind: 'passphrase', keyPath: testSshd.lockedKey, wrong: false })
    const wrong = await failure(trusted.core, 'engines:test', [locked, 'not it'])
    expect(wrong.details).toMatchObject({ kind: 'passphrase', wrong: true })
    const ok = await invoke<{ version: { version: string } }>(trusted.core, 'engines:test', [locked, testSshd.lockedKeyPassphrase])
    expect(ok.version.version).toBe((await dockerCli('version', '--format', '{{.Server.Version}}')).trim())

    // An added engine with that key waits for the passphrase, then connects once unlocked.
    const added = await invoke<EngineSummary>(trusted.core, 'engines:add', [{ ...locked, name: 'locked' }])
    await eventually(() => (stateOf(trusted.core, added.id) as { problem?: { kind: string } }).problem?.kind === 'passphrase', 15_000, 'the passphrase question')
    await invoke(trusted.core, 'engines:unlock', [added.id, testSshd.lockedKeyPassphrase, false])
    await eventually(() => trusted.core.engines.get(added.id).isConnected, 15_000, 'connected with the passphrase')
  })

  it('says so when the remote engine socket is missing', async () => {
    const error = await failure(trusted.core, 'engines:test', [config({ remoteSocket: '/nonexistent/docker.sock' })])
    expect(error.code).toBe('ENGINE_UNREACHABLE')
    expect(error.message).toMatch(/would not open \/nonexistent\/docker\.sock/)
  })
})

async function sshdChildren(): Promise<number[]> {
  const { stdout } = await run('pgrep', ['-P', String(testSshdPid())]).catch(() => ({ stdout: '' }))
  return stdout.split('\n').filter(Boolean).map(Number).sort()
}
