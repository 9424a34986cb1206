import { StringDecoder } from 'node:string_decoder'

/** How long output waits to be joined with what follows: one frame, so a flood is ~60 chunks a second. */
const FLUSH_MS = 16
/** A chunk is sent at once past this size, so a window never gets one huge message. */
const MAX_CHUNK = 64 * 1024

/**
 * Turns a terminal's bytes into text chunks: UTF-8 sequences split across engine chunks are held
 * until complete (one decoder per output stream), and bursts are joined so `yes` does not send
 * a message per engine chunk.
 */
export class OutputBatcher {
  private readonly decoders = new Map<string, StringDecoder>()
  private pending = ''
  private timer?: NodeJS.Timeout

  constructor(
    private readonly send: (text: string) => void,
    private readonly filter: (text: string) => string = (text) => text,
  ) {}

  push(bytes: Uint8Array, stream = 'stdout'): void {
    let decoder = this.decoders.get(stream)
    if (!decoder) this.decoders.set(stream, (decoder = new StringDecoder('utf8')))
    this.add(decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)))
  }

  /** Sends what is held, including an incomplete sequence at the very end (as U+FFFD). */
  end(): void {
    for (const decoder of this.decoders.values()) this.add(decoder.end())
    this.decoders.clear()
    this.flush()
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending = ''
  }

  private add(text: string): void {
    const passed = this.filter(text)
    if (!passed) return
    this.pending += passed
    if (this.pending.length >= MAX_CHUNK) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS)
  }

  private flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!this.pending) return
    const text = this.pending
    this.pending = ''
    this.send(text)
  }
}
