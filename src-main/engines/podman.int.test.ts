import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineEvent, EngineSummary } from '../../src-shared/models/engine'
import type { StreamEvent } from '../../src-shared/models/stream'
import { createCore, type Core } from '../core'
import { FollowClient } from '../logs/testing/follow-client'
import { silentLogger } from '../platform/logger'
import { eventually } from '../testing/test-engine'
import { podmanCli, requireTestPodman } from '../testing/test-podman'

// Berth's services against Debian's Podman (scripts/test-podman.sh). Each difference found is
// either handled (normalised, or answered through another route) or marked in the capabilities.
const LABEL = 'berth.test=engines-podman'
let core: Core
const client = { events: [] as StreamEvent[], emit(e: StreamEvent) { this.events.push(e) } }

async function invoke<T>(channel: string, args: unknown[]): Promise<T> {
  const result = await core.router.invoke(client, channel, args)
  if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.message}`), result.error)
  return result.value as T
}

/** Runs a stream to its end and answers its chunks. */
async function collect<T>(channel: string, args: unknown[]): Promise<T[]> {
  const { streamId } = await invoke<{ streamId: string }>(channel, args)
  const end = (await eventually(() => client.events.find((e) => e.streamId === streamId && e.type === 'end'), 20_000, `${channel} to end`)) as Extract<StreamEvent, { type: 'end' }>
  if (end.error) throw Object.assign(new Error(end.error.message), end.error)
  return client.events.filter((e) => e.streamId === streamId && e.type === 'chunk').map((e) => (e as { data: T }).data)
}

let containerId: string

beforeAll(async () => {
  const host = await requireTestPodman()
  core = createCore({ env: { DOCKER_HOST: host }, logger: silentLogger })
  await eventually(() => core.engines.get('local').isConnected, 20_000, 'podman connected')
  containerId = (await podmanCli('run', '--network', 'none', '--label', LABEL, '--name', 'berth-engines-podman', 'berth-fixture/base', 'sh', '-c', 'for i in $(seq 1 300); do echo line $i; done')).trim()
  containerId = (await podmanCli('inspect', '--format', '{{.Id}}', 'berth-engines-podman')).trim()
}, 600_000)

afterAll(async () => {
  await podmanCli('rm', '-f', 'berth-engines-podman').catch(() => undefined)
  await core?.dispose()
})

describe('Podman through Berth', () => {
  it('is detected as Podman, with its differences in the capabilities', async () => {
    const [engine] = await invoke<EngineSummary[]>('engines:list', [])
    expect(engine!.version?.platformName).toMatch(/Podman/)
    expect(engine!.capabilities).toMatchObject({ flavor: 'podman', systemDf: false, historyIds: false, logsFollowComplete: false, dockerEventNames: false })
  })

  it('lists and inspects containers', async () => {
    const list = await invoke<{ id: string }[]>('containers:list', ['local'])
    expect(list.map((c) => c.id)).toContain(containerId)
    const detail = await invoke<{ id: string }>('containers:inspect', ['local', containerId])
    expect(detail.id).toBe(containerId)
  })

  it("shows an image's history, with Podman's <missing> ids", async () => {
    const layers = await invoke<unknown>('layers:list', ['local', 'berth-fixture/base'])
    expect(JSON.stringify(layers)).toMatch(/CMD/)
  })

  it('lists images and volumes', async () => {
    await podmanCli('volume', 'create', '--label', LABEL, 'berth-engines-podman-vol')
    try {
      const volumes = await invoke<{ name: string }[]>('volumes:list', ['local'])
      expect(volumes.map((v) => v.name)).toContain('berth-engines-podman-vol')
      const images = await invoke<{ repoTags: string[] }[]>('images:list', ['local'])
      expect(JSON.stringify(images)).toContain('berth-fixture/base')
    } finally {
      await podmanCli('volume', 'rm', 'berth-engines-podman-vol')
    }
  })

  it("reads a finished container's whole log", async () => {
    const chunks = await collect<{ data: string }>('logs:read', ['local', containerId])
    const text = Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64'))).toString()
    expect(text.trim().split('\n')).toHaveLength(300)
  })

  it("names Podman's events as Docker does (remove → destroy)", async () => {
    const seen: EngineEvent[] = []
    const subscription = core.engines.get('local').onEvent((e) => seen.push(e))
    try {
      const id = (await podmanCli('create', '--network', 'none', '--label', LABEL, 'berth-fixture/base')).trim()
      await podmanCli('rm', id)
      const destroyed = await eventually(() => seen.find((e) => e.type === 'container' && e.action === 'destroy'), 10_000, 'destroy event')
      expect(destroyed!.attributes.podmanAction).toBe('remove')
    } finally {
      subscription.dispose()
    }
  })

  it("follows a finished container's log: every line exactly once (history first, then follow)", async () => {
    const follower = await new FollowClient(core).follow('local', containerId, { tail: 'all' })
    try {
      await eventually(() => follower.markerKinds().includes('stopped'), 20_000, 'the stopped marker')
      expect(follower.lines().map((l) => l.text)).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i + 1}`))
    } finally {
      await follower.cancel()
    }
  })

  it('follows a fast container from its start to its exit: every line exactly once', async () => {
    const id = (await podmanCli('create', '--network', 'none', '--label', LABEL, 'berth-fixture/base', 'sh', '-c', 'for i in $(seq 1 3000); do echo fast $i; done')).trim()
    try {
      await podmanCli('start', id)
      const follower = await new FollowClient(core).follow('local', id, { tail: 'all' })
      try {
        await eventually(() => follower.markerKinds().includes('stopped'), 20_000, 'the stopped marker')
        expect(follower.lines().map((l) => l.text)).toEqual(Array.from({ length: 3000 }, (_, i) => `fast ${i + 1}`))
      } finally {
        await follower.cancel()
      }
    } finally {
      await podmanCli('rm', '-f', id)
    }
  })

  it('says why disk usage is unavailable rather than answering zeros', async () => {
    await expect(invoke('disk:usage', ['local'])).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/Podman.*\/system\/df.*unusable/) })
    await expect(invoke('disk:prunePreview', ['local', { kinds: ['containers'], allImages: false }])).rejects.toMatchObject({ code: 'UNSUPPORTED' })
  })

  it('names Podman in system.version as the connection does', async () => {
    const version = await invoke<{ platformName?: string }>('system:version', ['local'])
    expect(version.platformName).toMatch(/Podman/)
  })
})
