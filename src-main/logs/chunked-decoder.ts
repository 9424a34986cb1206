/**
 * HTTP/1.1's chunked transfer coding, undone: `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n[trailers]\r\n`.
 *
 * dockerd flushes every log line as its own chunk, so a log response is a million tiny chunks.
 * Node's HTTP client hands each one to JavaScript as its own Buffer and 'data' event (about 40 %
 * of the main process's time while reading a long history). This decoder instead copies the data
 * of every chunk in a socket read into one output buffer with `Buffer#copy` (no object per chunk),
 * however chunks and their size lines fall across reads.
 */

const CR = 0x0d
const LF = 0x0a

type State = 'size' | 'extension' | 'sizeLF' | 'data' | 'dataCR' | 'dataLF' | 'trailer' | 'trailerLine' | 'trailerLF' | 'done'

export class ChunkedDecoder {
  private state: State = 'size'
  private size = 0
  private sizeDigits = 0
  private remaining = 0

  /** The terminating zero-size chunk and its trailers have been read: the body is complete. */
  get done(): boolean {
    return this.state === 'done'
  }

  /**
   * Decodes `input` and copies its data into `output` from `outputStart` (`output` needs room for
   * `input.length` bytes: data is never longer than its coding). Returns where the data ends.
   * Bytes after the end of the body are ignored. Throws on a malformed coding.
   */
  decode(input: Buffer, output: Buffer, outputStart = 0): number {
    let out = outputStart
    let pos = 0
    const length = input.length
    while (pos < length) {
      switch (this.state) {
        case 'data': {
          const take = Math.min(this.remaining, length - pos)
          input.copy(output, out, pos, pos + take)
          out += take
          pos += take
          this.remaining -= take
          if (this.remaining === 0) this.state = 'dataCR'
          break
        }
        case 'size': {
          const byte = input[pos++]!
          const digit = hexValue(byte)
          if (digit >= 0) {
            // 2^53 would lose precision long before any real chunk: cap the digits.
            if (++this.sizeDigits > 12) throw new Error('HTTP chunk size too large')
            this.size = this.size * 16 + digit
          } else if (this.sizeDigits > 0 && byte === CR) {
            this.state = 'sizeLF'
          } else if (this.sizeDigits > 0 && byte === 0x3b /* ; */) {
            this.state = 'extension'
          } else {
            throw new Error(`malformed HTTP chunk size (byte 0x${byte.toString(16)})`)
          }
          break
        }
        case 'extension':
          // Chunk extensions carry nothing we use; skip to the end of the line.
          if (input[pos++] === CR) this.state = 'sizeLF'
          break
        case 'sizeLF':
          this.expect(input[pos++]!, LF)
          if (this.size === 0) {
            this.state = 'trailer'
          } else {
            this.remaining = this.size
            this.state = 'data'
          }
          this.size = 0
          this.sizeDigits = 0
          break
        case 'dataCR':
          this.expect(input[pos++]!, CR)
          this.state = 'dataLF'
          break
        case 'dataLF':
          this.expect(input[pos++]!, LF)
          this.state = 'size'
          break
        case 'trailer': {
          // At the start of a trailer line: an empty one ends the body.
          const byte = input[pos++]!
          this.state = byte === CR ? 'trailerLF' : 'trailerLine'
          break
        }
        case 'trailerLine':
          if (input[pos++] === LF) this.state = 'trailer'
          break
        case 'trailerLF':
          this.expect(input[pos++]!, LF)
          this.state = 'done'
          break
        case 'done':
          return out
      }
    }
    return out
  }

  private expect(byte: number, wanted: number): void {
    if (byte !== wanted) throw new Error(`malformed HTTP chunk coding (byte 0x${byte.toString(16)} where 0x${wanted.toString(16)} belongs)`)
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10
  return -1
}
