/**
 * Engine log timestamps as two exact numbers: whole seconds since the epoch and nanoseconds within
 * the second. A float of milliseconds cannot hold nanoseconds (it keeps about a quarter of a
 * microsecond), and resuming a log without repeating a line needs the exact time.
 */
export interface LogTime {
  seconds: number
  nanos: number
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|([+-])(\d\d):(\d\d))$/

/** RFC3339 (any offset, up to nine fractional digits) → LogTime; undefined when it is not a time. */
export function parseLogTime(value: string): LogTime | undefined {
  const m = RFC3339.exec(value)
  if (!m) return undefined
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
  if (Number.isNaN(ms)) return undefined
  const offset = m[9] ? (m[9] === '-' ? -1 : 1) * (+m[10]! * 3600 + +m[11]! * 60) : 0
  return { seconds: ms / 1000 - offset, nanos: Number((m[7] ?? '').padEnd(9, '0')) }
}

/** LogTime → `2024-05-01T10:00:00.123456789Z`, the engine's own fixed-width UTC form. */
export function formatLogTime(seconds: number, nanos: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`
}

/** Negative, zero or positive as (s1, n1) is before, at or after (s2, n2). */
export function compareLogTimes(s1: number, n1: number, s2: number, n2: number): number {
  return s1 - s2 || n1 - n2
}
