import { describe, expect, it } from 'vitest'
import { shellQuote, shellSplit } from './shell'

describe('shell quoting and splitting', () => {
  it('quotes only what needs it', () => {
    expect(shellQuote('nginx:1.27')).toBe('nginx:1.27')
    expect(shellQuote('GREETING=hello world')).toBe("'GREETING=hello world'")
    expect(shellQuote("it's")).toBe("'it'\\''s'")
    expect(shellQuote('')).toBe("''")
    expect(shellQuote('$HOME')).toBe("'$HOME'")
  })

  it('splits quotes, escapes and continuations', () => {
    expect(shellSplit(`docker run -e 'A=x y' -e "B=\\"q\\"" C\\ D \\\n  img`)).toEqual(['docker', 'run', '-e', 'A=x y', '-e', 'B="q"', 'C D', 'img'])
    expect(shellSplit("a '' b")).toEqual(['a', '', 'b'])
    expect(shellSplit('a # comment')).toEqual(['a'])
  })

  it('round-trips any word', () => {
    for (const word of ["it's", 'a b', '$x', '"q"', 'tab\there', 'new\nline', '', '\\']) {
      expect(shellSplit(shellQuote(word))).toEqual([word])
    }
  })

  it('refuses unclosed quotes', () => {
    expect(() => shellSplit("a 'b")).toThrow(/never closed/)
    expect(() => shellSplit('a "b')).toThrow(/never closed/)
  })
})
