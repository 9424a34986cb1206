import { describe, expect, it } from 'vitest'
import { parseLogTime } from '../../src-shared/log-time'
import type { LogBatch } from '../../src-shared/models/log'
import { buildMatcher, type LogMatcher } from '../presentation/log-text'
import { LogBuffer, MARKER, STDERR, STDOUT } from './log-buffer'
import { LogRows, SeqList } from './log-rows'

const ts = (n: number) => `${new Date(Date.UTC(2024, 4, 1, 10) + n).toISOString().slice(0, 23)}000001Z`

/** A frame from [stream, text, timestamp] lines. */
function frameOf(lines: [string, string, string][]): LogBatch {
  const times = lines.map(([, , t]) => parseLogTime(t)!)
  return {
    text: lines.map(([, t]) => `${t}\n`).join(''),
    stderr: Uint8Array.from(lines, ([s]) => (s === 'stderr' ? 1 : 0)),
    seconds: Float64Array.from(times, (t) => t.seconds),
    nanos: Uint32Array.from(times, (t) => t.nanos),
  }
}

function batch(from: number, count: number, stderrEvery = 0): LogBatch {
  const texts: string[] = []
  const b: LogBatch = { text: '', stderr: new Uint8Array(count), seconds: new Float64Array(count), nanos: new Uint32Array(count) }
  for (let i = from; i < from + count; i++) {
    b.stderr[i - from] = stderrEvery && i % stderrEvery === 0 ? 1 : 0
    texts.push(`line ${i}`)
    const time = parseLogTime(ts(i))!
    b.seconds[i - from] = time.seconds
    b.nanos[i - from] = time.nanos
  }
  b.text = texts.map((t) => `${t}\n`).join('')
  return b
}

const matcher = (q: string, regex = false) => buildMatcher(q, { caseSensitive: false, regex }) as LogMatcher

describe('LogBuffer', () => {
  it('keeps rows in compact arrays, with kinds and times', () => {
    const buffer = new LogBuffer(10)
    expect(buffer.append(batch(0, 3, 2))).toBe(3)
    expect([buffer.text(0), buffer.kind(0), buffer.kind(1)]).toEqual(['line 0', STDERR, STDOUT])
    expect(buffer.time(1)).toBeCloseTo(Date.parse('2024-05-01T10:00:00.001Z') + 0.000001, 6)
    expect(buffer.lastTimestamp).toBe(ts(2))
  })

  it('tags rows with their container in a merged log, markers included, and costs nothing otherwise', () => {
    const plain = new LogBuffer(10)
    plain.append(batch(0, 2))
    expect(plain.origin(1)).toBe('')
    const merged = new LogBuffer(4)
    merged.append(batch(0, 2), undefined, 'web-1')
    merged.append({ ...batch(2, 1), markers: [{ kind: 'stopped', index: 1, at: '2024-05-01T10:00:01Z', exitCode: 0 }] }, undefined, 'db-1')
    expect([merged.origin(0), merged.origin(1), merged.origin(2), merged.origin(3)]).toEqual(['web-1', 'web-1', 'db-1', 'db-1'])
    expect(merged.kind(3)).toBe(MARKER)
    expect([...merged.originNames]).toEqual(['web-1', 'db-1'])
    // The ring wraps: a reused slot takes the new row's container.
    merged.append(batch(3, 1), undefined, 'cache-1')
    expect(merged.origin(4)).toBe('cache-1')
  })

  it('drops the oldest rows past capacity and counts them', () => {
    const buffer = new LogBuffer(1000)
    for (let i = 0; i < 25; i++) buffer.append(batch(i * 100, 100))
    expect(buffer.size).toBe(1000)
    expect(buffer.dropped).toBe(1500)
    expect(buffer.first).toBe(1500)
    expect(buffer.text(buffer.first)).toBe('line 1500')
    expect(buffer.text(buffer.end - 1)).toBe('line 2499')
  })

  it('holds a million rows', () => {
    const buffer = new LogBuffer()
    for (let i = 0; i < 100; i++) buffer.append(batch(i * 10_000, 10_000))
    expect(buffer.size).toBe(1_000_000)
    expect(buffer.text(999_999)).toBe('line 999999')
    buffer.append(batch(1_000_000, 1))
    expect([buffer.size, buffer.dropped, buffer.text(buffer.first)]).toEqual([1_000_000, 1, 'line 1'])
  })

  it('places markers where they came, and skips a resumed stream\'s repeats', () => {
    const buffer = new LogBuffer(100)
    const b = batch(0, 2)
    b.markers = [{ kind: 'stopped', index: 1, at: '2024-05-01T10:00:00Z', exitCode: 2 }, { kind: 'started', index: 2, at: '2024-05-01T10:00:01Z' }]
    buffer.append(b)
    expect(Array.from({ length: buffer.size }, (_, i) => [buffer.kind(i), buffer.text(i)])).toEqual([
      [STDOUT, 'line 0'],
      [MARKER, 'stopped:2'],
      [STDOUT, 'line 1'],
      [MARKER, 'started'],
    ])
    expect(buffer.append(batch(0, 5), ts(1))).toBe(3)
    expect(buffer.text(buffer.end - 3)).toBe('line 2')
  })

  it('clears without reusing sequence numbers', () => {
    const buffer = new LogBuffer(100)
    buffer.append(batch(0, 5))
    buffer.clear()
    expect([buffer.size, buffer.first, buffer.dropped]).toEqual([0, 5, 0])
    buffer.append(batch(5, 1))
    expect(buffer.text(5)).toBe('line 5')
  })
})

