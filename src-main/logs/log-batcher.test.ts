import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { lineCount, lineTexts, lineTimestamp } from '../../src-shared/log-frame'
import type { LogBatch } from '../../src-shared/models/log'
import { LogBatcher } from './log-batcher'

describe('LogBatcher', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends lines together once per interval, never one message per line', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b), { intervalMs: 25 })
    for (let i = 0; i < 100; i++) batcher.line(i % 2 ? 'stderr' : 'stdout', `l${i}`, 1704067200 + i, i)
    expect(sent).toHaveLength(0)
    vi.advanceTimersByTime(25)
    expect(sent).toHaveLength(1)
    expect(lineCount(sent[0]!)).toBe(100)
    expect(lineTexts(sent[0]!).slice(0, 3)).toEqual(['l0', 'l1', 'l2'])
    expect(Array.from(sent[0]!.stderr.slice(0, 2))).toEqual([0, 1])
    expect(lineTimestamp(sent[0]!, 99)).toBe('2024-01-01T00:01:39.000000099Z')
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(1)
  })

  it('sends one string and typed arrays, not an object or a string per line', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b))
    batcher.line('stdout', 'a', 1, 2)
    batcher.line('stdout', '', 1, 3)
    batcher.line('stderr', 'c\x1b[31m', Number.NaN, 0)
    batcher.flush()
    expect(sent[0]!.text).toBe('a\n\nc\x1b[31m\n')
    expect(sent[0]!.stderr).toBeInstanceOf(Uint8Array)
    expect(sent[0]!.seconds).toBeInstanceOf(Float64Array)
    expect(sent[0]!.nanos).toBeInstanceOf(Uint32Array)
    expect(lineTexts(sent[0]!)).toEqual(['a', '', 'c\x1b[31m'])
    expect(lineTimestamp(sent[0]!, 2)).toBe('')
  })

  it('sends what Electron\'s IPC carries as it is (structured clone keeps typed arrays)', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b))
    batcher.line('stderr', 'x', 1704067200, 42)
    batcher.marker({ kind: 'stopped', at: 'now' })
    const cloned = structuredClone(sent[0]!)
    expect(cloned.stderr).toBeInstanceOf(Uint8Array)
    expect(cloned.nanos).toBeInstanceOf(Uint32Array)
    expect(lineTimestamp(cloned, 0)).toBe('2024-01-01T00:00:00.000000042Z')
    expect(cloned).toEqual(sent[0])
  })

  it('sends at once when a batch is full, and reuses nothing it sent', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b), { maxLines: 10 })
    for (let i = 0; i < 25; i++) batcher.line('stdout', `l${i}`, i, 0)
    expect(sent.map(lineCount)).toEqual([10, 10])
    vi.runAllTimers()
    expect(sent.map(lineCount)).toEqual([10, 10, 5])
    expect(Array.from(sent[0]!.seconds)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('places markers between the lines they came between, and sends them at once', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b))
    batcher.line('stdout', 'before', 5, 6)
    batcher.marker({ kind: 'stopped', at: 'now', exitCode: 3 })
    expect(sent).toHaveLength(1)
    expect(lineTexts(sent[0]!)).toEqual(['before'])
    expect(sent[0]!.markers).toEqual([{ kind: 'stopped', at: 'now', exitCode: 3, index: 1 }])
  })

  it('sends nothing when there is nothing, and nothing after dispose', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b))
    batcher.flush()
    batcher.line('stdout', 'x', 0, 0)
    batcher.dispose()
    vi.runAllTimers()
    expect(sent).toEqual([])
  })
})
