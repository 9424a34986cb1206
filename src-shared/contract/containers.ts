import { z } from 'zod'
import type {
  BulkOutcome,
  CommitResult,
  ContainerChange,
  ContainerDetail,
  ContainerLayerStack,
  ContainerSize,
  ContainerSummary,
  RunChoices,
  RunResult,
} from '../models/container'
import { CONTAINER_ACTIONS } from '../models/container'
import type { RunIssue } from '../run-spec/issues'
import { RunSpecSchema } from '../run-spec/schema'
import { EngineId } from './common'
import { call, returns, type ClientOf, type ServiceOf } from './define'

/** A container's id (full or short) or name. */
export const ContainerRef = z.string().min(1).max(256)
const ContainerRefs = z.array(ContainerRef).min(1).max(5000)
const ProjectName = z.string().min(1).max(256)

export const StopOptions = z.object({ timeoutSeconds: z.number().int().min(0).max(3600).optional() }).strict()
export const KillOptions = z.object({ signal: z.string().regex(/^(SIG)?[A-Z0-9+-]{1,16}$|^\d{1,2}$/).optional() }).strict()
export const RemoveOptions = z.object({ force: z.boolean().optional(), removeAnonymousVolumes: z.boolean().optional() }).strict()
export const ActionOptionsSchema = StopOptions.extend(KillOptions.shape).extend(RemoveOptions.shape).strict()

export const ListFilter = z
  .object({
    /** Only these containers (full ids): how the store patches the rows an event names. */
    ids: z.array(z.string().regex(/^[0-9a-f]{1,64}$/)).max(200).optional(),
  })
  .strict()

export const CommitOptions = z
  .object({
    repository: z.string().min(1).max(255),
    tag: z.string().max(128).optional(),
    message: z.string().max(4096).optional(),
    author: z.string().max(256).optional(),
    /** Pause the container while committing (the engine's default), so the layer is consistent. */
    pause: z.boolean().optional(),
  })
  .strict()

export const containersSpec = {
  /** Every container of the engine, running or not (GET /containers/json?all=1). */
  list: call(z.tuple([EngineId, ListFilter.optional()]), returns<ContainerSummary[]>()),
  /** One container in detail, with the raw inspect JSON. */
  inspect: call(z.tuple([EngineId, ContainerRef]), returns<ContainerDetail>()),
  /** The writable layer's size and the whole filesystem's: costly for the engine, so only on demand. */
  size: call(z.tuple([EngineId, ContainerRef]), returns<ContainerSize>()),
  /** Starts a created or stopped container. */
  start: call(z.tuple([EngineId, ContainerRef]), returns<void>()),
  /** SIGTERM, then SIGKILL after the grace period. */
  stop: call(z.tuple([EngineId, ContainerRef, StopOptions.optional()]), returns<void>()),
  /** Stops (with the grace period) and starts again. */
  restart: call(z.tuple([EngineId, ContainerRef, StopOptions.optional()]), returns<void>()),
  /** Freezes every process of the container. */
  pause: call(z.tuple([EngineId, ContainerRef]), returns<void>()),
  /** Thaws a paused container. */
  unpause: call(z.tuple([EngineId, ContainerRef]), returns<void>()),
  /** Sends a signal (SIGKILL by default). */
  kill: call(z.tuple([EngineId, ContainerRef, KillOptions.optional()]), returns<void>()),
  /** Removes a container; a running one needs `force` (MUST_STOP_FIRST otherwise). Named volumes are never removed. */
  remove: call(z.tuple([EngineId, ContainerRef, RemoveOptions.optional()]), returns<void>()),
  /** One action on many containers; answers what happened to each. */
  bulk: call(z.tuple([EngineId, z.enum(CONTAINER_ACTIONS), ContainerRefs, ActionOptionsSchema.optional()]), returns<BulkOutcome[]>()),
  /** One action on every container of a Compose project (by its `com.docker.compose.project` label). */
  project: call(z.tuple([EngineId, ProjectName, z.enum(['start', 'stop', 'restart', 'remove']), ActionOptionsSchema.optional()]), returns<BulkOutcome[]>()),
  /** What stands in the way of running a spec: field problems, a name or host port in use, a missing image. */
  check: call(z.tuple([EngineId, RunSpecSchema]), returns<RunIssue[]>()),
  /** Creates and starts a container from the run dialog's spec. A missing image is NOT_FOUND with details {image}. */
  run: call(z.tuple([EngineId, RunSpecSchema]), returns<RunResult>()),
  /** The local images, volumes and networks the run dialog offers. */
  choices: call(z.tuple([EngineId]), returns<RunChoices>()),
  /** The paths added, changed and deleted in the writable layer (GET /containers/{id}/changes). */
  changes: call(z.tuple([EngineId, ContainerRef]), returns<ContainerChange[]>()),
  /** Saves the writable layer as a new image on top of the container's image. */
  commit: call(z.tuple([EngineId, ContainerRef, CommitOptions]), returns<CommitResult>()),
  /** The container as layers: the image's, bottom first, and its writable layer on top with sizes. */
  layers: call(z.tuple([EngineId, ContainerRef]), returns<ContainerLayerStack>()),
}

export type ContainersApi = ServiceOf<typeof containersSpec>
export type ContainersClient = ClientOf<typeof containersSpec>
