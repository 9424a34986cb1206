import type Dockerode from 'dockerode'
import type { StreamSink, VolumesApi } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type {
  BindMount,
  ContainerRef,
  PruneResult,
  TransferChunk,
  VolumeCreateRequest,
  VolumeFileContent,
  VolumePrunePreview,
  VolumeSummary,
  VolumeTree,
} from '../../src-shared/models/volumes'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { nameContainers, readContainerUsage } from '../volumes/container-usage'
import type { HelperImage } from '../volumes/helper-image'
import { VolumeFiles, volumeExists } from '../volumes/volume-files'
import { VolumeUploads } from '../volumes/volume-uploads'
import { engineCall } from './engine-call'

type RawVolume = Dockerode.VolumeInspectInfo & { CreatedAt?: string }

const COMPOSE_PROJECT = 'com.docker.compose.project'

/** A volume Docker named itself for an anonymous mount. */
export const isAnonymousVolume = (name: string, labels: Record<string, string> | null | undefined): boolean =>
  /^[0-9a-f]{64}$/.test(name) || labels?.['com.docker.volume.anonymous'] !== undefined

export class VolumesService implements VolumesApi {
  private readonly files: VolumeFiles
  private readonly uploads = new VolumeUploads()

  constructor(
    private readonly registry: EngineRegistry,
    helper: HelperImage,
  ) {
    this.files = new VolumeFiles(helper)
  }

