/** Splits a byte stream of newline-separated JSON documents (the engine's stats stream) into lines. */
export function splitJsonLines(): { push(chunk: Buffer): string[] } {
  let rest = ''
  return {
    push(chunk) {
      rest += chunk.toString('utf8')
      const parts = rest.split('\n')
      rest = parts.pop() ?? ''
      return parts.filter((line) => line.trim() !== '')
    },
  }
}
