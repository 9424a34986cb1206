import { formatBytes } from './bytes'

/** 99.534 → "99.5%", as `docker stats` shows CPU and memory shares (one decimal here; it shows two). */
export function formatPercent(value: number | undefined, locale = 'en'): string {
  if (value === undefined || !Number.isFinite(value)) return '—'
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0, minimumFractionDigits: 0 }).format(value)}%`
}

/** Memory in binary units, as `docker stats` (MiB, GiB): "64.5 MiB / 23.5 GiB". */
export function formatMemory(usage: number | undefined, limit?: number, locale = 'en'): string {
  if (usage === undefined) return '—'
  const used = formatBytes(usage, { binary: true, locale })
  return limit ? `${used} / ${formatBytes(limit, { binary: true, locale })}` : used
}

/** Bytes per second in decimal units, as `docker stats` counts network and block I/O: "1.2 MB/s". */
export function formatRate(bytesPerSecond: number | undefined, locale = 'en'): string {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)) return '—'
  return `${formatBytes(bytesPerSecond, { locale })}/s`
}

/** A chart axis tick for a series kind. */
export function formatAxis(kind: 'percent' | 'memory' | 'rate' | 'count', value: number, locale = 'en'): string {
  switch (kind) {
    case 'percent':
      return formatPercent(value, locale)
    case 'memory':
      return formatBytes(value, { binary: true, locale })
    case 'rate':
      return formatRate(value, locale)
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value)
  }
}
