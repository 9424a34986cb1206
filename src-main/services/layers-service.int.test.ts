import Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileNode, ImageLayers, ImageStack, LayerAnalysisChunk } from '../../src-shared/models/layer'
import { createCore, type Core } from '../core'
import { collectStream } from '../images/testing/router-stream'
import { silentLogger } from '../platform/logger'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'

const client = { emit: () => undefined }

/** go-units' HumanSizeWithPrecision(size, 4), which `docker system df -v` prints. */
function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let size = bytes
  let i = 0
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000
    i++
  }
  return `${Number(size.toPrecision(4))}${units[i]}`
}

describe('layers service on the test engine', () => {
  let core: Core
  const docker = new Dockerode({ socketPath: requireTestEngine().replace('unix://', '') })
  const call = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const result = await core.router.invoke(client, channel, args)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value as T
  }

  beforeAll(async () => {
    core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 15_000, 'engine')
  })
  afterAll(async () => core?.dispose())

  it('finds the layers app-a and app-b share with base, by chain', async () => {
    const [base, a, b] = (await Promise.all(['berth-fixture/base', 'berth-fixture/app-a', 'berth-fixture/app-b'].map((ref) => call<ImageLayers>('layers:list', 'local', ref)))) as [ImageLayers, ImageLayers, ImageLayers]
    const ids = (await dockerCli('image', 'inspect', '--format', '{{.Id}}', 'berth-fixture/base', 'berth-fixture/app-a', 'berth-fixture/app-b')).trim().split('\n')
    for (const layer of base.layers.filter((l) => !l.empty)) {
      const names = base.sharedWith[layer.chainId as string]?.map((r) => r.id)
      expect(names).toEqual(expect.arrayContaining([ids[1], ids[2]]))
    }
    // app-a's own layers are shared with nobody (among the fixtures).
    const own = a.layers.filter((l) => !l.empty).slice(3)
    expect(own.length).toBe(2)
    for (const layer of own) expect(a.sharedWith[layer.chainId as string]?.map((r) => r.id)).not.toContain(ids[2])
    expect(b.sharedWith[b.layers.find((l) => l.createdBy.startsWith('RUN mkdir -p /data'))?.chainId as string]).toEqual([])
  })

  it('gives unique and shared sizes equal to the engine\'s /system/df and to docker system df -v', async () => {
    const df = (await docker.df()) as { Images: { Id: string; Size: number; SharedSize: number }[] }
    const cli = (await dockerCli('system', 'df', '-v', '--format', '{{json .Images}}')).trim()
    const cliRows = JSON.parse(cli) as { ID: string; SharedSize: string; UniqueSize: string }[]
    for (const ref of ['berth-fixture/base', 'berth-fixture/app-a', 'berth-fixture/app-b', 'berth-fixture/whiteout']) {
      const mine = await call<ImageLayers>('layers:list', 'local', ref)
      const engine = df.Images.find((i) => i.Id === mine.imageId)
      expect(mine.sharedSize, ref).toBe(engine?.SharedSize)
      expect(mine.uniqueSize, ref).toBe((engine?.Size ?? 0) - (engine?.SharedSize ?? 0))
      const row = cliRows.find((r) => r.ID === mine.imageId)
      expect([humanSize(mine.sharedSize), humanSize(mine.uniqueSize)], ref).toEqual([row?.SharedSize, row?.UniqueSize])
    }
  })

  it('draws the overview with every fixture, base chain first', async () => {
    const stacks = await call<ImageStack[]>('layers:overview', 'local')
    const base = stacks.find((s) => s.repoTags.includes('berth-fixture/base:latest'))
    const app = stacks.find((s) => s.repoTags.includes('berth-fixture/app-b:latest'))
    expect(app?.layers.slice(0, base?.layers.length).map((l) => l.chainId)).toEqual(base?.layers.map((l) => l.chainId))
  })

  it('computes the whiteout fixture\'s removals and waste to the byte', async () => {
    const { chunks, error } = await collectStream<LayerAnalysisChunk>(core, 'layers:analyze', ['local', 'berth-fixture/whiteout'])
    expect(error).toBeUndefined()
    const done = chunks.at(-1)
    if (done?.type !== 'done') throw new Error('no result')
    const progress = chunks.filter((c) => c.type === 'progress')
    expect(progress.at(-1)).toMatchObject({ type: 'progress', progress: { description: 'Done' } })
    const { analysis } = done
    // /junk/big 100000 + /junk/over 30000 + /junk/dir/a 10000 + /junk/dir/b 20000 + /opq/old 7000.
    expect(analysis.wastedBytes).toBe(167_000)
    expect(analysis.worstOffenders.slice(0, 5).map((w) => [w.path, w.wastedBytes])).toEqual([
      ['/junk/big', 100_000], ['/junk/over', 30_000], ['/junk/dir/b', 20_000], ['/junk/dir/a', 10_000], ['/opq/old', 7000],
    ])
    const top3 = analysis.layers.slice(-3)
    expect(top3.map((l) => [l.added, l.removed])).toEqual([[9, 0], [0, 2], [1, 0]])
    // The sum over layers minus the waste is what the container sees.
    const merged = await call<FileNode[]>('layers:tree', 'local', 'berth-fixture/whiteout', 'merged', '/')
    expect(analysis.totalBytes - analysis.wastedBytes).toBe(merged.reduce((s, n) => s + n.size, 0))
    expect((await call<FileNode[]>('layers:tree', 'local', 'berth-fixture/whiteout', 'merged', '/junk')).map((n) => [n.name, n.size])).toEqual([['over', 40_000]])
    expect((await call<FileNode[]>('layers:tree', 'local', 'berth-fixture/whiteout', 'merged', '/opq')).map((n) => n.name)).toEqual(['new'])
    // The layer that removed things shows them as removed; the last one's /opq is opaque.
    const layerOf = (n: number) => top3[n]?.index as number
    expect((await call<FileNode[]>('layers:tree', 'local', 'berth-fixture/whiteout', layerOf(1), '/junk')).map((n) => [n.name, n.change])).toEqual([['dir', 'removed'], ['big', 'removed'], ['over', 'modified']])
    expect((await call<FileNode[]>('layers:tree', 'local', 'berth-fixture/whiteout', layerOf(2), '/')).find((n) => n.name === 'opq')).toMatchObject({ opaque: true, change: 'modified' })
    expect(analysis.efficiency).toBeGreaterThan(0.9)
    expect(analysis.efficiency).toBeLessThan(1)
  })

  it('says what is wrong with a bad reference or a missing image', async () => {
    expect(await core.router.invoke(client, 'layers:list', ['local', 'NOT valid'])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await core.router.invoke(client, 'layers:list', ['local', 'berth-layers-test-missing:1'])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const stepWithoutFiles = await core.router.invoke(client, 'layers:tree', ['local', 'berth-fixture/whiteout', 9999, '/'])
    expect(stepWithoutFiles).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
