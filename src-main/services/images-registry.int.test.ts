import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferChunk } from '../../src-shared/models/image'
import { createCore, type Core } from '../core'
import { collectStream } from '../images/testing/router-stream'
import { startTestRegistry, TEST_REGISTRY } from '../images/testing/test-registry'
import { silentLogger } from '../platform/logger'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'

const client = { emit: () => undefined }
const repo = `${TEST_REGISTRY.address}/berth-images-${process.pid}/pushed`

describe('pull, push, login and logout against the private registry', () => {
  let core: Core
  let stopRegistry: () => Promise<void>
  const configDir = mkdtempSync(join(tmpdir(), 'berth-images-docker-config-'))
  const invoke = (channel: string, ...args: unknown[]) => core.router.invoke(client, channel, args)
  const config = () => JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { auths?: Record<string, { auth?: string }> }

  beforeAll(async () => {
    stopRegistry = await startTestRegistry()
    core = createCore({ env: { DOCKER_HOST: requireTestEngine(), DOCKER_CONFIG: configDir }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 15_000, 'engine')
    // An image of this run's own: base's layers (present locally) plus one new layer.
    const context = mkdtempSync(join(tmpdir(), 'berth-images-push-ctx-'))
    writeFileSync(join(context, 'Dockerfile'), `FROM berth-fixture/base\nRUN echo ${process.pid}-${Date.now()} > /stamp && dd if=/dev/zero of=/blob bs=1000 count=300\n`)
    await dockerCli('build', '-q', '--network', 'none', '-t', `${repo}:1`, context)
    rmSync(context, { recursive: true, force: true })
  }, 120_000)

  afterAll(async () => {
    await dockerCli('rmi', `${repo}:1`).catch(() => undefined)
    await core?.dispose()
    await stopRegistry?.()
    rmSync(configDir, { recursive: true, force: true })
  })

  it('refuses a push before login, and a wrong password, with UNAUTHORIZED', async () => {
    const push = await collectStream<TransferChunk>(core, 'images:push', ['local', `${repo}:1`])
    expect(push.error?.code).toBe('UNAUTHORIZED')
    const wrong = await invoke('images:login', 'local', { server: TEST_REGISTRY.address, username: TEST_REGISTRY.username, password: 'wrong' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    if (!wrong.ok) expect(wrong.error.message).toMatch(/Check the username and password/)
  })

  it('logs in and stores the credentials in DOCKER_CONFIG/config.json like docker login', async () => {
    expect(await invoke('images:login', 'local', { server: TEST_REGISTRY.address, username: TEST_REGISTRY.username, password: TEST_REGISTRY.password })).toMatchObject({ ok: true, value: { status: 'Login Succeeded' } })
    expect(Buffer.from(config().auths?.[TEST_REGISTRY.address]?.auth ?? '', 'base64').toString()).toBe('berth:berth-secret')
    expect(await invoke('images:registries')).toEqual({ ok: true, value: [{ server: TEST_REGISTRY.address, username: 'berth', store: 'file' }] })
  })

  it('pushes with one bar that reaches its end', async () => {
    const { chunks, error } = await collectStream<TransferChunk>(core, 'images:push', ['local', `${repo}:1`])
    expect(error).toBeUndefined()
    const bars = chunks.flatMap((c) => (c.type === 'progress' ? [c.progress] : []))
    const last = bars.at(-1)
    expect(last && last.max > 0 && last.current === last.max).toBe(true)
    expect(bars.every((p, i) => i === 0 || p.current >= (bars[i - 1]?.current ?? 0) || p.max !== bars[i - 1]?.max)).toBe(true)
    expect(chunks.at(-1)).toMatchObject({ type: 'done', reference: `${repo}:1`, digest: expect.stringMatching(/^sha256:/) })
  })

  it('pulls it back: layers that exist locally say so, and the bar reaches its end', async () => {
    const id = (await dockerCli('image', 'inspect', '--format', '{{.Id}}', `${repo}:1`)).trim()
    await dockerCli('rmi', `${repo}:1`)
    const { chunks, error } = await collectStream<TransferChunk>(core, 'images:pull', ['local', `${repo}:1`])
    expect(error).toBeUndefined()
    const last = chunks.filter((c) => c.type === 'progress').at(-1)
    if (last?.type !== 'progress') throw new Error('no progress')
    expect(last.progress.current).toBe(last.progress.max)
    expect(last.layers.length).toBeGreaterThan(0)
    expect(last.layers.every((l) => l.done)).toBe(true)
    expect(last.layers.some((l) => l.status === 'Already exists')).toBe(true)
    expect(last.layers.some((l) => l.status === 'Pull complete')).toBe(true)
    expect((await dockerCli('image', 'inspect', '--format', '{{.Id}}', `${repo}:1`)).trim()).toBe(id)
  })

  it('logs out, after which the registry refuses a pull', async () => {
    expect(await invoke('images:logout', TEST_REGISTRY.address)).toEqual({ ok: true })
    expect(config().auths?.[TEST_REGISTRY.address]).toBeUndefined()
    expect(await invoke('images:logout', TEST_REGISTRY.address)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const pull = await collectStream<TransferChunk>(core, 'images:pull', ['local', `${repo}:1`])
    expect(pull.error?.code).toBe('UNAUTHORIZED')
  })

  it('a pull of a tag the registry lacks says NOT_FOUND or UNAUTHORIZED, never hangs', async () => {
    const pull = await collectStream<TransferChunk>(core, 'images:pull', ['local', `${repo}:missing`])
    expect(['NOT_FOUND', 'UNAUTHORIZED']).toContain(pull.error?.code)
  })
})
