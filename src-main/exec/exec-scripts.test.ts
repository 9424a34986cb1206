import { describe, expect, it } from 'vitest'
import { PidMarkerReader, wrapWithPidMarker } from './exec-scripts'

describe('PidMarkerReader', () => {
  it('takes the marker out and passes the rest through, however the chunks fall', () => {
    const full = '\x1b]7771;berth-pid=42\x07/ # '
    for (let cut = 0; cut <= full.length; cut++) {
      const reader = new PidMarkerReader()
      const out = reader.push(full.slice(0, cut)) + reader.push(full.slice(cut)) + reader.flush()
      expect(out).toBe('/ # ')
      expect(reader.pid).toBe(42)
    }
  })
  it('finds the marker after echoed keys typed before the wrapper ran', () => {
    const reader = new PidMarkerReader()
    expect(reader.push('ls\r\n\x1b]7771;berth-pid=7\x07/ # ')).toBe('ls\r\n/ # ')
    expect(reader.pid).toBe(7)
  })
  it('passes output without a marker through once past the window, or at the end', () => {
    const reader = new PidMarkerReader()
    expect(reader.push('OCI runtime exec failed')).toBe('')
    expect(reader.flush()).toBe('OCI runtime exec failed')
    const long = new PidMarkerReader()
    expect(long.push('x'.repeat(5000))).toHaveLength(5000)
    expect(long.push('more')).toBe('more')
    expect(long.pid).toBeUndefined()
  })
  it('gives held text back when the stream ends early', () => {
    const reader = new PidMarkerReader()
    expect(reader.push('\x1b]77')).toBe('')
    expect(reader.flush()).toBe('\x1b]77')
  })
})

describe('wrapWithPidMarker', () => {
  it('keeps the command as separate arguments (no shell quoting)', () => {
    expect(wrapWithPidMarker(['/bin/echo', 'a b', '$HOME']).slice(3)).toEqual(['sh', '/bin/echo', 'a b', '$HOME'])
  })
})
