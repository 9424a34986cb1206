import type { Progress } from './progress'

/** A container that uses a volume, network or host folder; running or not. */
export interface ContainerRef {
  id: string
  name: string
  /** running, exited, created, paused … as the engine says. */
  state: string
}

/** One volume, with who uses it and how big it is (GET /volumes joined with /system/df). */
export interface VolumeSummary {
  name: string
  driver: string
  /** Where the engine keeps it on the engine's machine (not necessarily this one). */
  mountpoint: string
  scope: string
  /** ISO 8601, when the engine says. */
  createdAt?: string
  labels: Record<string, string>
  driverOptions: Record<string, string>
  /** From the `com.docker.compose.project` label. */
  composeProject?: string
  /** A volume Docker named itself (64 hex characters), made for a container's anonymous mount. */
  anonymous: boolean
  /** Bytes from /system/df; null when the engine does not measure it (other drivers). */
  sizeBytes: number | null
  /** Every container that mounts it, running or not. */
  containers: ContainerRef[]
}

/** What `volumes.create` takes. */
export interface VolumeCreateRequest {
  name: string
  driver?: string
  driverOptions?: Record<string, string>
  labels?: Record<string, string>
}

/** One volume a prune would remove. */
export interface VolumePruneItem {
  name: string
  sizeBytes: number | null
  anonymous: boolean
}

/** The exact list a volume prune removes; pass the names back to `prune`. */
export interface VolumePrunePreview {
  items: VolumePruneItem[]
  totalBytes: number
}

/** What a prune did. */
export interface PruneResult {
  removed: string[]
  reclaimedBytes: number
}

/** One file, folder or link inside a volume. */
export interface VolumeEntry {
  /** Relative to the volume's root, `/`-separated, no leading `./`: `logs/app.log`. */
  path: string
  type: 'file' | 'directory' | 'symlink' | 'other'
  /** A file's bytes; a folder's is the sum of everything under it. */
  size: number
  /** Unix permission bits. */
  mode: number
  modifiedAt?: string
  linkTarget?: string
}

/** A volume's files, as a flat list in tar order (parents before children). */
export interface VolumeTree {
  volume: string
  entries: VolumeEntry[]
  totalBytes: number
  fileCount: number
  /** True when the volume holds more entries than Berth lists at once. */
  truncated: boolean
}

/** A small file's content, for the viewer. */
export interface VolumeFileContent {
  path: string
  size: number
  /** UTF-8 text (empty when binary). */
  text: string
  binary: boolean
  /** True when only the first bytes were read. */
  truncated: boolean
}

/** A piece of a byte stream (an export or a download): base64 data and how far along it is. */
export interface TransferChunk {
  /** Base64 bytes; empty on a progress-only chunk. */
  data: string
  progress: Progress
}

/** A host folder that containers map in (a bind mount), with the containers that map it. */
export interface BindMount {
  /** The folder on the engine's machine. */
  source: string
  containers: Array<ContainerRef & { destination: string; readOnly: boolean }>
}
