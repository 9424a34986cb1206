/** How Berth reaches an engine. */
export type EngineKind = 'local' | 'tcp' | 'ssh' | 'podman' | 'vm'

/** Where a connection is in its life. `disconnected` always carries the reason. */
export type EngineState =
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; since: string }
  | { status: 'disconnected'; reason: string; retryAt?: string; problem?: EngineProblem; cause?: UnreachableCause }

/** Why an engine could not be reached, as data, so each window can say it in its own language. */
export interface UnreachableCause {
  /** The socket error: ENOENT, ECONNREFUSED, EACCES, ETIMEDOUT … */
  code: string
  endpoint: string
}

/**
 * Why an engine waits for the person rather than retrying: the UI asks (trust this host key? the
 * key's passphrase?) or warns. Also the `details` of the AppError a request or a test answers with.
 */
export type EngineProblem =
  | { kind: 'hostKeyUnknown'; host: string; port: number; keyType: string; fingerprint: string }
  | { kind: 'hostKeyChanged'; host: string; port: number; keyType: string; fingerprint: string; knownHostsPath: string; line: number }
  | { kind: 'passphrase'; keyPath: string; wrong: boolean }
  /** No key was accepted and the server allows passwords: ask for `user`'s password on host:port. */
  | { kind: 'password'; user: string; host: string; port: number; wrong: boolean }
  | { kind: 'authFailed'; user: string; host: string; tried: string[] }
  | { kind: 'turnedOff' }

/** Where Berth learned of an engine. */
export type EngineSource = 'environment' | 'default' | 'socket' | 'context' | 'added'

/** Which engine software answers, read from its version. */
export type EngineFlavor = 'docker' | 'podman'

/**
 * What an engine supports or answers differently (Podman's Docker-compatible API mostly). Main
 * works around what it can; the UI explains what it cannot. See src-main/engines/engine-capabilities.ts.
 */
export interface EngineCapabilities {
  flavor: EngineFlavor
  /** GET /system/df answers usable sizes (Podman 4's answers zeros and mangled tags). */
  systemDf: boolean
  /** Image history rows carry layer ids (Podman answers `<missing>` and unprefixed ids). */
  historyIds: boolean
  /** Following logs returns every line (Podman's follow drops lines of fast or finished containers). */
  logsFollowComplete: boolean
  /** Exec resize answers 200 (Podman answers 201, which is also success). */
  execResizeStatus: number
  /** Container event actions as Docker names them (Podman says `remove` for `destroy`). */
  dockerEventNames: boolean
}

/** An engine the person added, as they described it (never holds a secret). */
export interface EngineConfig {
  name: string
  /** `unix:///path`, `tcp://host:2376`, `ssh://user@host:22` or `ssh://alias` from ~/.ssh/config. */
  endpoint: string
  /** For tcp://: verify the engine's certificate with these PEM files (the CLI's DOCKER_CERT_PATH). */
  tls?: { caPath?: string; certPath?: string; keyPath?: string }
  /** For ssh://. */
  ssh?: {
    /** A private key file; otherwise ~/.ssh/config's IdentityFile, the ssh-agent, ~/.ssh/id_*. */
    identityFile?: string
    /** The engine's socket on the remote machine (default /var/run/docker.sock). */
    remoteSocket?: string
  }
}

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
  /** Where Berth learned of it; only `added` engines can be edited or removed. */
  source?: EngineSource
  /** The docker context it came from. */
  context?: string
  /** The engine the views show unless a window picked another; remembered across runs. */
  current?: boolean
  /** False when the person turned it off: Berth does not connect to it. */
  enabled?: boolean
  /** Known once connected. */
  capabilities?: EngineCapabilities
  /** How the person described an added engine, for the edit dialog. */
  config?: EngineConfig
}

/** What a connection test found: the engine answered, and what it is. */
export interface EngineTestResult {
  version: EngineVersion
  capabilities: EngineCapabilities
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
