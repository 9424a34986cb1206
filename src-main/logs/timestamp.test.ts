import { describe, expect, it } from 'vitest'
import { parseLogTime } from '../../src-shared/log-time'
import { TimestampReader, toEngineSince } from './timestamp'

describe('log timestamps', () => {
  it('parses RFC3339Nano with any fraction and offset', () => {
    expect(parseLogTime('2024-01-01T00:00:00.123456789Z')).toEqual({ seconds: 1704067200, nanos: 123456789 })
    expect(parseLogTime('2024-01-01T09:00:00.5+09:00')).toEqual({ seconds: 1704067200, nanos: 500000000 })
    expect(parseLogTime('2024-01-01T00:00:00Z')).toEqual({ seconds: 1704067200, nanos: 0 })
    expect(parseLogTime('yesterday')).toBeUndefined()
    expect(parseLogTime('')).toBeUndefined()
  })

  it('gives the engine seconds.nanoseconds', () => {
    expect(toEngineSince('2024-01-01T00:00:00.000000042Z')).toBe('1704067200.000000042')
    expect(() => toEngineSince('soon')).toThrow()
  })
})

describe('TimestampReader', () => {
  it('reads every form to the nanosecond, the fixed one without a Date per line', () => {
    const reader = new TimestampReader()
    const read = (v: string) => (reader.read(v) ? [reader.seconds, reader.nanos] : undefined)
    expect(read('2024-01-01T00:00:00.123456789Z')).toEqual([1704067200, 123456789])
    expect(read('2024-01-01T00:00:00.000000001Z')).toEqual([1704067200, 1])
    expect(read('2024-01-01T00:00:01.000000000Z')).toEqual([1704067201, 0])
    expect(read('2024-01-01T09:00:00.5+09:00')).toEqual([1704067200, 500000000])
    expect(read('2024-01-01T00:00:0x.000000000Z')).toBeUndefined()
    expect(read('')).toBeUndefined()
    expect(Number.isNaN(reader.seconds)).toBe(true)
  })
})