  async list(engineId: string): Promise<VolumeSummary[]> {
    const engine = this.registry.get(engineId)
    const [volumes, usage, sizes] = await Promise.all([
      engineCall(engine, () => engine.docker.listVolumes()),
      readContainerUsage(engine),
      volumeSizes(engine),
    ])
    return ((volumes.Volumes ?? []) as RawVolume[])
      .map((v) => toSummary(v, usage.volumes.get(v.Name) ?? [], sizes.get(v.Name)))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  async create(engineId: string, request: VolumeCreateRequest): Promise<VolumeSummary> {
    const engine = this.registry.get(engineId)
    if (await volumeExists(engine, request.name)) {
      throw new AppError('CONFLICT', `A volume named "${request.name}" exists already: pick another name.`)
    }
    await engineCall(engine, () =>
      engine.docker.createVolume({
        Name: request.name,
        Driver: request.driver ?? 'local',
        DriverOpts: request.driverOptions ?? {},
        Labels: request.labels ?? {},
      }),
    )
    return this.summary(engine, request.name)
  }

  async remove(engineId: string, name: string): Promise<void> {
    const engine = this.registry.get(engineId)
    const users = (await readContainerUsage(engine)).volumes.get(name) ?? []
    if (users.length > 0) throw inUse(name, users)
    await engineCall(engine, () => engine.docker.getVolume(name).remove()).catch(explainRemoveFailure(name))
  }

  async prunePreview(engineId: string, options: { includeNamed: boolean }): Promise<VolumePrunePreview> {
    const candidates = await this.unused(this.registry.get(engineId))
    const items = candidates.filter((v) => v.anonymous || options.includeNamed)
    return { items, totalBytes: items.reduce((sum, v) => sum + (v.sizeBytes ?? 0), 0) }
  }

  async prune(engineId: string, names: string[]): Promise<PruneResult> {
    const engine = this.registry.get(engineId)
    const unused = new Map((await this.unused(engine)).map((v) => [v.name, v]))
    const changed = names.filter((n) => !unused.has(n))
    if (changed.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Nothing was removed: ${changed.map((n) => `"${n}"`).join(', ')} ${changed.length === 1 ? 'is' : 'are'} now in use or gone since the preview. Look at the list again.`,
        { changed },
      )
    }
    const removed: string[] = []
    let reclaimedBytes = 0
    for (const name of new Set(names)) {
      await engineCall(engine, () => engine.docker.getVolume(name).remove()).catch(explainRemoveFailure(name, removed))
      removed.push(name)
      reclaimedBytes += unused.get(name)?.sizeBytes ?? 0
    }
    return { removed, reclaimedBytes }
  }

  browse(engineId: string, name: string): Promise<VolumeTree> {
    return this.files.browse(this.registry.get(engineId), name)
  }

  readFile(engineId: string, name: string, path: string): Promise<VolumeFileContent> {
    return this.files.readFile(this.registry.get(engineId), name, path)
  }

  download(engineId: string, name: string, path: string, sink: StreamSink<TransferChunk>): Promise<void> {
    return this.files.download(this.registry.get(engineId), name, path, sink)
  }

  export(engineId: string, name: string, sink: StreamSink<TransferChunk>): Promise<void> {
    return this.files.export(this.registry.get(engineId), name, sink)
  }

  exportToPath(engineId: string, name: string, path: string, options: { overwrite: boolean }): Promise<{ bytes: number }> {
    return this.files.exportToPath(this.registry.get(engineId), name, path, options.overwrite)
  }

  async importBegin(engineId: string, name: string): Promise<{ uploadId: string }> {
    const engine = this.registry.get(engineId)
    await this.files.prepareImportTarget(engine, name)
    return { uploadId: this.uploads.begin(engineId, name, (input) => this.files.unpackInto(engine, name, input)) }
  }

  importChunk(engineId: string, uploadId: string, base64: string): Promise<{ bytes: number }> {
    return this.uploads.chunk(engineId, uploadId, base64)
  }

  async importEnd(engineId: string, uploadId: string): Promise<VolumeSummary> {
    const name = await this.uploads.end(engineId, uploadId)
    return this.summary(this.registry.get(engineId), name)
  }

  importAbort(engineId: string, uploadId: string): void {
    this.uploads.abort(engineId, uploadId)
  }

  async importFromPath(engineId: string, name: string, path: string): Promise<VolumeSummary> {
    const engine = this.registry.get(engineId)
    await this.files.importFromPath(engine, name, path)
    return this.summary(engine, name)
  }

  async clone(engineId: string, source: string, target: string): Promise<VolumeSummary> {
    const engine = this.registry.get(engineId)
    await this.files.clone(engine, source, target)
    return this.summary(engine, target)
  }

  async bindMounts(engineId: string): Promise<BindMount[]> {
    return (await readContainerUsage(this.registry.get(engineId))).bindMounts
  }

  dispose(): void {
    this.uploads.dispose()
  }

  private async summary(engine: EngineConnection, name: string): Promise<VolumeSummary> {
    const volume = (await this.list(engine.id)).find((v) => v.name === name)
    if (!volume) throw new AppError('NOT_FOUND', `No volume named "${name}" on this engine: it may have been removed.`)
    return volume
  }

  /** Volumes no container uses, running or not: the only ones a prune may touch. */
  private async unused(engine: EngineConnection): Promise<VolumePrunePreview['items']> {
    return (await this.list(engine.id))
      .filter((v) => v.containers.length === 0)
      .map((v) => ({ name: v.name, sizeBytes: v.sizeBytes, anonymous: v.anonymous }))
  }
}

/** Sizes from /system/df; an engine that cannot say gives no sizes rather than no list. */
export async function volumeSizes(engine: EngineConnection): Promise<Map<string, number>> {
  const df = (await engineCall(engine, () => engine.docker.df()).catch(() => undefined)) as
    | { Volumes?: Array<{ Name: string; UsageData?: { Size: number } | null }> | null }
    | undefined
  const sizes = new Map<string, number>()
  for (const v of df?.Volumes ?? []) {
    const size = v.UsageData?.Size
    if (typeof size === 'number' && size >= 0) sizes.set(v.Name, size)
  }
  return sizes
}

function toSummary(v: RawVolume, containers: ContainerRef[], size: number | undefined): VolumeSummary {
  const labels = v.Labels ?? {}
  return {
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    scope: v.Scope ?? 'local',
    ...(v.CreatedAt ? { createdAt: new Date(v.CreatedAt).toISOString() } : {}),
    labels,
    driverOptions: v.Options ?? {},
    ...(labels[COMPOSE_PROJECT] ? { composeProject: labels[COMPOSE_PROJECT] } : {}),
    anonymous: isAnonymousVolume(v.Name, labels),
    sizeBytes: size ?? null,
    containers,
  }
}

function inUse(name: string, users: ContainerRef[]): AppError {
  return new AppError(
    'CONFLICT',
    `The volume "${name}" is used by ${users.length === 1 ? 'the container' : 'the containers'} ${nameContainers(users)}. Remove ${users.length === 1 ? 'that container' : 'those containers'} first (a stopped container still holds its volumes); the volume's data stays until then.`,
    { containers: users },
  )
}

const explainRemoveFailure = (name: string, removedSoFar?: string[]) => (error: unknown) => {
  const done = removedSoFar?.length ? ` (already removed: ${removedSoFar.join(', ')})` : ''
  if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', `No volume named "${name}" on this engine${done}.`)
  if (error instanceof AppError && error.code === 'CONFLICT') {
    throw new AppError('CONFLICT', `The engine refused to remove "${name}" because something uses it now${done}: ${error.message}`)
  }
  throw error
}
