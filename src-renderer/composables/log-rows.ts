import type { LogMatcher } from '../presentation/log-text'
import { stripAnsi } from '../presentation/log-text'
import { MARKER, type LogBuffer } from './log-buffer'

/** Rows scanned between two looks at the clock. */
const SCAN_STEP = 1024

/** A growing list of sequence numbers whose oldest entries fall off as the buffer drops rows. */
export class SeqList {
  private data = new Float64Array(1024)
  private head = 0
  private tail = 0

  get length(): number {
    return this.tail - this.head
  }

  at(i: number): number {
    return this.data[this.head + i]!
  }

  push(seq: number): void {
    if (this.tail === this.data.length) {
      const live = this.length
      // Reuse the dropped front before growing.
      if (live * 2 > this.data.length) {
        const next = new Float64Array(this.data.length * 2)
        next.set(this.data.subarray(this.head, this.tail), 0)
        this.data = next
      } else {
        this.data.copyWithin(0, this.head, this.tail)
      }
      this.head = 0
      this.tail = live
    }
    this.data[this.tail++] = seq
  }

  /** Forgets entries below `seq` (the buffer dropped those rows). */
  dropBelow(seq: number): void {
    while (this.head < this.tail && this.data[this.head]! < seq) this.head++
  }

  /** The index of the first entry ≥ seq (length when none). */
  lowerBound(seq: number): number {
    let lo = this.head
    let hi = this.tail
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.data[mid]! < seq) lo = mid + 1
      else hi = mid
    }
    return lo - this.head
  }

  clear(): void {
    this.head = 0
    this.tail = 0
  }
}

/**
 * The rows the view shows (all of the buffer, or those the filter keeps; markers always stay) and
 * the search's matches among them. New rows are scanned once, as they arrive; a changed query
 * rescans the buffer.
 */
export class LogRows {
  private filterMatcher?: LogMatcher
  private searchMatcher?: LogMatcher
  private readonly filtered = new SeqList()
  private readonly matches = new SeqList()
  private scannedTo: number

  constructor(private readonly buffer: LogBuffer) {
    this.scannedTo = buffer.first
  }

  get filtering(): boolean {
    return this.filterMatcher !== undefined
  }

  /** A new filter; the buffer is rescanned until `deadline` (performance.now() time), then by `update`. */
  setFilter(matcher: LogMatcher | undefined, deadline?: number): void {
    this.filterMatcher = matcher
    this.rescan(deadline)
  }

  /** A new search; the buffer is rescanned until `deadline` (performance.now() time), then by `update`. */
  setSearch(matcher: LogMatcher | undefined, deadline?: number): void {
    this.searchMatcher = matcher
    this.rescan(deadline)
  }

  /**
   * Takes in rows appended (and forgets rows dropped) since the last call, until `deadline`
   * (performance.now() time) if one is given; answers whether it caught up. A filter or search
   * over rows that piled up (a hidden window that comes back) then takes a few frames instead of
   * one long task; until it catches up the view shows the rows scanned so far.
   */
  update(deadline = Number.POSITIVE_INFINITY): boolean {
    const { buffer } = this
    const first = buffer.first
    this.filtered.dropBelow(first)
    this.matches.dropBelow(first)
    const end = buffer.end
    const filter = this.filterMatcher
    const search = this.searchMatcher
    let seq = Math.max(this.scannedTo, first)
    if (filter || search) {
      while (seq < end) {
        // Checking the clock costs more than a row: look every so many rows.
        const stop = Math.min(end, seq + SCAN_STEP)
        for (; seq < stop; seq++) {
          const marker = buffer.kind(seq) === MARKER
          const text = marker ? '' : stripAnsi(buffer.text(seq))
          if (filter && !marker && !filter.test(text)) continue
          if (filter) this.filtered.push(seq)
          if (search && !marker && search.test(text)) this.matches.push(seq)
        }
        if (seq < end && performance.now() >= deadline) break
      }
    } else {
      seq = end
    }
    this.scannedTo = seq
    return seq >= end
  }

  /** Every row has been scanned (by the filter and search, when there are any). */
  get caughtUp(): boolean {
    return this.scannedTo >= this.buffer.end
  }

  get length(): number {
    return this.filterMatcher ? this.filtered.length : this.buffer.size
  }

  seqAt(index: number): number {
    return this.filterMatcher ? this.filtered.at(index) : this.buffer.first + index
  }

  /** The view index of row `seq`, or of the first shown row after it. */
  indexOf(seq: number): number {
    return this.filterMatcher ? this.filtered.lowerBound(seq) : Math.max(0, seq - this.buffer.first)
  }

  get matchCount(): number {
    return this.matches.length
  }

  matchSeq(k: number): number {
    return this.matches.at(k)
  }

  /** The index (among matches) of the first match at or after `seq`. */
  matchAtOrAfter(seq: number): number {
    return this.matches.lowerBound(seq)
  }

  search(): LogMatcher | undefined {
    return this.searchMatcher
  }

  private rescan(deadline?: number): void {
    this.filtered.clear()
    this.matches.clear()
    this.scannedTo = this.buffer.first
    this.update(deadline)
  }
}
