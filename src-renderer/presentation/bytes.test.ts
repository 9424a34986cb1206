import { describe, expect, it } from 'vitest'
import { formatBytes } from './bytes'

describe('formatBytes', () => {
  it('uses decimal units by default', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1000)).toBe('1 kB')
    expect(formatBytes(1_934_000_000)).toBe('1.9 GB')
    expect(formatBytes(72_800_000)).toBe('73 MB')
  })

  it('uses binary units on request', () => {
    expect(formatBytes(1024, { binary: true })).toBe('1 KiB')
    expect(formatBytes(8 * 1024 ** 3, { binary: true })).toBe('8 GiB')
    expect(formatBytes(2_087_301_120, { binary: true })).toBe('1.9 GiB')
  })

  it('carries rounding into the next unit', () => {
    expect(formatBytes(999_960)).toBe('1 MB')
  })

  it('does not pretend to know nonsense', () => {
    expect(formatBytes(-1)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
  })

  it('formats the number in the given locale', () => {
    expect(formatBytes(1_500_000, { locale: 'de' })).toBe('1,5 MB')
  })
})
