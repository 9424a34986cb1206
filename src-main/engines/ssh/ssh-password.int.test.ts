import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppError } from '../../../src-shared/errors'
import type { EngineConfig, EngineSummary } from '../../../src-shared/models/engine'
import { createCore, type Core } from '../../core'
import { silentLogger } from '../../platform/logger'
import { dockerCli, eventually, requireTestEngine, TEST_ENGINE_DIR } from '../../testing/test-engine'
import { requireTestSshd, testSshd, testSshdPassword } from '../../testing/test-sshd'

// Password login: the test sshd lets only its own user (berth-test-pw) log in, by password only.
const client = { emit() {} }
let core: Core
let home: string

/** The password user's engine; its key is not accepted there (that user has no authorized keys). */
function config(): EngineConfig {
  return {
    name: 'password login',
    endpoint: `ssh://${testSshd.passwordUser}@127.0.0.1:${testSshd.port}`,
    ssh: { identityFile: testSshd.clientKey, remoteSocket: `${TEST_ENGINE_DIR}/docker.sock` },
  }
}

async function invoke<T>(channel: string, args: unknown[]): Promise<T> {
  const result = await core.router.invoke(client, channel, args)
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
  return result.value as T
}

async function failure(channel: string, args: unknown[]): Promise<AppError> {
  const result = await core.router.invoke(client, channel, args)
  if (result.ok) throw new Error(`${channel} succeeded`)
  return result.error as unknown as AppError
}

beforeAll(async () => {
  requireTestEngine()
  await requireTestSshd()
  home = mkdtempSync(join(tmpdir(), 'berth-ssh-password-'))
  const knownHostsPath = join(home, 'known_hosts')
  const pub = readFileSync(testSshd.hostKeyPub, 'utf8').split(' ').slice(0, 2).join(' ')
  writeFileSync(knownHostsPath, `[127.0.0.1]:${testSshd.port} ${pub}\n`)
  core = createCore({
    env: {},
    logger: silentLogger,
    home,
    engineOptions: { ssh: { home, knownHostsPath, configPath: join(home, 'config'), globalKnownHostsPaths: [], agentSocket: undefined }, healthIntervalMs: 1000 },
  })
}, 300_000)

afterAll(async () => {
  await core?.dispose()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('SSH password login', () => {
  const problem = { kind: 'password', user: testSshd.passwordUser, host: '127.0.0.1', port: testSshd.port }

  it('asks for the password when no key is accepted and the server allows passwords', async () => {
    const error = await failure('engines:test', [config()])
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.details).toEqual({ ...problem, wrong: false })
    expect(error.message).toMatch(/allows a password\. Type berth-test-pw's password/)
  })

  it('refuses a wrong password clearly, and connects with the right one', async () => {
    const wrong = await failure('engines:test', [config(), null, 'not the password'])
    expect(wrong.code).toBe('UNAUTHORIZED')
    expect(wrong.details).toEqual({ ...problem, wrong: true })
    expect(wrong.message).toMatch(/refused that password for berth-test-pw\. Type it again\./)

    const ok = await invoke<{ version: { version: string } }>('engines:test', [config(), null, testSshdPassword()])
    expect(ok.version.version).toBe((await dockerCli('version', '--format', '{{.Server.Version}}')).trim())
  })

  it('does not offer a password to a server that does not ask for one (root: keys only)', async () => {
    const rootConfig = { ...config(), endpoint: testSshd.address, ssh: { ...config().ssh, identityFile: testSshd.wrongKey } }
    const error = await failure('engines:test', [rootConfig, null, 'anything'])
    expect(error.details).toMatchObject({ kind: 'authFailed', user: 'root', tried: [testSshd.wrongKey] })
  })

  it('an added engine waits for the password, in memory, then connects once given it', async () => {
    const added = await invoke<EngineSummary>('engines:add', [config()])
    const stateOf = () => core.engines.get(added.id).summary().state as { problem?: { kind: string; wrong?: boolean } }
    await eventually(() => stateOf().problem?.kind === 'password', 15_000, 'the password question')
    await invoke('engines:unlock', [added.id, 'not the password', true])
    await eventually(() => stateOf().problem?.wrong === true, 15_000, 'the wrong password refused')
    await invoke('engines:unlock', [added.id, testSshdPassword(), false])
    await eventually(() => core.engines.get(added.id).isConnected, 15_000, 'connected with the password')
    // Browser mode keeps secrets in memory only: nothing with the password was written.
    const written = readdirRecursive(home).map((f) => readFileSync(f, 'utf8')).join('\n')
    expect(written).not.toContain(testSshdPassword())
    await invoke('engines:remove', [added.id])
  })
})

function readdirRecursive(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? readdirRecursive(path) : [path]
  })
}
