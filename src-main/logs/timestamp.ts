/**
 * Engine log timestamps are RFC3339Nano in UTC with a fixed width
 * (`2024-05-01T10:00:00.123456789Z`), so two of them compare as strings; anything else is parsed.
 */
const FIXED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/

/** Seconds and nanoseconds since the epoch, or undefined for a string that is not a time. */
export function parseTimestamp(value: string): { seconds: number; nanos: number } | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(value)
  if (!match) return undefined
  const ms = Date.parse(`${match[1]}${match[3]}`)
  if (Number.isNaN(ms)) return undefined
  return { seconds: ms / 1000, nanos: Number((match[2] ?? '').padEnd(9, '0')) }
}

/** Negative, zero or positive as `a` is before, at or after `b`. Unparseable sorts first. */
export function compareTimestamps(a: string, b: string): number {
  if (FIXED.test(a) && FIXED.test(b)) return a < b ? -1 : a > b ? 1 : 0
  const pa = parseTimestamp(a)
  const pb = parseTimestamp(b)
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0
  return pa.seconds - pb.seconds || pa.nanos - pb.nanos
}

/** The engine's `since` query form: `<seconds>.<nanoseconds>`. */
export function toEngineSince(timestamp: string): string {
  const parsed = parseTimestamp(timestamp)
  if (!parsed) throw new Error(`not a timestamp: ${timestamp}`)
  return `${parsed.seconds}.${String(parsed.nanos).padStart(9, '0')}`
}
