import type { OutputStream } from './demux'

/** One complete line, without its newline, and the engine's timestamp of its first byte. */
export type LineHandler = (stream: OutputStream, text: string, timestamp: string) => void

export interface LineSplitterOptions {
  /** The engine was asked for `timestamps: true`: every message starts with `<RFC3339Nano> `. */
  timestamps: boolean
  /**
   * Raw (TTY) streams have no frames, so each line starts a message; framed streams start a
   * message at each frame, and a long line arrives as several messages (the engine cuts at 16 KiB).
   */
  raw: boolean
  /** A line longer than this (in UTF-16 units) is cut, so one endless line cannot eat memory. */
  maxLineLength?: number
}

const NEWLINE = 0x0a
const SPACE = 0x20
/** `2006-01-02T15:04:05.000000000Z07:00` is 35 characters at most; more is not a timestamp. */
const MAX_TIMESTAMP = 40
const latin1 = new TextDecoder('latin1')

/** Node's Buffer slices to a string in one native call, cheaper than TextDecoder for a short line. */
type NodeBytes = Uint8Array & { latin1Slice?(start: number, end: number): string; utf8Slice?(start: number, end: number): string }

/**
 * Turns one stream's bytes into lines. Bytes are decoded with a streaming TextDecoder, so a UTF-8
 * character split across chunks or frames comes out whole; a line split across frames (the
 * engine's 16 KiB pieces) keeps the timestamp of its first piece, and the later pieces' timestamps
 * are dropped rather than landing in the middle of the text. Work is linear in the bytes: a long
 * line is kept as a list of parts and joined once.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8')
  private parts: string[] = []
  private partsLength = 0
  /** Bytes of the current line were seen since the last newline. */
  private lineOpen = false
  private lineTimestamp = ''
  private expectTimestamp: boolean
  private timestampBuf = ''
  /** The decoder holds no half character: the last bytes it saw ended a line. */
  private decoderClean = true
  private readonly maxLineLength: number

  constructor(
    private readonly stream: OutputStream,
    private readonly options: LineSplitterOptions,
    private readonly onLine: LineHandler,
  ) {
    this.expectTimestamp = options.timestamps
    this.maxLineLength = options.maxLineLength ?? 1 << 20
  }

  /** A new engine message begins (framed streams): its timestamp comes first. */
  messageStart(): void {
    if (this.options.timestamps && !this.options.raw) this.expectTimestamp = true
  }

  push(bytes: Uint8Array): void {
    let pos = 0
    const length = bytes.length
    while (pos < length) {
      if (this.expectTimestamp) {
        pos = this.readTimestamp(bytes, pos)
        if (this.expectTimestamp) return
        continue
      }
      if (this.options.raw && this.options.timestamps) {
        // Raw: every line is its own message, so a timestamp follows each newline.
        const newline = bytes.indexOf(NEWLINE, pos)
        const end = newline < 0 ? length : newline + 1
        this.feed(bytes.subarray(pos, end))
        pos = end
        if (newline >= 0) this.expectTimestamp = true
      } else {
        this.feed(pos === 0 ? bytes : bytes.subarray(pos))
        pos = length
      }
    }
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    const rest = this.decoder.decode()
    this.decoderClean = true
    if (rest) this.append(rest)
    if (this.partsLength > 0) this.emit(this.takeParts())
    this.lineOpen = false
    this.expectTimestamp = this.options.timestamps
    this.timestampBuf = ''
  }

  private readTimestamp(bytes: Uint8Array, pos: number): number {
    const space = bytes.indexOf(SPACE, pos)
    const end = space < 0 ? bytes.length : space
    const b = bytes as NodeBytes
    this.timestampBuf += b.latin1Slice ? b.latin1Slice(pos, end) : latin1.decode(bytes.subarray(pos, end))
    if (this.timestampBuf.length > MAX_TIMESTAMP) {
      // Not a timestamp after all (an engine that ignored the option): keep the bytes as text.
      const text = this.timestampBuf
      this.timestampBuf = ''
      this.expectTimestamp = false
      this.feed(new TextEncoder().encode(text))
      return end
    }
    if (space < 0) return end
    this.expectTimestamp = false
    // A later piece of a long line keeps the line's first timestamp.
    if (!this.lineOpen) this.lineTimestamp = this.timestampBuf
    this.timestampBuf = ''
    return space + 1
  }

  private feed(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    const endsLine = bytes[bytes.length - 1] === NEWLINE
    this.lineOpen = !endsLine
    const b = bytes as NodeBytes
    // Whole lines after whole lines (nearly every engine message): no decoder state to carry.
    const text = this.decoderClean && endsLine && b.utf8Slice ? b.utf8Slice(0, bytes.length) : this.decoder.decode(bytes, { stream: true })
    this.decoderClean = endsLine
    let start = 0
    for (;;) {
      const newline = text.indexOf('\n', start)
      if (newline < 0) break
      const piece = text.slice(start, newline)
      this.emit(this.partsLength > 0 ? this.takeParts() + piece : piece)
      start = newline + 1
    }
    if (start < text.length) this.append(start === 0 ? text : text.slice(start))
  }

  private append(text: string): void {
    this.parts.push(text)
    this.partsLength += text.length
    if (this.partsLength >= this.maxLineLength) {
      const all = this.takeParts()
      let at = 0
      for (; all.length - at >= this.maxLineLength; at += this.maxLineLength) this.emit(all.slice(at, at + this.maxLineLength))
      if (at < all.length) this.append(all.slice(at))
    }
  }

  private takeParts(): string {
    const joined = this.parts.length === 1 ? this.parts[0]! : this.parts.join('')
    this.parts = []
    this.partsLength = 0
    return joined
  }

  private emit(text: string): void {
    // A TTY ends lines with \r\n; the \r is not part of the text.
    let clean = this.options.raw && text.endsWith('\r') ? text.slice(0, -1) : text
    for (; clean.length > this.maxLineLength; clean = clean.slice(this.maxLineLength)) {
      this.onLine(this.stream, clean.slice(0, this.maxLineLength), this.lineTimestamp)
    }
    this.onLine(this.stream, clean, this.lineTimestamp)
  }
}
