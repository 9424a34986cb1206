import type { ErrorInfo } from '../errors'

/** The engine's states, in Docker's words. */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const
export type ContainerState = (typeof CONTAINER_STATES)[number]

/** The label Compose puts on every container of a project. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project'
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service'

/** One published (or only exposed, when `hostPort` is absent) port. */
export interface PortMapping {
  containerPort: number
  protocol: 'tcp' | 'udp' | 'sctp'
  hostIp?: string
  hostPort?: number
}

/** One row of the containers list (GET /containers/json). */
export interface ContainerSummary {
  id: string
  /** The first name, without its leading slash. */
  name: string
  /** The reference the container was created from, as the engine shows it. */
  image: string
  imageId: string
  command: string
  state: ContainerState
  /** The engine's own words: "Up 3 minutes", "Exited (137) 2 hours ago". */
  status: string
  ports: PortMapping[]
  /** ISO 8601. */
  created: string
  labels: Record<string, string>
  composeProject?: string
  composeService?: string
  networkMode?: string
}

export interface ContainerMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster'
  /** The volume's name (volumes only). */
  name?: string
  /** Host path (binds) or the volume's path on the engine's host. */
  source: string
  destination: string
  readWrite: boolean
  /** A volume without a name the person chose (Docker made up its name). */
  anonymous?: boolean
}

export interface ContainerNetwork {
  name: string
  networkId: string
  ipAddress: string
  gateway: string
  macAddress: string
  aliases: string[]
}

export interface ContainerHealth {
  status: 'starting' | 'healthy' | 'unhealthy' | 'none'
  failingStreak: number
  lastOutput?: string
}

export interface KeyValue {
  key: string
  value: string
}

/** One container in detail (GET /containers/{id}/json). */
export interface ContainerDetail {
  id: string
  name: string
  image: string
  imageId: string
  command: string[]
  entrypoint: string[]
  state: ContainerState
  created: string
  startedAt?: string
  finishedAt?: string
  exitCode: number
  restartCount: number
  oomKilled: boolean
  pid: number
  /** The engine's last error for this container, if any. */
  error?: string
  health?: ContainerHealth
  env: KeyValue[]
  ports: PortMapping[]
  mounts: ContainerMount[]
  networks: ContainerNetwork[]
  labels: Record<string, string>
  networkMode: string
  restartPolicy: { name: string; maxRetries: number }
  workingDir: string
  user: string
  tty: boolean
  autoRemove: boolean
  composeProject?: string
  /** The whole inspect answer, untouched, for the Inspect tab. */
  raw: unknown
}

/** Sizes in bytes: the writable layer, and everything the container sees (image + writable). */
export interface ContainerSize {
  sizeRw: number
  sizeRootFs: number
}

/** One path in the writable layer, from GET /containers/{id}/changes. */
export interface ContainerChange {
  path: string
  kind: 'modified' | 'added' | 'deleted'
}

/** One layer of the stack drawing, bottom first. */
export interface ContainerLayer {
  kind: 'image' | 'writable'
  /** The image id that this step produced, or undefined when the engine says `<missing>`. */
  imageId?: string
  /** The Dockerfile step ("RUN mkdir /app"), empty for the writable layer. */
  createdBy: string
  sizeBytes: number
  /** ISO 8601; absent for the writable layer. */
  created?: string
  tags: string[]
  /** False for metadata-only steps (ENV, CMD …) which add no filesystem layer. */
  hasFilesystem: boolean
}

/** The container as layers: the image's read-only ones and its own writable one on top. */
export interface ContainerLayerStack {
  containerId: string
  image: string
  imageId: string
  /** Bottom first; the last one is the writable layer. */
  layers: ContainerLayer[]
  size: ContainerSize
}

/** What one container's part of a bulk action came to. */
export interface BulkOutcome {
  id: string
  name: string
  ok: boolean
  error?: ErrorInfo
}

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill', 'remove'] as const
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number]

export interface ActionOptions {
  /** stop/restart: seconds to wait after SIGTERM before SIGKILL. */
  timeoutSeconds?: number
  /** kill: the signal, default SIGKILL. */
  signal?: string
  /** remove: also when running (the engine kills it first). */
  force?: boolean
  /** remove: also remove the container's anonymous volumes. Named volumes are never removed. */
  removeAnonymousVolumes?: boolean
}

/** What a run answers: the new container, and anything the engine warned about. */
export interface RunResult {
  id: string
  name: string
  warnings: string[]
}

export interface CommitResult {
  imageId: string
  reference: string
}

/** What the run dialog offers to pick from. */
export interface RunChoices {
  images: { id: string; references: string[]; sizeBytes: number }[]
  volumes: string[]
  networks: string[]
}
