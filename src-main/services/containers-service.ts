import type Dockerode from 'dockerode'
import type { ContainersApi } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import {
  COMPOSE_PROJECT_LABEL,
  type ActionOptions,
  type BulkOutcome,
  type CommitResult,
  type ContainerAction,
  type ContainerChange,
  type ContainerDetail,
  type ContainerLayerStack,
  type ContainerSize,
  type ContainerSummary,
  type RunChoices,
  type RunResult,
} from '../../src-shared/models/container'
import { referenceProblem } from '../../src-shared/run-spec/reference'
import type { RunIssue } from '../../src-shared/run-spec/issues'
import { toCreateBody } from '../../src-shared/run-spec/create-body'
import type { RunSpec } from '../../src-shared/run-spec/schema'
import { validateRunSpec } from '../../src-shared/run-spec/validate'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import type { Logger } from '../platform/logger'
import { refineContainerError } from './containers/container-errors'
import { containerChanges, layerStack } from './containers/container-layers'
import { toDetail, toSummary } from './containers/container-mapping'
import { mapLimit } from './containers/map-limit'
import { engineIssues, portClashes, publishedPorts } from './containers/run-checks'
import { engineCall } from './engine-call'

/** How many containers a bulk action works on at once. */
const BULK_CONCURRENCY = 4

/** Containers: the list, the details, every lifecycle action, runs from the dialog's spec, and layers. */
export class ContainersService implements ContainersApi {
  constructor(
    private readonly registry: EngineRegistry,
    private readonly logger: Logger,
  ) {}

  async list(engineId: string, filter?: { ids?: string[] }): Promise<ContainerSummary[]> {
    const engine = this.registry.get(engineId)
    const options: Dockerode.ContainerListOptions = { all: true }
    if (filter?.ids) {
      if (filter.ids.length === 0) return []
      options.filters = { id: filter.ids }
    }
    const raw = await engineCall(engine, () => engine.docker.listContainers(options))
    return raw.map(toSummary)
  }

  async inspect(engineId: string, ref: string): Promise<ContainerDetail> {
    return toDetail(await this.rawInspect(engineId, ref))
  }

  async size(engineId: string, ref: string): Promise<ContainerSize> {
    const raw = (await this.rawInspect(engineId, ref, true)) as { SizeRw?: number; SizeRootFs?: number }
    return { sizeRw: raw.SizeRw ?? 0, sizeRootFs: raw.SizeRootFs ?? 0 }
  }

  start(engineId: string, ref: string): Promise<void> {
    return this.act(engineId, ref, 'start', {})
  }

  stop(engineId: string, ref: string, options?: { timeoutSeconds?: number }): Promise<void> {
    return this.act(engineId, ref, 'stop', options ?? {})
  }

  restart(engineId: string, ref: string, options?: { timeoutSeconds?: number }): Promise<void> {
    return this.act(engineId, ref, 'restart', options ?? {})
  }

  pause(engineId: string, ref: string): Promise<void> {
    return this.act(engineId, ref, 'pause', {})
  }

  unpause(engineId: string, ref: string): Promise<void> {
    return this.act(engineId, ref, 'unpause', {})
  }

  kill(engineId: string, ref: string, options?: { signal?: string }): Promise<void> {
    return this.act(engineId, ref, 'kill', options ?? {})
  }

  remove(engineId: string, ref: string, options?: { force?: boolean; removeAnonymousVolumes?: boolean }): Promise<void> {
    return this.act(engineId, ref, 'remove', options ?? {})
  }

