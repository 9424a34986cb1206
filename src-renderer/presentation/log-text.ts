import Anser from 'anser'

/** A run of a log line's text with one look: ANSI colours, decorations, and whether search marked it. */
export interface LogSegment {
  text: string
  /** Classes: `ansi-red`, `ansi-bright-blue-bg`, `ansi-bold`, `log-mark`… */
  classes?: string
  /** Inline colours for 256-colour and true-colour escapes. */
  style?: string
}

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g

/** The text a person reads: escape sequences removed. */
export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text
}

/** xterm's 256 colours beyond the 16 named ones, as CSS. */
function paletteColor(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10
    return `rgb(${v}, ${v}, ${v})`
  }
  const i = n - 16
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40)
  return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`
}

const NAMED = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']

function colorOf(cls: string | null, truecolor: string | null, layer: 'fg' | 'bg'): { cls?: string; css?: string } {
  if (!cls) return {}
  if (cls === 'ansi-truecolor') return truecolor ? { css: `rgb(${truecolor})` } : {}
  const palette = /^ansi-palette-(\d+)$/.exec(cls)
  if (palette) {
    const n = Number(palette[1])
    if (n < 16) return { cls: `ansi-${n >= 8 ? 'bright-' : ''}${NAMED[n % 8]}${layer === 'bg' ? '-bg' : '-fg'}` }
    return { css: paletteColor(n) }
  }
  return { cls: `${cls}-${layer}` }
}

/** A line split into coloured runs by its ANSI escapes (anser); plain lines cost nothing. */
export function ansiSegments(text: string): LogSegment[] {
  if (!text.includes('\x1b')) return [{ text }]
  const out: LogSegment[] = []
  for (const entry of Anser.ansiToJson(text, { use_classes: true, remove_empty: true })) {
    const fg = colorOf(entry.fg, entry.fg_truecolor, 'fg')
    const bg = colorOf(entry.bg, entry.bg_truecolor, 'bg')
    const classes = [fg.cls, bg.cls, ...entry.decorations.map((d) => `ansi-${d}`)].filter(Boolean).join(' ')
    const style = [fg.css && `color: ${fg.css}`, bg.css && `background: ${bg.css}`].filter(Boolean).join('; ')
    out.push({ text: entry.content, ...(classes ? { classes } : {}), ...(style ? { style } : {}) })
  }
  return out
}

/** Splits segments so each search match is its own segment with `log-mark` added. */
export function markRanges(segments: LogSegment[], ranges: Array<[number, number]>): LogSegment[] {
  if (ranges.length === 0) return segments
  const out: LogSegment[] = []
  let offset = 0
  let r = 0
  for (const segment of segments) {
    const start = offset
    const end = offset + segment.text.length
    let at = start
    while (at < end) {
      while (r < ranges.length && ranges[r]![1] <= at) r++
      const range = ranges[r]
      if (!range || range[0] >= end) {
        out.push(at === start ? segment : { ...segment, text: segment.text.slice(at - start) })
        break
      }
      if (range[0] > at) {
        out.push({ ...segment, text: segment.text.slice(at - start, range[0] - start) })
        at = range[0]
      }
      const stop = Math.min(range[1], end)
      out.push({ ...segment, text: segment.text.slice(at - start, stop - start), classes: segment.classes ? `${segment.classes} log-mark` : 'log-mark' })
      at = stop
    }
    offset = end
  }
  return out
}

export interface LogMatcher {
  test(text: string): boolean
  /** Where the matches are, as [start, end) offsets in the text. */
  ranges(text: string): Array<[number, number]>
}

export interface MatchOptions {
  caseSensitive: boolean
  regex: boolean
}

/** A search or filter query as a matcher; `error` for a regular expression that does not parse. */
export function buildMatcher(query: string, options: MatchOptions): LogMatcher | { error: string } | undefined {
  if (query === '') return undefined
  let pattern: RegExp
  try {
    const source = options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    pattern = new RegExp(source, options.caseSensitive ? 'g' : 'gi')
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  const test = new RegExp(pattern.source, pattern.flags.replace('g', ''))
  return {
    test: (text) => test.test(text),
    ranges(text) {
      const out: Array<[number, number]> = []
      pattern.lastIndex = 0
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        // An empty match (`a*`) must not loop forever.
        if (m[0].length === 0) {
          pattern.lastIndex += 1
          continue
        }
        out.push([m.index, m.index + m[0].length])
      }
      return out
    },
  }
}

export type TimeZoneChoice = 'local' | 'utc'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `2024-05-01 19:00:00.123` in local time, or `2024-05-01 10:00:00.123Z` in UTC. */
export function formatLogTime(ms: number, zone: TimeZoneChoice): string {
  if (!Number.isFinite(ms)) return ''
  const d = new Date(Math.floor(ms))
  const utc = zone === 'utc'
  const date = `${utc ? d.getUTCFullYear() : d.getFullYear()}-${pad((utc ? d.getUTCMonth() : d.getMonth()) + 1)}-${pad(utc ? d.getUTCDate() : d.getDate())}`
  const time = `${pad(utc ? d.getUTCHours() : d.getHours())}:${pad(utc ? d.getUTCMinutes() : d.getMinutes())}:${pad(utc ? d.getUTCSeconds() : d.getSeconds())}.${pad(utc ? d.getUTCMilliseconds() : d.getMilliseconds(), 3)}`
  return `${date} ${time}${utc ? 'Z' : ''}`
}
