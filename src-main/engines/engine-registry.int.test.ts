import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineSummary } from '../../src-shared/models/engine'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import { eventually, requireTestEngine } from '../testing/test-engine'

const client = { emit() {} }

async function invoke<T>(core: Core, channel: string, args: unknown[]): Promise<T> {
  const result = await core.router.invoke(client, channel, args)
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
  return result.value as T
}

describe('several engines at once', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-engines-data-'))
  let core: Core
  let dead: EngineSummary

  beforeAll(() => {
    core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger, dataDir })
  })
  afterAll(async () => {
    await core.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a dead engine never blocks the others', async () => {
    dead = await invoke<EngineSummary>(core, 'engines:add', [{ name: 'gone', endpoint: `unix://${dataDir}/nothing-here.sock` }])
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'local connected')
    const state = await eventually(() => {
      const s = core.engines.get(dead.id).summary().state
      return s.status === 'disconnected' ? s : undefined
    }, 10_000, 'the dead engine disconnected')
    expect(state!.reason).toMatch(/Cannot reach unix:\/\/.*nothing-here\.sock \(ENOENT\)/)
    // The live engine answers while the dead one keeps failing.
    const info = await invoke<{ serverVersion: string }>(core, 'system:info', ['local'])
    expect(info.serverVersion).toBeTruthy()
    const failed = await core.router.invoke(client, 'system:info', [dead.id])
    expect(failed).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } })
  })

  it('tests a connection once: the version, or a clear error', async () => {
    const ok = await invoke<{ version: { apiVersion: string }; capabilities: { flavor: string } }>(core, 'engines:test', [{ name: 'x', endpoint: requireTestEngine() }])
    expect(ok.capabilities.flavor).toBe('docker')
    const failed = await core.router.invoke(client, 'engines:test', [{ name: 'x', endpoint: `unix://${dataDir}/none.sock` }])
    expect(failed).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/Is the engine running\?/) } })
    const bad = await core.router.invoke(client, 'engines:test', [{ name: 'x', endpoint: 'ftp://nope' }])
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('refuses bad input before it reaches the registry', async () => {
    for (const args of [[{ name: '', endpoint: 'unix:///x' }], [{ name: 'a', endpoint: 'unix:///x', extra: 1 }], [{ name: 'a'.repeat(101), endpoint: 'unix:///x' }]]) {
      expect(await core.router.invoke(client, 'engines:add', args)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(await core.router.invoke(client, 'engines:add', [{ name: 'GONE', endpoint: 'unix:///x.sock' }])).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.router.invoke(client, 'engines:remove', ['local'])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await core.router.invoke(client, 'engines:setCurrent', ['no-such'])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('remembers added engines, the current one and those turned off', async () => {
    await invoke(core, 'engines:setCurrent', [dead.id])
    const off = await invoke<EngineSummary>(core, 'engines:setEnabled', [dead.id, false])
    expect(off).toMatchObject({ enabled: false, current: true, state: { status: 'disconnected', problem: { kind: 'turnedOff' } } })
    await invoke(core, 'engines:update', [dead.id, { name: 'renamed', endpoint: `unix://${dataDir}/other.sock` }])
    const saved = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { engines: { added: { config: { name: string } }[] } }
    expect(saved.engines.added.map((e) => e.config.name)).toEqual(['renamed'])

    const again = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger, dataDir })
    try {
      const list = await invoke<EngineSummary[]>(again, 'engines:list', [])
      expect(list.find((e) => e.id === dead.id)).toMatchObject({ name: 'renamed', current: true, enabled: false, endpoint: `unix://${dataDir}/other.sock`, source: 'added' })
      await invoke(again, 'engines:remove', [dead.id])
      expect((await invoke<EngineSummary[]>(again, 'engines:list', [])).map((e) => [e.id, e.current])).toEqual([['local', true]])
    } finally {
      await again.dispose()
    }
  })
})

describe('docker contexts', () => {
  const home = mkdtempSync(join(tmpdir(), 'berth-contexts-'))
  const dockerConfig = join(home, 'docker-config')
  let core: Core

  beforeAll(() => {
    const writeContext = (name: string, host: string) => {
      const dir = join(dockerConfig, 'contexts/meta', createHash('sha256').update(name).digest('hex'))
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: 'test' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }))
    }
    writeContext('berth-test', requireTestEngine())
    writeContext('remote-box', 'ssh://deploy@box.invalid:2222')
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ currentContext: 'remote-box' }))
    // No DOCKER_HOST: the docker CLI would use the current context.
    core = createCore({ env: { DOCKER_CONFIG: dockerConfig }, home, logger: silentLogger, discover: { contexts: true } })
  })
  afterAll(async () => {
    await core.dispose()
    rmSync(home, { recursive: true, force: true })
  })

  it('discovers each context with its endpoint, and starts on the current one', async () => {
    const list = await invoke<EngineSummary[]>(core, 'engines:list', [])
    expect(list.find((e) => e.id === 'context:berth-test')).toMatchObject({ name: 'berth-test', source: 'context', context: 'berth-test', endpoint: requireTestEngine(), kind: 'local' })
    expect(list.find((e) => e.id === 'context:remote-box')).toMatchObject({ source: 'context', kind: 'ssh', endpoint: 'ssh://deploy@box.invalid:2222', current: true })
    await eventually(() => core.engines.get('context:berth-test').isConnected, 10_000, 'the context engine connected')
  })
})
