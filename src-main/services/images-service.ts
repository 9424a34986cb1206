import type { IncomingMessage } from 'node:http'
import type Dockerode from 'dockerode'
import type { ImagesApi, StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type {
  BuildChunk,
  BuildOptions,
  ImageDetail,
  ImagePruneMode,
  ImagePrunePreview,
  ImagePruneResult,
  ImageRemoveResult,
  ImageSummary,
  RegistryAccount,
  TransferChunk,
} from '../../src-shared/models/image'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { packContext } from '../images/build-context'
import { DockerConfig, normaliseServer, registryOf } from '../images/docker-config'
import { countContainers, imageRows, prunePlan } from '../images/image-rows'
import { followBuild, followTransfer } from '../images/transfer'
import { transferError } from '../images/transfer-progress'
import type { LayerIndexes } from '../layers/layer-indexes'
import { engineCall } from './engine-call'

type RawImage = Awaited<ReturnType<Dockerode.Image['inspect']>>

export class ImagesService implements ImagesApi {
  constructor(
    private readonly registry: EngineRegistry,
    private readonly indexes: LayerIndexes,
    private readonly config: DockerConfig,
  ) {}

  async list(engineId: string): Promise<ImageSummary[]> {
    const engine = this.registry.get(engineId)
    const [images, containers] = await engineCall(engine, () => Promise.all([engine.docker.listImages({ all: false }), engine.docker.listContainers({ all: true })]))
    return imageRows(images, countContainers(containers))
  }

  async inspect(engineId: string, reference: string): Promise<ImageDetail> {
    const engine = this.registry.get(engineId)
    const raw = await this.inspectRaw(engine, reference)
    const containers = await this.containersUsing(engine, raw.Id)
    const c = raw.Config ?? ({} as RawImage['Config'])
    return {
      id: raw.Id,
      repoTags: raw.RepoTags ?? [],
      repoDigests: raw.RepoDigests ?? [],
      parent: raw.Parent || undefined,
      comment: raw.Comment || undefined,
      created: raw.Created,
      author: raw.Author || undefined,
      architecture: raw.Architecture,
      variant: (raw as { Variant?: string }).Variant,
      os: raw.Os,
      size: raw.Size,
      layerCount: raw.RootFS?.Layers?.length ?? 0,
      config: {
        user: c.User || undefined,
        cmd: (c.Cmd as string[] | null) ?? undefined,
        entrypoint: (c.Entrypoint as string[] | null | undefined) ?? undefined,
        env: c.Env ?? [],
        workingDir: c.WorkingDir || undefined,
        exposedPorts: Object.keys(c.ExposedPorts ?? {}),
        volumes: Object.keys(c.Volumes ?? {}),
        labels: c.Labels ?? {},
        stopSignal: (c as { StopSignal?: string }).StopSignal,
      },
      containers,
    }
  }

  async remove(engineId: string, reference: string, options: { force: boolean }): Promise<ImageRemoveResult> {
    const engine = this.registry.get(engineId)
    const raw = await this.inspectRaw(engine, reference)
    const tags = raw.RepoTags ?? []
    const byTag = tags.includes(reference) || tags.includes(`${reference}:latest`)
    const deletesImage = !byTag || tags.length <= 1
    if (!options.force && !byTag && tags.length > 1) {
      throw new AppError('CONFLICT', `${short(raw.Id)} has ${tags.length} tags (${tags.join(', ')}). Remove the tags one by one, or force to delete the image with all its tags.`, { tags })
    }
    if (!options.force && deletesImage) {
      const users = await this.containersUsing(engine, raw.Id)
      if (users.length > 0) {
        const names = users.map((u) => u.name).join(', ')
        throw new AppError('CONFLICT', `${reference} is used by ${users.length === 1 ? 'container' : 'containers'} ${names}. Remove ${users.length === 1 ? 'it' : 'them'} first, or force (the image is deleted; stopped containers lose it).`, { containers: users })
      }
    }
    const answer = (await engineCall(engine, () => engine.docker.getImage(byTag ? reference : raw.Id).remove({ force: options.force }))) as { Untagged?: string; Deleted?: string }[]
    return {
      untagged: answer.flatMap((a) => (a.Untagged ? [a.Untagged] : [])),
      deleted: answer.flatMap((a) => (a.Deleted ? [a.Deleted] : [])),
    }
  }

  async tag(engineId: string, source: string, repoTag: string): Promise<{ repoTag: string }> {
    const engine = this.registry.get(engineId)
    const raw = await this.inspectRaw(engine, source)
    const { repo, tag } = splitRepoTag(repoTag)
    await engineCall(engine, () => engine.docker.getImage(raw.Id).tag({ repo, tag }))
    return { repoTag: `${repo}:${tag}` }
  }

  async prunePreview(engineId: string, mode: ImagePruneMode): Promise<ImagePrunePreview> {
    const engine = this.registry.get(engineId)
    const [heads, containers] = await engineCall(engine, () => Promise.all([engine.docker.listImages({ all: false }), engine.docker.listContainers({ all: true })]))
    const images = await engineCall(engine, () => this.indexes.of(engine).images())
    const used = new Set(containers.map((c) => c.ImageID))
    const dangling = new Set(imageRows(heads, new Map()).filter((r) => r.dangling).map((r) => r.id))
    const created = new Map(heads.map((h) => [h.Id, new Date(h.Created * 1000).toISOString()]))
    return { mode, ...prunePlan(images, used, dangling, mode, created) }
  }

  async prune(engineId: string, mode: ImagePruneMode, ids: string[]): Promise<ImagePruneResult> {
    const engine = this.registry.get(engineId)
    const preview = await this.prunePreview(engineId, mode)
    const now = new Set(preview.images.map((i) => i.id))
    const asked = new Set(ids)
    if (now.size !== asked.size || [...asked].some((id) => !now.has(id))) {
      throw new AppError('CONFLICT', 'What a prune would remove has changed since the preview (an image or container came or went). Look at the new preview and confirm again.', { preview })
    }
    const removed: ImagePrunePreview['images'] = []
    const failed: { id: string; message: string }[] = []
    for (const item of preview.images) {
      try {
        // Tag by tag, never forced: a container created since the preview makes the engine refuse.
        const refs = item.repoTags.length > 0 ? item.repoTags : [item.id]
        for (const ref of refs) await engineCall(engine, () => engine.docker.getImage(ref).remove({ force: false }))
        removed.push(item)
      } catch (error) {
        failed.push({ id: item.id, message: (error as Error).message })
      }
    }
    if (failed.length > 0) {
      throw new AppError('CONFLICT', `Removed ${removed.length} of ${preview.images.length} images; ${failed.length} could not go: ${failed.map((f) => `${short(f.id)} (${f.message})`).join('; ')}`, { removed, failed })
    }
    return { removed, spaceReclaimed: preview.spaceReclaimed }
  }

  async pull(engineId: string, reference: string, sink: StreamSink<TransferChunk>): Promise<void> {
    const engine = this.registry.get(engineId)
    const ref = /:[\w][\w.-]*$|@sha256:/.test(reference.split('/').pop() ?? '') ? reference : `${reference}:latest`
    const auth = await this.config.credentials(registryOf(ref))
    const response = (await engineCall(engine, () => engine.docker.pull(ref, auth ? { authconfig: auth } : {}).catch(asTransferError('pull')))) as IncomingMessage
    await followTransfer(response, 'pull', ref, sink)
  }

  async push(engineId: string, repoTag: string, sink: StreamSink<TransferChunk>): Promise<void> {
    const engine = this.registry.get(engineId)
    const { repo, tag } = splitRepoTag(repoTag)
    await this.inspectRaw(engine, `${repo}:${tag}`)
    const auth = await this.config.credentials(registryOf(repo))
    // The engine wants an X-Registry-Auth header even for an anonymous push.
    const authconfig = auth ?? { username: '', password: '', serveraddress: registryOf(repo) }
    const response = (await engineCall(engine, () => engine.docker.getImage(repo).push({ tag, authconfig }).catch(asTransferError('push')))) as IncomingMessage
    await followTransfer(response, 'push', `${repo}:${tag}`, sink)
  }

  async build(engineId: string, options: BuildOptions, sink: StreamSink<BuildChunk>): Promise<void> {
    const engine = this.registry.get(engineId)
    const dockerfile = options.dockerfile ?? 'Dockerfile'
    const context = await packContext(options.contextPath, dockerfile, sink.signal)
    const registryconfig: Record<string, { username: string; password: string }> = {}
    for (const account of await this.config.accounts()) {
      const creds = await this.config.credentials(account.server)
      if (creds) registryconfig[account.server] = { username: creds.username, password: creds.password }
    }
    const response = (await engineCall(engine, () =>
      engine.docker.buildImage(context, {
        t: options.tags,
        dockerfile,
        buildargs: options.buildArgs,
        target: options.target ?? '',
        nocache: options.noCache,
        pull: options.pull ? 'true' : undefined,
        labels: options.labels,
        rm: true,
        forcerm: true,
        // Builds stay off the network unless the person's engine gives them one; the classic builder is what 20.10 speaks.
        version: '1',
        registryconfig,
      } as unknown as Dockerode.ImageBuildOptions),
    )) as IncomingMessage
    const imageId = await followBuild(response, sink)
    if (!sink.signal.aborted) sink.next({ type: 'done', imageId, tags: options.tags })
  }

  registries(): Promise<RegistryAccount[]> {
    return this.config.accounts()
  }

  async login(engineId: string, login: { server: string; username: string; password: string }): Promise<{ status: string }> {
    const engine = this.registry.get(engineId)
    const credentials = { username: login.username, password: login.password, serveraddress: login.server }
    const answer = (await engineCall(engine, () => engine.docker.checkAuth(credentials)).catch((error: AppError) => {
      throw error.code === 'UNAUTHORIZED' || error.code === 'INTERNAL'
        ? new AppError('UNAUTHORIZED', `${normaliseServer(login.server)} refused the login: ${error.message.replace(/^.*?:\s*(?=[a-z])/i, '')}. Check the username and password.`)
        : error
    })) as { Status?: string }
    await this.config.store(credentials)
    return { status: answer.Status ?? 'Login Succeeded' }
  }

  logout(server: string): Promise<void> {
    return this.config.erase(server)
  }

  private async inspectRaw(engine: EngineConnection, reference: string): Promise<RawImage> {
    return engineCall(engine, () => engine.docker.getImage(reference).inspect()).catch((error: AppError) => {
      throw error.code === 'NOT_FOUND' ? new AppError('NOT_FOUND', `No image ${reference} on this engine: pull it or check the name.`) : error
    })
  }

  private async containersUsing(engine: EngineConnection, imageId: string): Promise<ImageDetail['containers']> {
    const all = await engineCall(engine, () => engine.docker.listContainers({ all: true }))
    return all.filter((c) => c.ImageID === imageId).map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), state: c.State }))
  }
}

/**
 * The engine answers a registry's refusal as a plain HTTP error whose words dockerode leaves in
 * `message` (`(HTTP code 500) server error - Get "http://…": dial tcp …`): read them.
 */
const asTransferError = (kind: 'pull' | 'push') => (error: { statusCode?: number; json?: { message?: string } | null; message?: string }): never => {
  if (!error.statusCode) throw error
  throw transferError(error.json?.message ?? (error.message ?? '').replace(/^\(HTTP code \d+\)[^-]*- /, '').trim(), kind)
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12)

/** `repo:tag` → parts; a bare name means `latest`. The colon of a registry port is not a tag's. */
export function splitRepoTag(repoTag: string): { repo: string; tag: string } {
  const slash = repoTag.lastIndexOf('/')
  const colon = repoTag.lastIndexOf(':')
  return colon > slash ? { repo: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) } : { repo: repoTag, tag: 'latest' }
}
