import type { DiskKind, DiskUsageRow } from '../../src-shared/models/disk'

/** One bar of the disk chart, in fractions of the widest total. */
export interface DiskBar {
  kind: DiskKind
  /** Share of the chart's width held by what is in use, then by what could be reclaimed. */
  usedFraction: number
  reclaimableFraction: number
}

/** Bars on one scale: the biggest total fills the width; an empty engine draws nothing. */
export function diskBars(rows: DiskUsageRow[]): DiskBar[] {
  const max = Math.max(0, ...rows.map((r) => r.totalBytes))
  return rows.map((r) => {
    const reclaimable = Math.min(r.reclaimableBytes, r.totalBytes)
    return {
      kind: r.kind,
      usedFraction: max > 0 ? (r.totalBytes - reclaimable) / max : 0,
      reclaimableFraction: max > 0 ? reclaimable / max : 0,
    }
  })
}

/** Reclaimable as a whole percentage of the total, as `docker system df` shows it. */
export const reclaimablePercent = (row: DiskUsageRow): number => (row.totalBytes > 0 ? Math.round((row.reclaimableBytes / row.totalBytes) * 100) : 0)
