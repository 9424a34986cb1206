import { formatLogTime, parseLogTime } from '../../src-shared/log-time'
import type { LogBatch, LogMarker } from '../../src-shared/models/log'

/** What a row is: a line of stdout or stderr, or a marker (the container stopped, the engine left…). */
export const STDOUT = 0
export const STDERR = 1
export const MARKER = 2
export type RowKind = typeof STDOUT | typeof STDERR | typeof MARKER

/**
 * The retained log: a ring of at most `capacity` rows in typed arrays, never a reactive array of
 * objects nor a string per row. A batch's lines stay in the one string they came in (its
 * "chunk"); a row is its chunk's number and its start and end in it, and its text is sliced out
 * only when it is shown or searched. So a million rows are a few hundred strings and some typed
 * arrays for the garbage collector, not a million strings to walk. Rows are numbered by a
 * sequence that only grows; when the ring is full the oldest rows are dropped (a chunk goes when
 * its last row does) and `dropped` says how many.
 */
export class LogBuffer {
  readonly capacity: number
  private readonly chunkOf: Uint32Array
  private readonly starts: Uint32Array
  private readonly ends: Uint32Array
  private readonly kinds: Uint8Array
  private readonly times: Float64Array
  /** Chunks still holding rows; chunks[i] is chunk number chunkBase + i. */
  private chunks: string[] = []
  private chunkHead = 0
  private chunkBase = 0
  /** Sequence number of the oldest retained row. */
  private firstSeq = 0
  /** Sequence number the next row gets. */
  private endSeq = 0
  /** Rows dropped to stay within capacity, plus rows cleared by the person. */
  dropped = 0
  private lastSeconds = Number.NaN
  private lastNanos = 0
  /** Per row, the container it came from: only in a compose project's merged log. */
  private origins?: string[]
  private currentOrigin = ''
  /** Every container name seen, for the prefix column's width. */
  readonly originNames = new Set<string>()

  constructor(capacity = 1_000_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer')
    this.capacity = capacity
    this.chunkOf = new Uint32Array(capacity)
    this.starts = new Uint32Array(capacity)
    this.ends = new Uint32Array(capacity)
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

  /** The last line's engine timestamp, to the nanosecond: where a resumed stream starts from. */
  get lastTimestamp(): string | undefined {
    return Number.isNaN(this.lastSeconds) ? undefined : formatLogTime(this.lastSeconds, this.lastNanos)
  }

  /**
   * Appends a batch; lines at or before `dropUpTo` (a resumed stream's repeats) are skipped.
   * `origin` tags its rows with their container (a project's merged log). Answers rows added.
   */
  append(batch: LogBatch, dropUpTo?: string, origin?: string): number {
    const before = this.endSeq
    this.currentOrigin = origin ?? ''
    if (origin) this.originNames.add(origin)
    const drop = dropUpTo === undefined ? undefined : parseLogTime(dropUpTo)
    const { text, stderr, seconds, nanos } = batch
    const markers = batch.markers
    const n = stderr.length
    const chunk = n > 0 ? this.addChunk(text) : 0
    let m = 0
    let at = 0
    for (let i = 0; i < n; i++) {
      while (markers && m < markers.length && markers[m]!.index <= i) this.pushMarker(markers[m++]!)
      const start = at
      let newline = text.indexOf('\n', at)
      if (newline < 0) newline = text.length
      at = newline + 1
      const s = seconds[i]!
      const ns = nanos[i]!
      if (drop && (s < drop.seconds || (s === drop.seconds && ns <= drop.nanos))) continue
      this.push(stderr[i] ? STDERR : STDOUT, chunk, start, newline, s * 1000 + ns / 1e6)
      if (!Number.isNaN(s)) {
        this.lastSeconds = s
        this.lastNanos = ns
      }
    }
    while (markers && m < markers.length) this.pushMarker(markers[m++]!)
    return this.endSeq - before
  }

  pushMarker(marker: Pick<LogMarker, 'kind' | 'exitCode' | 'at'>): void {
    const text = marker.exitCode === undefined ? marker.kind : `${marker.kind}:${marker.exitCode}`
    this.push(MARKER, this.addChunk(text), 0, text.length, Date.parse(marker.at))
  }

  /** Row `seq`'s text; `seq` must be within [first, end). */
  text(seq: number): string {
    const slot = seq % this.capacity
    return this.chunks[this.chunkHead + this.chunkOf[slot]! - this.chunkBase]!.slice(this.starts[slot], this.ends[slot])
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
    this.chunkBase += this.chunks.length - this.chunkHead
    this.chunks = []
    this.chunkHead = 0
    this.firstSeq = this.endSeq
  }

  private addChunk(text: string): number {
    this.chunks.push(text)
    return this.chunkBase + this.chunks.length - 1 - this.chunkHead
  }

  private push(kind: RowKind, chunk: number, start: number, end: number, time: number): void {
    const slot = this.endSeq % this.capacity
    this.chunkOf[slot] = chunk
    this.starts[slot] = start
    this.ends[slot] = end
    this.kinds[slot] = kind
    this.times[slot] = time
    // Only a merged log pays for the column.
    if (this.origins || this.currentOrigin !== '') (this.origins ??= new Array<string>(this.capacity))[slot] = this.currentOrigin
    this.endSeq += 1
    if (this.endSeq - this.firstSeq > this.capacity) {
      this.firstSeq += 1
      this.dropped += 1
      this.dropChunksBefore(this.chunkOf[this.firstSeq % this.capacity]!)
    }
  }

  /** Lets go of chunks no retained row points into. */
  private dropChunksBefore(chunk: number): void {
    while (this.chunkBase < chunk) {
      this.chunks[this.chunkHead++] = ''
      this.chunkBase++
    }
    // Compact now and then, so the array does not grow with every chunk ever seen.
    if (this.chunkHead > 1024 && this.chunkHead * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.chunkHead)
      this.chunkHead = 0
    }
  }
}
