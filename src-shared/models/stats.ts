/**
 * One sample of a container's resource use, computed as `docker stats` computes it
 * (docker/cli cli/command/container/stats_helpers.go). Rates are per second, between this sample
 * and the previous one of the same stream.
 */
export interface StatsSample {
  /** When the engine read the sample (ms since the epoch). */
  at: number
  /** (container CPU delta / system CPU delta) × online CPUs × 100: 200 means two whole cores. */
  cpuPercent: number
  onlineCpus: number
  /** Usage minus inactive page cache (cgroup v1 total_inactive_file, v2 inactive_file), in bytes. */
  memoryUsage: number
  memoryLimit: number
  memoryPercent: number
  /** Totals since the container started, summed over its interfaces. */
  networkRx: number
  networkTx: number
  networkRxRate: number
  networkTxRate: number
  /** Totals of the io_service_bytes_recursive read and write entries. */
  blockRead: number
  blockWrite: number
  blockReadRate: number
  blockWriteRate: number
  pids: number
}

/** What a stats stream sends: a sample, or word that the container is not running (no samples until it is). */
export type StatsChunk = { type: 'sample'; sample: StatsSample } | { type: 'stopped' }

/** `docker top`: the engine's `ps` columns and rows, as strings. */
export interface ProcessTable {
  titles: string[]
  processes: string[][]
}