describe('LogRows', () => {
  it('shows every row without a filter', () => {
    const buffer = new LogBuffer(100)
    const rows = new LogRows(buffer)
    buffer.append(batch(0, 10))
    rows.update()
    expect(rows.length).toBe(10)
    expect(rows.seqAt(3)).toBe(3)
  })

  it('filters (markers stay), incrementally and after a rescan', () => {
    const buffer = new LogBuffer(100)
    const rows = new LogRows(buffer)
    buffer.append(batch(0, 30))
    rows.setFilter(matcher('line 1'))
    expect(Array.from({ length: rows.length }, (_, i) => buffer.text(rows.seqAt(i)))).toEqual(['line 1', ...Array.from({ length: 10 }, (_, i) => `line ${10 + i}`)])
    buffer.pushMarker({ kind: 'stopped', at: '2024-05-01T10:00:00Z' })
    buffer.append(batch(100, 20))
    rows.update()
    expect(rows.length).toBe(11 + 1 + 20)
    expect(rows.indexOf(105)).toBe(rows.indexOf(100))
    rows.setFilter(undefined)
    expect(rows.length).toBe(51)
  })

  it('counts search matches among the shown rows, ANSI escapes ignored, and forgets dropped ones', () => {
    const buffer = new LogBuffer(50)
    const rows = new LogRows(buffer)
    buffer.append(frameOf([['stdout', '\u001b[31merr\u001b[0mor here', ts(0)], ['stderr', 'ok', ts(1)]]))
    rows.setSearch(matcher('error'))
    expect(rows.matchCount).toBe(1)
    rows.setSearch(matcher('^l.*[05]$', true))
    buffer.append(batch(2, 98))
    rows.update()
    expect(rows.matchCount).toBe(10)
    expect(buffer.text(rows.matchSeq(0))).toBe('line 50')
    expect(rows.matchAtOrAfter(61)).toBe(3)
  })
})

describe('LogRows, sliced', () => {
  it('filters and searches rows that piled up a slice at a time, to the same result', () => {
    const buffer = new LogBuffer(100_000)
    for (let i = 0; i < 10; i++) buffer.append(batch(i * 5000, 5000, 7))
    const whole = new LogRows(buffer)
    whole.setFilter(matcher('[13579]$', true))
    whole.setSearch(matcher('77'))
    const sliced = new LogRows(buffer)
    sliced.setFilter(matcher('[13579]$', true))
    sliced.setSearch(matcher('77'))
    buffer.append(batch(50_000, 20_000, 7))
    whole.update()
    // A deadline already past: one step of rows per call, never the whole pile at once.
    let calls = 0
    while (!sliced.update(0)) {
      calls++
      expect(sliced.caughtUp).toBe(false)
    }
    expect(calls).toBeGreaterThan(10)
    expect(sliced.caughtUp).toBe(true)
    expect([sliced.length, sliced.matchCount]).toEqual([whole.length, whole.matchCount])
    expect(sliced.seqAt(sliced.length - 1)).toBe(whole.seqAt(whole.length - 1))
  })

  it('rescans for a new search or filter a slice at a time when given a deadline', () => {
    const buffer = new LogBuffer(100_000)
    for (let i = 0; i < 10; i++) buffer.append(batch(i * 5000, 5000, 7))
    const whole = new LogRows(buffer)
    whole.setSearch(matcher('77'))
    whole.setFilter(matcher('[13579]$', true))
    const sliced = new LogRows(buffer)
    sliced.setSearch(matcher('77'), 0)
    expect(sliced.caughtUp).toBe(false)
    sliced.setFilter(matcher('[13579]$', true), 0)
    expect(sliced.caughtUp).toBe(false)
    expect(sliced.matchCount).toBeLessThan(whole.matchCount)
    let calls = 0
    while (!sliced.update(0)) calls++
    expect(calls).toBeGreaterThan(10)
    expect([sliced.length, sliced.matchCount]).toEqual([whole.length, whole.matchCount])
  })
})

describe('LogBuffer chunks', () => {
  it('lets go of a batch\'s string once its last row is dropped, and slices rows out of it', () => {
    const buffer = new LogBuffer(1000)
    for (let i = 0; i < 50; i++) buffer.append(batch(i * 100, 100))
    const held = buffer as unknown as { chunks: string[]; chunkHead: number }
    // 1,000 rows of 100-line batches: ten batches' strings held, maybe one more in part.
    expect(held.chunks.length - held.chunkHead).toBeLessThanOrEqual(11)
    expect(held.chunks.slice(0, held.chunkHead).every((c) => c === '')).toBe(true)
    expect([buffer.text(buffer.first), buffer.text(buffer.end - 1)]).toEqual(['line 4000', 'line 4999'])
    buffer.clear()
    expect(held.chunks.length - held.chunkHead).toBe(0)
    buffer.append(batch(7, 1))
    expect(buffer.text(buffer.end - 1)).toBe('line 7')
  })
})

describe('SeqList', () => {
  it('grows, drops its front and searches', () => {
    const list = new SeqList()
    for (let i = 0; i < 5000; i++) list.push(i * 2)
    list.dropBelow(4000)
    expect(list.length).toBe(3000)
    expect(list.at(0)).toBe(4000)
    expect(list.lowerBound(4001)).toBe(1)
    for (let i = 5000; i < 9000; i++) list.push(i * 2)
    expect(list.at(list.length - 1)).toBe(17998)
    expect(list.lowerBound(1e9)).toBe(list.length)
  })
})
