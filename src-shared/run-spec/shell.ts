/** POSIX shell quoting and splitting, just enough for one `docker run` line. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** One word, quoted only when the shell would otherwise change it. */
export function shellQuote(word: string): string {
  if (word === '') return "''"
  if (SAFE.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

export class ShellSyntaxError extends Error {}

/**
 * Splits a command line into words the way sh does for plain text: quotes, backslashes, and
 * backslash-newline continuations (how long `docker run` lines are usually pasted). Variables and
 * substitutions are kept literally: Berth runs nothing.
 */
export function shellSplit(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (c === '\\') {
      const next = line[i + 1]
      if (next === '\n') i += 2
      else if (next === '\r' && line[i + 2] === '\n') i += 3
      else {
        if (next === undefined) throw new ShellSyntaxError('The line ends with a lone backslash.')
        word += next
        inWord = true
        i += 2
      }
      continue
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) throw new ShellSyntaxError('A single quote (\') is never closed.')
      word += line.slice(i + 1, end)
      inWord = true
      i = end + 1
      continue
    }
    if (c === '"') {
      i++
      inWord = true
      for (;;) {
        if (i >= line.length) throw new ShellSyntaxError('A double quote (") is never closed.')
        const d = line[i]!
        if (d === '"') break
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== '\n') word += line[i + 1]
          i += 2
          continue
        }
        word += d
        i++
      }
      i++
      continue
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
      continue
    }
    if (c === '#' && !inWord) break
    word += c
    inWord = true
    i++
  }
  if (inWord) words.push(word)
  return words
}
