/**
 * Docker's log stream, read in one pass.
 *
 * A non-TTY container's stream is framed: each frame is an 8-byte header (stream type, 3 zero
 * bytes, big-endian payload size) and its payload. dockerode's `demuxStream` concatenates its whole
 * remaining buffer for every frame, which is quadratic in the buffer's size (a few MB of history
 * blew a process up to 24 GB). The demultiplexer here is a small state machine instead: it copies
 * at most the 8 header bytes, and hands each payload on as views (`subarray`) of the chunks it was
 * given, however the frames fall across chunks.
 *
 * A TTY container's stream is raw: no frames, one stream (stdout).
 */

export type OutputStream = 'stdout' | 'stderr'

export interface FrameHandler {
  /** A frame begins: the engine wrote one message (one line, or a piece of a long one). */
  frameStart(stream: OutputStream, size: number): void
  /** Some of the current frame's payload; a view into the pushed chunk, valid during the call. */
  data(stream: OutputStream, bytes: Uint8Array): void
  /** The engine reported an error inside the stream (stream type 3). */
  systemError?(message: string): void
}

const HEADER = 8

/** Frame header stream types (moby's stdcopy). stdin (0) is written to stdout, as the CLI does. */
function streamOf(type: number): OutputStream | 'system' | undefined {
  switch (type) {
    case 0:
    case 1:
      return 'stdout'
    case 2:
      return 'stderr'
    case 3:
      return 'system'
    default:
      return undefined
  }
}

export class FrameDemuxer {
  private readonly header = new Uint8Array(HEADER)
  private headerFill = 0
  private remaining = 0
  private stream: OutputStream | 'system' = 'stdout'
  private systemParts: Uint8Array[] = []

  constructor(private readonly handler: FrameHandler) {}

  /** True between frames: the stream may end here without losing a byte. */
  get atFrameBoundary(): boolean {
    return this.headerFill === 0 && this.remaining === 0
  }

  push(chunk: Uint8Array): void {
    let pos = 0
    const length = chunk.length
    while (pos < length) {
      if (this.remaining === 0) {
        const take = Math.min(HEADER - this.headerFill, length - pos)
        this.header.set(chunk.subarray(pos, pos + take), this.headerFill)
        this.headerFill += take
        pos += take
        if (this.headerFill < HEADER) return
        this.headerFill = 0
        this.beginFrame()
        continue
      }
      const take = Math.min(this.remaining, length - pos)
      const bytes = chunk.subarray(pos, pos + take)
      pos += take
      this.remaining -= take
      if (this.stream === 'system') {
        this.systemParts.push(bytes.slice())
        if (this.remaining === 0) this.endSystemFrame()
      } else {
        this.handler.data(this.stream, bytes)
      }
    }
  }

  private beginFrame(): void {
    const h = this.header
    const stream = streamOf(h[0]!)
    if (stream === undefined || h[1] !== 0 || h[2] !== 0 || h[3] !== 0) {
      throw new Error(`Unrecognised log frame header ${Array.from(h, (b) => b.toString(16).padStart(2, '0')).join(' ')}: is this a TTY container's raw stream?`)
    }
    // >>> 0: the size is unsigned.
    const size = ((h[4]! << 24) | (h[5]! << 16) | (h[6]! << 8) | h[7]!) >>> 0
    this.stream = stream
    this.remaining = size
    if (stream === 'system') {
      if (size === 0) this.endSystemFrame()
      return
    }
    this.handler.frameStart(stream, size)
  }

  private endSystemFrame(): void {
    const message = Buffer.concat(this.systemParts).toString('utf8')
    this.systemParts = []
    this.handler.systemError?.(message)
  }
}

/** A TTY container's stream: everything is stdout, and there are no message boundaries. */
export class RawStream {
  constructor(private readonly handler: FrameHandler) {}

  push(chunk: Uint8Array): void {
    if (chunk.length > 0) this.handler.data('stdout', chunk)
  }
}
