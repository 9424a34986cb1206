import { parseLogTime } from '../../src-shared/log-time'

/** The engine's `since` query form: `<seconds>.<nanoseconds>`. */
export function toEngineSince(timestamp: string): string {
  const parsed = parseLogTime(timestamp)
  if (!parsed) throw new Error(`not a timestamp: ${timestamp}`)
  return engineSince(parsed.seconds, parsed.nanos)
}

export function engineSince(seconds: number, nanos: number): string {
  return `${seconds}.${String(nanos).padStart(9, '0')}`
}

/**
 * Reads one line's timestamp into `seconds` and `nanos`, for every line of a log, so without a
 * regex or a Date per line: consecutive lines share their second, so the date part is parsed once
 * per second and only the nine fraction digits per line. Other forms take the slow path.
 */
export class TimestampReader {
  seconds = Number.NaN
  nanos = 0
  private prefix = '\0'
  private prefixSeconds = Number.NaN

  /** False (and NaN seconds) when `value` is not a time. */
  read(value: string): boolean {
    if (value.length === 30 && value.charCodeAt(19) === 46 /* . */ && value.charCodeAt(29) === 90 /* Z */) {
      let nanos = 0
      for (let i = 20; i < 29; i++) {
        const digit = value.charCodeAt(i) - 48
        if (digit < 0 || digit > 9) return this.slow(value)
        nanos = nanos * 10 + digit
      }
      if (!value.startsWith(this.prefix)) {
        const seconds = Date.parse(`${value.slice(0, 19)}Z`) / 1000
        if (Number.isNaN(seconds)) return this.slow(value)
        this.prefix = value.slice(0, 19)
        this.prefixSeconds = seconds
      }
      this.seconds = this.prefixSeconds
      this.nanos = nanos
      return true
    }
    return this.slow(value)
  }

  private slow(value: string): boolean {
    const parsed = parseLogTime(value)
    this.seconds = parsed?.seconds ?? Number.NaN
    this.nanos = parsed?.nanos ?? 0
    return parsed !== undefined
  }
}
