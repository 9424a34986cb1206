import type Dockerode from 'dockerode'
import type { DiskApi } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { DiskKind, DiskPruneItem, DiskPrunePreview, DiskPruneResult, DiskUsage } from '../../src-shared/models/disk'
import { isDangling, summarizeDiskUsage, type RawDiskUsage } from '../disk/disk-usage'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { engineCall } from './engine-call'

/** The order a prune removes things: containers first, so what they held is free next. */
const ORDER: DiskKind[] = ['containers', 'images', 'volumes', 'buildCache']

export class DiskService implements DiskApi {
  constructor(private readonly registry: EngineRegistry) {}

  async usage(engineId: string): Promise<DiskUsage> {
    return summarizeDiskUsage(await this.df(this.registry.get(engineId)))
  }

  async prunePreview(engineId: string, options: { kinds: DiskKind[]; allImages: boolean }): Promise<DiskPrunePreview> {
    const engine = this.registry.get(engineId)
    const df = await this.df(engine)
    const kinds = ORDER.filter((k) => options.kinds.includes(k))
    // Volumes only when the person listed them: they hold data that exists nowhere else.
    const items = candidates(df, options.allImages)
      .filter((i) => kinds.includes(i.kind) && (i.kind !== 'volumes' || options.kinds.includes('volumes')))
      // In the order a prune removes them.
      .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    return { kinds, items, totalBytes: items.reduce((s, i) => s + i.sizeBytes, 0) }
  }

  async prune(engineId: string, requested: Array<{ kind: DiskKind; id: string }>): Promise<DiskPruneResult> {
    const engine = this.registry.get(engineId)
    const now = new Map(candidates(await this.df(engine), true).map((i) => [`${i.kind}/${i.id}`, i]))
    const changed = requested.filter((r) => !now.has(`${r.kind}/${r.id}`))
    if (changed.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Nothing was removed: ${changed.length} of the items listed ${changed.length === 1 ? 'is' : 'are'} now in use or gone since the preview. Look at the list again.`,
        { changed },
      )
    }
    const items = [...new Map(requested.map((r) => [`${r.kind}/${r.id}`, now.get(`${r.kind}/${r.id}`) as DiskPruneItem])).values()]
    items.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    const removed: DiskPruneItem[] = []
    const cache = items.filter((i) => i.kind === 'buildCache')
    for (const item of items.filter((i) => i.kind !== 'buildCache')) {
      await this.removeOne(engine, item)
      removed.push(item)
    }
    if (cache.length > 0) {
      // Filtered by id: the builder removes exactly these records.
      const filters = JSON.stringify({ id: Object.fromEntries(cache.map((c) => [c.id, true])) })
      await engineCall(engine, () => engine.docker.pruneBuilder({ filters } as Dockerode.PruneBuilderOptions))
      removed.push(...cache)
    }
    return { removed, reclaimedBytes: removed.reduce((s, i) => s + i.sizeBytes, 0) }
  }

  private async removeOne(engine: EngineConnection, item: DiskPruneItem): Promise<void> {
    switch (item.kind) {
      case 'containers':
        // `v: false`: a container's volumes stay; removing volumes is always its own, explicit choice.
        return engineCall(engine, () => engine.docker.getContainer(item.id).remove({ v: false, force: false }))
      case 'volumes':
        return engineCall(engine, () => engine.docker.getVolume(item.id).remove())
      case 'images': {
        // An image with several tags is untagged one tag at a time (never forced), then removed.
        const info = await engineCall(engine, () => engine.docker.getImage(item.id).inspect())
        for (const tag of info.RepoTags ?? []) await engineCall(engine, () => engine.docker.getImage(tag).remove({ force: false, noprune: false }))
        const left = await engineCall(engine, () => engine.docker.getImage(item.id).inspect()).catch(() => undefined)
        if (left) await engineCall(engine, () => engine.docker.getImage(item.id).remove({ force: false, noprune: false }))
        return
      }
      default:
        return
    }
  }

  private df(engine: EngineConnection): Promise<RawDiskUsage> {
    // Zeros would read as "nothing to free", and a prune chosen from mangled tags could hit the
    // wrong image: say why instead (usage, preview and prune all read df).
    if (!engine.capabilities.systemDf) throw unsupportedDf()
    return engineCall(engine, () => engine.docker.df() as Promise<RawDiskUsage>)
  }
}

function unsupportedDf(): AppError {
  return new AppError(
    'UNSUPPORTED',
    "Disk usage is not available for this engine: Podman's /system/df answers unusable figures (zero sizes, mangled image names). See sizes on the Images and Volumes pages, or run `podman system df` on the engine's machine.",
    { capability: 'systemDf' },
  )
}

/** Everything a prune could remove now, with what removing it frees. */
function candidates(df: RawDiskUsage, allImages: boolean): DiskPruneItem[] {
  const { items } = summarizeDiskUsage(df)
  const images = new Map((df.Images ?? []).map((i) => [i.Id, i]))
  return items.filter((i) => {
    if (i.inUse) return false
    if (i.kind === 'images') return allImages || isDangling(images.get(i.id)?.RepoTags)
    return true
  }).map(({ kind, id, name, sizeBytes }) => ({ kind, id, name, sizeBytes }))
}
