import type { LogBatch, LogMarker } from '../../src-shared/models/log'

/** What a row is: a line of stdout or stderr, or a marker (the container stopped, the engine left…). */
export const STDOUT = 0
export const STDERR = 1
export const MARKER = 2
export type RowKind = typeof STDOUT | typeof STDERR | typeof MARKER

/**
 * The retained log: a ring of at most `capacity` rows in compact parallel arrays (a string, a byte
 * and a float per row), never a reactive array of objects, so a million rows cost tens of MB and
 * appending is a few stores. Rows are numbered by a sequence that only grows; when the ring is
 * full the oldest rows are dropped and `dropped` says how many.
 */
export class LogBuffer {
  readonly capacity: number
  private readonly texts: string[]
  private readonly kinds: Uint8Array
  private readonly times: Float64Array
  /** Sequence number of the oldest retained row. */
  private firstSeq = 0
  /** Sequence number the next row gets. */
  private endSeq = 0
  /** Rows dropped to stay within capacity, plus rows cleared by the person. */
  dropped = 0
  /** The last line's engine timestamp, exactly as sent (nanoseconds): where to resume from. */
  lastTimestamp?: string
  /** Per row, the container it came from: only in a compose project's merged log. */
  private origins?: string[]
  private currentOrigin = ''
  /** Every container name seen, for the prefix column's width. */
  readonly originNames = new Set<string>()
  private secondPrefix = ''
  private secondMs = 0

  constructor(capacity = 1_000_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer')
    this.capacity = capacity
    this.texts = new Array<string>(capacity)
    this.kinds = new Uint8Array(capacity)
    this.times = new Float64Array(capacity)
  }

  get first(): number {
    return this.firstSeq
  }

  get end(): number {
    return this.endSeq
  }

  get size(): number {
    return this.endSeq - this.firstSeq
  }

  /**
   * Appends a batch; lines at or before `dropUpTo` (a resumed stream's repeats) are skipped.
   * `origin` tags its rows with their container (a project's merged log). Answers rows added.
   */
  append(batch: LogBatch, dropUpTo?: string, origin?: string): number {
    const before = this.endSeq
    this.currentOrigin = origin ?? ''
    if (origin) this.originNames.add(origin)
    const markers = batch.markers
    let m = 0
    const n = batch.text.length
    for (let i = 0; i < n; i++) {
      while (markers && m < markers.length && markers[m]!.index <= i) this.pushMarker(markers[m++]!)
      const timestamp = batch.timestamp[i]!
      if (dropUpTo !== undefined && timestamp <= dropUpTo) continue
      this.push(batch.stream[i] === 'stderr' ? STDERR : STDOUT, batch.text[i]!, this.parseTime(timestamp))
      this.lastTimestamp = timestamp
    }
    while (markers && m < markers.length) this.pushMarker(markers[m++]!)
    return this.endSeq - before
  }

  pushMarker(marker: Pick<LogMarker, 'kind' | 'exitCode' | 'at'>): void {
    const text = marker.exitCode === undefined ? marker.kind : `${marker.kind}:${marker.exitCode}`
    this.push(MARKER, text, Date.parse(marker.at))
  }

  /** Row `seq`'s parts; `seq` must be within [first, end). */
  text(seq: number): string {
    return this.texts[seq % this.capacity]!
  }

  /** The container row `seq` came from; '' outside a project's merged log. */
  origin(seq: number): string {
    return this.origins?.[seq % this.capacity] ?? ''
  }

  kind(seq: number): RowKind {
    return this.kinds[seq % this.capacity] as RowKind
  }

  /** Milliseconds since the epoch (with sub-millisecond fraction), NaN when unknown. */
  time(seq: number): number {
    return this.times[seq % this.capacity]!
  }

  /** Forgets every row (the person pressed Clear); the sequence keeps growing. */
  clear(): void {
    for (let s = this.firstSeq; s < this.endSeq; s++) this.texts[s % this.capacity] = ''
    this.firstSeq = this.endSeq
  }

  private push(kind: RowKind, text: string, time: number): void {
    const slot = this.endSeq % this.capacity
    this.texts[slot] = text
    this.kinds[slot] = kind
    this.times[slot] = time
    // Only a merged log pays for the column.
    if (this.origins || this.currentOrigin !== '') (this.origins ??= new Array<string>(this.capacity))[slot] = this.currentOrigin
    this.endSeq += 1
    if (this.endSeq - this.firstSeq > this.capacity) {
      this.firstSeq += 1
      this.dropped += 1
    }
  }

  /**
   * `2024-05-01T10:00:00.123456789Z` → ms. Engine timestamps share their second with the line
   * before most of the time, so only the fraction is parsed per line.
   */
  private parseTime(timestamp: string): number {
    if (timestamp.length < 20) return Number.NaN
    if (!timestamp.startsWith(this.secondPrefix) || this.secondPrefix === '') {
      this.secondPrefix = timestamp.slice(0, 19)
      this.secondMs = Date.parse(`${this.secondPrefix}Z`)
    }
    if (timestamp.charCodeAt(19) !== 46 /* . */) return this.secondMs
    // The fraction's digits by hand: no substring, no number parsing per line.
    let fraction = 0
    let scale = 1000
    for (let i = 20; i < timestamp.length; i++) {
      const digit = timestamp.charCodeAt(i) - 48
      if (digit < 0 || digit > 9) break
      scale /= 10
      fraction += digit * scale
    }
    return this.secondMs + fraction
  }
}
