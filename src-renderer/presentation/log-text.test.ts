import { describe, expect, it } from 'vitest'
import { ansiSegments, buildMatcher, formatLogTime, markRanges, stripAnsi, type LogMatcher } from './log-text'

describe('log text', () => {
  it('strips ANSI escapes', () => {
    expect(stripAnsi('\u001b[1;31mred\u001b[0m plain \u001b]0;title\u0007x')).toBe('red plain x')
    expect(stripAnsi('plain')).toBe('plain')
  })

  it('turns ANSI colours into classes and styles', () => {
    expect(ansiSegments('plain')).toEqual([{ text: 'plain' }])
    expect(ansiSegments('a\u001b[31mred\u001b[0m\u001b[1;42mbold\u001b[0m\u001b[38;5;196mx\u001b[38;2;1;2;3my')).toEqual([
      { text: 'a' },
      { text: 'red', classes: 'ansi-red-fg' },
      { text: 'bold', classes: 'ansi-green-bg ansi-bold' },
      { text: 'x', style: 'color: rgb(255, 0, 0)' },
      { text: 'y', style: 'color: rgb(1, 2, 3)' },
    ])
  })

  it('marks search ranges across coloured runs', () => {
    const segments = ansiSegments('ab\u001b[31mcd\u001b[0mef')
    expect(markRanges(segments, [[1, 3], [5, 6]])).toEqual([
      { text: 'a' },
      { text: 'b', classes: 'log-mark' },
      { text: 'c', classes: 'ansi-red-fg log-mark' },
      { text: 'd', classes: 'ansi-red-fg' },
      { text: 'e' },
      { text: 'f', classes: 'log-mark' },
    ])
  })

  it('matches plain text, case and regular expressions, and explains a bad one', () => {
    const plain = buildMatcher('a.b', { caseSensitive: false, regex: false }) as LogMatcher
    expect([plain.test('xA.By'), plain.test('axb')]).toEqual([true, false])
    expect(plain.ranges('a.b A.B')).toEqual([[0, 3], [4, 7]])
    const cased = buildMatcher('Err', { caseSensitive: true, regex: false }) as LogMatcher
    expect([cased.test('Error'), cased.test('error')]).toEqual([true, false])
    const regex = buildMatcher('\\d+', { caseSensitive: false, regex: true }) as LogMatcher
    expect(regex.ranges('a1 b22')).toEqual([[1, 2], [4, 6]])
    expect((buildMatcher('x*', { caseSensitive: false, regex: true }) as LogMatcher).ranges('axx')).toEqual([[1, 3]])
    expect(buildMatcher('(', { caseSensitive: false, regex: true })).toEqual({ error: expect.any(String) })
    expect(buildMatcher('', { caseSensitive: false, regex: false })).toBeUndefined()
  })

  it('formats times in UTC or local time, to the millisecond', () => {
    const ms = Date.parse('2024-05-01T10:00:00.123Z') + 0.4
    expect(formatLogTime(ms, 'utc')).toBe('2024-05-01 10:00:00.123Z')
    expect(formatLogTime(ms, 'local')).toMatch(/^2024-05-0[12] \d\d:\d\d:00\.123$/)
    expect(formatLogTime(Number.NaN, 'utc')).toBe('')
  })
})
