import type { StatsSample } from '../../src-shared/models/stats'

/** The parts of the engine's stats JSON (GET /containers/{id}/stats) that `docker stats` reads. */
export interface EngineStats {
  read?: string
  cpu_stats?: CpuStats
  precpu_stats?: CpuStats
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null }
  pids_stats?: { current?: number }
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }
  system_cpu_usage?: number
  online_cpus?: number
}

/** What the previous sample of the same stream left, for the rates. */
export interface PreviousTotals {
  at: number
  networkRx: number
  networkTx: number
  blockRead: number
  blockWrite: number
}

/** The engine writes the zero time for a container that is not running. */
export function isEmptySample(raw: EngineStats): boolean {
  return !raw.read || raw.read.startsWith('0001-01-01')
}

/** docker/cli's calculateCPUPercentUnix. */
export function cpuPercent(raw: EngineStats): number {
  const cpuDelta = (raw.cpu_stats?.cpu_usage?.total_usage ?? 0) - (raw.precpu_stats?.cpu_usage?.total_usage ?? 0)
  const systemDelta = (raw.cpu_stats?.system_cpu_usage ?? 0) - (raw.precpu_stats?.system_cpu_usage ?? 0)
  const online = onlineCpus(raw)
  // A stream's first sample has no previous reading: the CLI would average over the host's uptime, which means nothing.
  if (!raw.precpu_stats?.system_cpu_usage) return 0
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0
}

export function onlineCpus(raw: EngineStats): number {
  return raw.cpu_stats?.online_cpus || raw.cpu_stats?.cpu_usage?.percpu_usage?.length || 0
}

/** docker/cli's calculateMemUsageUnixNoCache: cgroup v1 subtracts total_inactive_file, v2 inactive_file. */
export function memoryUsage(raw: EngineStats): number {
  const usage = raw.memory_stats?.usage ?? 0
  const stats = raw.memory_stats?.stats ?? {}
  const v1 = stats.total_inactive_file
  if (v1 !== undefined && v1 < usage) return usage - v1
  const v2 = stats.inactive_file
  if (v2 !== undefined && v2 < usage) return usage - v2
  return usage
}

/** docker/cli's calculateBlockIO: sums the read and write entries (any case), skips the rest. */
export function blockIo(raw: EngineStats): { read: number; write: number } {
  let read = 0
  let write = 0
  for (const entry of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.[0]
    if (op === 'r' || op === 'R') read += entry.value ?? 0
    else if (op === 'w' || op === 'W') write += entry.value ?? 0
  }
  return { read, write }
}

/** docker/cli's calculateNetwork: the sum over every interface. */
export function network(raw: EngineStats): { rx: number; tx: number } {
  let rx = 0
  let tx = 0
  for (const net of Object.values(raw.networks ?? {})) {
    rx += net.rx_bytes ?? 0
    tx += net.tx_bytes ?? 0
  }
  return { rx, tx }
}

/** One engine sample as Berth's model; rates come from `previous` (0 on a stream's first sample). */
export function toStatsSample(raw: EngineStats, previous?: PreviousTotals): StatsSample {
  const at = Date.parse(raw.read ?? '') || Date.now()
  const usage = memoryUsage(raw)
  const limit = raw.memory_stats?.limit ?? 0
  const net = network(raw)
  const block = blockIo(raw)
  const seconds = previous ? (at - previous.at) / 1000 : 0
  // Counters reset when a container restarts: a negative delta is a new start, not a rate.
  const rate = (now: number, before: number | undefined) => (seconds > 0 && before !== undefined && now >= before ? (now - before) / seconds : 0)
  return {
    at,
    cpuPercent: cpuPercent(raw),
    onlineCpus: onlineCpus(raw),
    memoryUsage: usage,
    memoryLimit: limit,
    memoryPercent: limit !== 0 ? (usage / limit) * 100 : 0,
    networkRx: net.rx,
    networkTx: net.tx,
    networkRxRate: rate(net.rx, previous?.networkRx),
    networkTxRate: rate(net.tx, previous?.networkTx),
    blockRead: block.read,
    blockWrite: block.write,
    blockReadRate: rate(block.read, previous?.blockRead),
    blockWriteRate: rate(block.write, previous?.blockWrite),
    pids: raw.pids_stats?.current ?? 0,
  }
}

export function totalsOf(sample: StatsSample): PreviousTotals {
  return { at: sample.at, networkRx: sample.networkRx, networkTx: sample.networkTx, blockRead: sample.blockRead, blockWrite: sample.blockWrite }
}