  async bulk(engineId: string, action: ContainerAction, refs: string[], options?: ActionOptions): Promise<BulkOutcome[]> {
    const engine = this.registry.get(engineId)
    const all = await engineCall(engine, () => engine.docker.listContainers({ all: true }))
    const nameOf = (ref: string) => {
      const found = all.find((c) => c.Id === ref || c.Id.startsWith(ref) || c.Names?.some((n) => n === `/${ref}`))
      return found ? { id: found.Id, name: (found.Names?.[0] ?? found.Id).replace(/^\//, '') } : { id: ref, name: ref }
    }
    return this.runEach(engineId, action, [...new Set(refs)].map(nameOf), options ?? {})
  }

  async project(engineId: string, project: string, action: 'start' | 'stop' | 'restart' | 'remove', options?: ActionOptions): Promise<BulkOutcome[]> {
    const engine = this.registry.get(engineId)
    const members = await engineCall(engine, () =>
      engine.docker.listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] } }),
    )
    if (members.length === 0) throw new AppError('NOT_FOUND', `No container belongs to the Compose project "${project}" on this engine.`)
    const targets = members.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, '') }))
    return this.runEach(engineId, action, targets, options ?? {})
  }

  async check(engineId: string, spec: RunSpec): Promise<RunIssue[]> {
    const local = validateRunSpec(spec)
    // A malformed reference would only make the engine's lookups fail for the same reason.
    if (local.some((i) => i.field === 'image')) return local
    const engine = this.registry.get(engineId)
    return [...local, ...(await engineCall(engine, () => engineIssues(engine.docker, spec)))]
  }

  async run(engineId: string, spec: RunSpec): Promise<RunResult> {
    const issues = validateRunSpec(spec)
    if (issues.length > 0) throw new AppError('INVALID_INPUT', issues.map((i) => i.message).join(' '), { issues })
    const engine = this.registry.get(engineId)
    await this.refusePublishedPorts(engine, spec)
    const { name, body } = toCreateBody(spec)
    const context = { action: 'run', name: name ?? spec.image, image: spec.image.trim() }
    const created = await this.call(engine, context, () =>
      engine.docker.createContainer({ ...(body as Dockerode.ContainerCreateOptions), ...(name ? { name } : {}) }),
    )
    const container = engine.docker.getContainer(created.id)
    try {
      await this.call(engine, context, () => container.start())
    } catch (error) {
      // The container is seconds old and holds nothing of the person's: take it away so fixing the
      // spec and running again does not hit "name in use".
      await container.remove({ force: true, v: true }).catch((e: unknown) => this.logger.warn('could not remove a container that failed to start', e))
      throw error
    }
    const info = await this.call(engine, context, () => container.inspect())
    const warnings = (created as unknown as { Warnings?: string[] | null }).Warnings ?? []
    return { id: created.id, name: info.Name.replace(/^\//, ''), warnings }
  }

  async choices(engineId: string): Promise<RunChoices> {
    const engine = this.registry.get(engineId)
    const [images, volumes, networks] = await Promise.all([
      engineCall(engine, () => engine.docker.listImages()),
      engineCall(engine, () => engine.docker.listVolumes()),
      engineCall(engine, () => engine.docker.listNetworks()),
    ])
    return {
      images: images
        .map((i) => ({ id: i.Id, references: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), sizeBytes: i.Size }))
        .sort((a, b) => (a.references[0] ?? '~').localeCompare(b.references[0] ?? '~')),
      volumes: (volumes.Volumes ?? []).map((v) => v.Name).sort(),
      networks: networks.map((n) => n.Name).sort(),
    }
  }

  async changes(engineId: string, ref: string): Promise<ContainerChange[]> {
    const engine = this.registry.get(engineId)
    return this.call(engine, { action: 'changes', name: ref }, () => containerChanges(engine.docker, ref))
  }

  async commit(engineId: string, ref: string, options: { repository: string; tag?: string; message?: string; author?: string; pause?: boolean }): Promise<CommitResult> {
    const tag = options.tag?.trim() || 'latest'
    const reference = `${options.repository.trim()}:${tag}`
    const problem = referenceProblem(reference)
    if (problem) throw new AppError('INVALID_INPUT', problem, { field: 'repository' })
    const engine = this.registry.get(engineId)
    const result = (await this.call(engine, { action: 'commit', name: ref }, () =>
      engine.docker.getContainer(ref).commit({
        repo: options.repository.trim(),
        tag,
        comment: options.message ?? '',
        author: options.author ?? '',
        pause: options.pause ?? true,
      }),
    )) as { Id: string }
    return { imageId: result.Id, reference }
  }

  async layers(engineId: string, ref: string): Promise<ContainerLayerStack> {
    const engine = this.registry.get(engineId)
    return this.call(engine, { action: 'layers', name: ref }, () => layerStack(engine.docker, ref))
  }

  private async rawInspect(engineId: string, ref: string, size = false): Promise<Record<string, unknown>> {
    const engine = this.registry.get(engineId)
    return this.call(engine, { action: 'inspect', name: ref }, () => engine.docker.getContainer(ref).inspect({ size } as Dockerode.ContainerInspectOptions) as unknown as Promise<Record<string, unknown>>)
  }

  /** One lifecycle action. Starting a running or stopping a stopped container is done already (304). */
  private async act(engineId: string, ref: string, action: ContainerAction, options: ActionOptions, name = ref): Promise<void> {
    const engine = this.registry.get(engineId)
    const container = engine.docker.getContainer(ref)
    const request = (): Promise<unknown> => {
      switch (action) {
        case 'start': return container.start()
        case 'stop': return container.stop(options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds })
        case 'restart': return container.restart(options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds })
        case 'pause': return container.pause()
        case 'unpause': return container.unpause()
        case 'kill': return container.kill({ signal: options.signal ?? 'SIGKILL' })
        // v removes anonymous volumes only: the engine never removes a named volume with its container.
        case 'remove': return container.remove({ force: !!options.force, v: !!options.removeAnonymousVolumes })
      }
    }
    const idempotent = action === 'start' || action === 'stop'
    try {
      await engineCall(engine, () => request().catch((error: unknown) => {
        if (idempotent && (error as { statusCode?: number }).statusCode === 304) return
        throw error
      }))
    } catch (error) {
      throw refineContainerError(error, { action, name: name === ref ? await this.displayName(engine, ref) : name })
    }
  }

  /** A container's name for a message, when only its id is at hand (an id means little to a person). */
  private async displayName(engine: EngineConnection, ref: string): Promise<string> {
    if (!/^[0-9a-f]{12,64}$/.test(ref)) return ref
    return engine.docker
      .getContainer(ref)
      .inspect()
      .then((info) => info.Name.replace(/^\//, ''), () => ref.slice(0, 12))
  }

  private async runEach(engineId: string, action: ContainerAction, targets: { id: string; name: string }[], options: ActionOptions): Promise<BulkOutcome[]> {
    return mapLimit(targets, BULK_CONCURRENCY, async ({ id, name }): Promise<BulkOutcome> => {
      try {
        await this.act(engineId, id, action, options, name)
        return { id, name, ok: true }
      } catch (error) {
        const info = error instanceof AppError ? error.toInfo() : { code: 'INTERNAL' as const, message: String(error) }
        return { id, name, ok: false, error: info }
      }
    })
  }

  private async call<T>(engine: EngineConnection, context: { action: string; name: string; image?: string }, request: () => Promise<T>): Promise<T> {
    try {
      return await engineCall(engine, request)
    } catch (error) {
      throw refineContainerError(error, context)
    }
  }

  /** The engine only notices a host-port clash once it starts the container (and never without a bridge). */
  private async refusePublishedPorts(engine: EngineConnection, spec: RunSpec): Promise<void> {
    if (!spec.ports.some((p) => p.hostPort)) return
    const ports = await engineCall(engine, () => publishedPorts(engine.docker))
    const issues = portClashes(ports, spec)
    if (issues.length) throw new AppError('CONFLICT', issues.map((i) => i.message).join(' '), { issues })
  }
}
