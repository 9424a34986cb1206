import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogBatch } from '../../src-shared/models/log'
import { LogBatcher } from './log-batcher'

describe('LogBatcher', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends lines together once per interval, never one message per line', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b), { intervalMs: 25 })
    for (let i = 0; i < 100; i++) batcher.line(i % 2 ? 'stderr' : 'stdout', `l${i}`, `t${i}`)
    expect(sent).toHaveLength(0)
    vi.advanceTimersByTime(25)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toHaveLength(100)
    expect(sent[0]!.stream.slice(0, 2)).toEqual(['stdout', 'stderr'])
    expect(sent[0]!.timestamp[99]).toBe('t99')
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(1)
  })

  it('sends at once when a batch is full', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b), { maxLines: 10 })
    for (let i = 0; i < 25; i++) batcher.line('stdout', `l${i}`, '')
    expect(sent.map((b) => b.text.length)).toEqual([10, 10])
    vi.runAllTimers()
    expect(sent.map((b) => b.text.length)).toEqual([10, 10, 5])
  })

  it('places markers between the lines they came between, and sends them at once', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b))
    batcher.line('stdout', 'before', '')
    batcher.marker({ kind: 'stopped', at: 'now', exitCode: 3 })
    expect(sent).toEqual([{ stream: ['stdout'], text: ['before'], timestamp: [''], markers: [{ kind: 'stopped', at: 'now', exitCode: 3, index: 1 }] }])
  })

  it('sends nothing when there is nothing, and nothing after dispose', () => {
    const sent: LogBatch[] = []
    const batcher = new LogBatcher((b) => sent.push(b))
    batcher.flush()
    batcher.line('stdout', 'x', '')
    batcher.dispose()
    vi.runAllTimers()
    expect(sent).toEqual([])
  })
})
