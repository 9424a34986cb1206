/** How Berth reaches an engine. */
export type EngineKind = 'local' | 'tcp' | 'ssh' | 'podman' | 'vm'

/** Where a connection is in its life. `disconnected` always carries the reason. */
export type EngineState =
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; since: string }
  | { status: 'disconnected'; reason: string; retryAt?: string }

/** What the engine says about itself (from GET /version and GET /info). */
export interface EngineVersion {
  version: string
  apiVersion: string
  os: string
  arch: string
  kernelVersion?: string
  /** `Docker Engine - Community`, `Podman Engine` …, from the version's Components. */
  platformName?: string
}

/** One engine Berth knows, with its live state. */
export interface EngineSummary {
  id: string
  name: string
  kind: EngineKind
  /** The endpoint as the person would write it: `unix:///var/run/docker.sock`, `tcp://…`. */
  endpoint: string
  state: EngineState
  version?: EngineVersion
}

/** A condensed GET /info. */
export interface EngineInfo {
  name: string
  serverVersion: string
  operatingSystem: string
  osType: string
  architecture: string
  cpus: number
  memoryBytes: number
  containers: number
  containersRunning: number
  containersPaused: number
  containersStopped: number
  images: number
  storageDriver: string
  dockerRootDir: string
}

/** One message of the engine's `/events` stream, kept as the engine sent it but typed. */
export interface EngineEvent {
  /** container, image, volume, network, daemon, plugin … */
  type: string
  /** create, start, die, destroy, pull, … */
  action: string
  /** The object's id (for images, its reference). */
  id: string
  attributes: Record<string, string>
  /** Nanoseconds since the epoch, as a decimal string (JSON numbers cannot hold it). */
  timeNano: string
}
