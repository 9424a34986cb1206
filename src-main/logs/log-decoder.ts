import { FrameDemuxer, RawStream, type FrameHandler, type OutputStream } from './demux'
import { LineSplitter, type LineHandler } from './line-splitter'

export interface LogDecoderOptions {
  /** The container has a TTY: its stream is raw, not framed. */
  tty: boolean
  /** The engine was asked for timestamps. */
  timestamps: boolean
  onLine: LineHandler
  /** The engine reported an error inside the stream. */
  onSystemError?(message: string): void
  maxLineLength?: number
}

/** From the engine's log bytes to lines: demultiplex (or not, for a TTY), then split each stream. */
export class LogDecoder {
  private readonly input: FrameDemuxer | RawStream
  private readonly splitters: Record<OutputStream, LineSplitter>

  constructor(options: LogDecoderOptions) {
    const splitterOptions = { timestamps: options.timestamps, raw: options.tty, maxLineLength: options.maxLineLength }
    this.splitters = {
      stdout: new LineSplitter('stdout', splitterOptions, options.onLine),
      stderr: new LineSplitter('stderr', splitterOptions, options.onLine),
    }
    const handler: FrameHandler = {
      frameStart: (stream) => this.splitters[stream].messageStart(),
      data: (stream, bytes) => this.splitters[stream].push(bytes),
      systemError: options.onSystemError,
    }
    this.input = options.tty ? new RawStream(handler) : new FrameDemuxer(handler)
  }

  push(chunk: Uint8Array): void {
    this.input.push(chunk)
  }

  /** The response ended: flush last lines that had no newline. */
  end(): void {
    this.splitters.stdout.end()
    this.splitters.stderr.end()
  }
}
