import type { ImageSummary } from '../../src-shared/models/image'
import type { ImageStack } from '../../src-shared/models/layer'

/** `sha256:abcdef…` → `abcdef012345`, as `docker images` shows ids. */
export const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12)

export type ImageSortKey = 'repository' | 'tag' | 'created' | 'size' | 'containers'

/** Rows whose repository, tag or id contain every word of the filter, sorted. */
export function filterAndSort(rows: readonly ImageSummary[], filter: string, key: ImageSortKey, descending: boolean): ImageSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  const kept = rows.filter((r) => {
    const text = `${r.repository}:${r.tag} ${shortId(r.id)}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
  const value = (r: ImageSummary): string | number => (key === 'created' ? Date.parse(r.created) : key === 'size' ? r.size : key === 'containers' ? r.containers : r[key])
  const sorted = kept.sort((a, b) => {
    const x = value(a)
    const y = value(b)
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    return c || a.key.localeCompare(b.key)
  })
  return descending ? sorted.reverse() : sorted
}

/** `KEY=value` lines (build args) → a record; blank lines and `#` comments skipped. */
export function parseKeyValueLines(text: string): { values: Record<string, string>; bad: string[] } {
  const values: Record<string, string> = {}
  const bad: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0) bad.push(line)
    else values[line.slice(0, eq).trim()] = line.slice(eq + 1)
  }
  return { values, bad }
}

/** A stable hue per layer chain, so a shared base looks the same in every stack. */
export function chainHue(chainId: string): number {
  let h = 0
  for (let i = 7; i < Math.min(chainId.length, 23); i++) h = (h * 31 + chainId.charCodeAt(i)) % 360
  return h
}

/** A block's height: grows with the log of its size, so 1 kB and 1 GB layers both stay visible. */
export function blockHeight(bytes: number, min = 18, max = 64): number {
  if (bytes <= 0) return min
  return Math.round(Math.min(max, min + (Math.log10(bytes + 1) / 10) * (max - min) * 1.6))
}

/** For the overview: how many images hold each chain id. */
export function chainHolders(stacks: readonly ImageStack[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const s of stacks) for (const l of s.layers) counts.set(l.chainId, (counts.get(l.chainId) ?? 0) + 1)
  return counts
}

/** Efficiency as a percentage with one decimal, like dive. */
export const formatEfficiency = (score: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(score)

/** A progress bar's percentage (0–100), or undefined while indeterminate. */
export function percentOf(progress: { current: number; max: number } | undefined): number | undefined {
  if (!progress || progress.max <= 0) return undefined
  return Math.min(100, Math.round((progress.current / progress.max) * 1000) / 10)
}
