const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

export interface BytesOptions {
  /** Powers of 1024 with KiB/MiB/GiB, as `docker info` reports memory. Default: powers of 1000, as image sizes. */
  binary?: boolean
  /** BCP 47 locale for the number part. */
  locale?: string
}

/** 1_934_000_000 → "1.9 GB"; keeps one decimal below 10 units and none above, like the docker CLI. */
export function formatBytes(bytes: number, options: BytesOptions = {}): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  const base = options.binary ? 1024 : 1000
  const units = options.binary ? BINARY_UNITS : DECIMAL_UNITS
  let value = bytes
  let unit = 0
  while (value >= base && unit < units.length - 1) {
    value /= base
    unit++
  }
  // Rounding can carry into the next unit: 999_960 B is "1 MB", not "1000 kB".
  if (unit < units.length - 1 && Number(value.toFixed(value < 10 ? 1 : 0)) >= base) {
    value /= base
    unit++
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  const number = new Intl.NumberFormat(options.locale ?? 'en', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value)
  return `${number} ${units[unit]}`
}
