import { afterEach, describe, expect, it, vi } from 'vitest'
import { OutputBatcher } from './output-batcher'

afterEach(() => vi.useRealTimers())

describe('OutputBatcher', () => {
  it('joins a UTF-8 sequence split across chunks, and a burst into one chunk', () => {
    vi.useFakeTimers()
    const sent: string[] = []
    const batcher = new OutputBatcher((text) => sent.push(text))
    const bytes = Buffer.from('컨테이너 ✓', 'utf8')
    for (const byte of bytes) batcher.push(Uint8Array.of(byte))
    expect(sent).toEqual([])
    vi.advanceTimersByTime(20)
    expect(sent).toEqual(['컨테이너 ✓'])
  })
  it('keeps one decoder per stream, so stderr between the bytes of a stdout character does not break it', () => {
    const sent: string[] = []
    const batcher = new OutputBatcher((text) => sent.push(text))
    const han = Buffer.from('한', 'utf8')
    batcher.push(han.subarray(0, 1), 'stdout')
    batcher.push(Buffer.from('!'), 'stderr')
    batcher.push(han.subarray(1), 'stdout')
    batcher.end()
    expect(sent.join('')).toBe('!한')
  })
  it('sends at once past 64 KiB and applies the filter', () => {
    const sent: string[] = []
    const batcher = new OutputBatcher((text) => sent.push(text), (text) => text.replace(/x/g, ''))
    batcher.push(Buffer.alloc(70 * 1024, 'a'))
    expect(sent[0]?.length).toBe(70 * 1024)
    batcher.push(Buffer.from('xx'))
    batcher.end()
    expect(sent.length).toBe(1)
    batcher.dispose()
  })
})
