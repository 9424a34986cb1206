/** The four kinds of things that take an engine's disk. */
export const DISK_KINDS = ['images', 'containers', 'volumes', 'buildCache'] as const
export type DiskKind = (typeof DISK_KINDS)[number]

/** One row of `docker system df`. */
export interface DiskUsageRow {
  kind: DiskKind
  count: number
  /** In use: images with containers, running containers, volumes mounted by a container, build cache in use. */
  active: number
  totalBytes: number
  reclaimableBytes: number
}

/** One thing on the disk, for the detailed lists (`docker system df -v`). */
export interface DiskItem {
  kind: DiskKind
  id: string
  /** What a person calls it: a tag, a container or volume name, a cache record's description. */
  name: string
  sizeBytes: number
  /** Whether something uses it (then no prune touches it). */
  inUse: boolean
}

/** GET /system/df, summed. */
export interface DiskUsage {
  rows: DiskUsageRow[]
  items: DiskItem[]
}

/** One thing a prune would remove. */
export interface DiskPruneItem {
  kind: DiskKind
  id: string
  name: string
  sizeBytes: number
}

/** The exact list a prune of the chosen kinds removes. Volumes appear only when chosen. */
export interface DiskPrunePreview {
  kinds: DiskKind[]
  items: DiskPruneItem[]
  totalBytes: number
}

/** What a prune removed. */
export interface DiskPruneResult {
  removed: DiskPruneItem[]
  reclaimedBytes: number
}
