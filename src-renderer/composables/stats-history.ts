import type { StatsSample } from '../../src-shared/models/stats'

/** Ten minutes at the engine's one sample a second. */
export const HISTORY_MS = 10 * 60 * 1000

/**
 * The samples of one container, oldest first, as columns (what uPlot draws), bounded to the last
 * ten minutes. A gap (the container stopped) is kept as a null row so lines break there.
 */
export class StatsHistory {
  readonly time: number[] = []
  readonly series: Record<SeriesKey, (number | null)[]> = {
    cpuPercent: [],
    memoryUsage: [],
    networkRxRate: [],
    networkTxRate: [],
    blockReadRate: [],
    blockWriteRate: [],
    pids: [],
  }

  constructor(private readonly windowMs = HISTORY_MS) {}

  push(sample: StatsSample): void {
    this.time.push(sample.at / 1000)
    for (const key of SERIES_KEYS) this.series[key].push(sample[key])
    this.trim(sample.at)
  }

  /** Breaks the lines: the container stopped. */
  gap(at: number): void {
    if (this.time.length === 0 || this.series.cpuPercent.at(-1) === null) return
    this.time.push(at / 1000)
    for (const key of SERIES_KEYS) this.series[key].push(null)
  }

  get length(): number {
    return this.time.length
  }

  private trim(now: number): void {
    const cutoff = (now - this.windowMs) / 1000
    let drop = 0
    while (drop < this.time.length && this.time[drop]! < cutoff) drop++
    if (drop === 0) return
    this.time.splice(0, drop)
    for (const key of SERIES_KEYS) this.series[key].splice(0, drop)
  }
}

export const SERIES_KEYS = ['cpuPercent', 'memoryUsage', 'networkRxRate', 'networkTxRate', 'blockReadRate', 'blockWriteRate', 'pids'] as const
export type SeriesKey = (typeof SERIES_KEYS)[number]
