import { describe, expect, it } from 'vitest'
import { formatAxis, formatMemory, formatPercent, formatRate } from './stats'

describe('stats formatting', () => {
  it('percent', () => {
    expect(formatPercent(99.534)).toBe('100%')
    expect(formatPercent(3.14)).toBe('3.1%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(undefined)).toBe('—')
  })
  it('memory in binary units with the limit', () => {
    expect(formatMemory(64 * 1024 * 1024, 8 * 1024 ** 3)).toMatch(/^64 MiB \/ 8(\.0)? GiB$/)
    expect(formatMemory(undefined)).toBe('—')
  })
  it('rates in decimal units per second', () => {
    expect(formatRate(1_500_000)).toBe('1.5 MB/s')
    expect(formatRate(0)).toBe('0 B/s')
  })
  it('axis ticks by kind', () => {
    expect(formatAxis('count', 3)).toBe('3')
    expect(formatAxis('percent', 50)).toBe('50%')
  })
})
