import { describe, expect, it } from 'vitest'
import { compareTimestamps, parseTimestamp, toEngineSince } from './timestamp'

describe('log timestamps', () => {
  it('parses RFC3339Nano with any fraction and offset', () => {
    expect(parseTimestamp('2024-01-01T00:00:00.123456789Z')).toEqual({ seconds: 1704067200, nanos: 123456789 })
    expect(parseTimestamp('2024-01-01T09:00:00.5+09:00')).toEqual({ seconds: 1704067200, nanos: 500000000 })
    expect(parseTimestamp('2024-01-01T00:00:00Z')).toEqual({ seconds: 1704067200, nanos: 0 })
    expect(parseTimestamp('yesterday')).toBeUndefined()
    expect(parseTimestamp('')).toBeUndefined()
  })

  it('compares to the nanosecond', () => {
    expect(compareTimestamps('2024-01-01T00:00:00.000000001Z', '2024-01-01T00:00:00.000000002Z')).toBeLessThan(0)
    expect(compareTimestamps('2024-01-01T00:00:00.000000002Z', '2024-01-01T00:00:00.000000002Z')).toBe(0)
    expect(compareTimestamps('2024-01-01T09:00:00.000000003+09:00', '2024-01-01T00:00:00.000000002Z')).toBeGreaterThan(0)
    expect(compareTimestamps('2024-01-01T00:00:01Z', '2024-01-01T00:00:00.999999999Z')).toBeGreaterThan(0)
    expect(compareTimestamps('', '2024-01-01T00:00:00Z')).toBeLessThan(0)
  })

  it('gives the engine seconds.nanoseconds', () => {
    expect(toEngineSince('2024-01-01T00:00:00.000000042Z')).toBe('1704067200.000000042')
    expect(() => toEngineSince('soon')).toThrow()
  })
})
