import type { LogBatch, LogMarker, LogSource, LogStream } from '../../src-shared/models/log'

export interface LogBatcherOptions {
  /** The longest a line waits before it is sent. */
  intervalMs?: number
  /** A batch this big is sent at once, so one message stays a few hundred KB at most. */
  maxLines?: number
}

/**
 * Gathers lines into batches: at most one message every `intervalMs`, or sooner when `maxLines`
 * have gathered. One message per line would cost more than the lines themselves. Per line it
 * only stores: the texts are joined once per batch, the times go straight into typed arrays.
 */
export class LogBatcher {
  private texts: string[] = []
  private stderr: Uint8Array
  private seconds: Float64Array
  private nanos: Uint32Array
  private markers?: LogMarker[]
  private pendingSource?: LogSource
  private timer?: NodeJS.Timeout
  private readonly intervalMs: number
  private readonly maxLines: number

  constructor(
    private readonly send: (batch: LogBatch) => void,
    options: LogBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 25
    this.maxLines = options.maxLines ?? 8192
    this.stderr = new Uint8Array(this.maxLines)
    this.seconds = new Float64Array(this.maxLines)
    this.nanos = new Uint32Array(this.maxLines)
  }

  line(stream: LogStream, text: string, seconds: number, nanos: number): void {
    const i = this.texts.length
    this.texts.push(text)
    this.stderr[i] = stream === 'stderr' ? 1 : 0
    this.seconds[i] = seconds
    this.nanos[i] = nanos
    if (i + 1 >= this.maxLines) this.flush()
    else this.schedule()
  }

  marker(marker: Omit<LogMarker, 'index'>): void {
    ;(this.markers ??= []).push({ ...marker, index: this.texts.length })
    // Markers are rare and a person waits for them: send at once.
    this.flush()
  }

  source(source: LogSource): void {
    this.pendingSource = source
    this.schedule()
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const n = this.texts.length
    if (n === 0 && !this.markers && !this.pendingSource) return
    const batch: LogBatch = {
      text: n === 0 ? '' : `${this.texts.join('\n')}\n`,
      // Copies of the used part: the batch goes out while these arrays fill again.
      stderr: this.stderr.slice(0, n),
      seconds: this.seconds.slice(0, n),
      nanos: this.nanos.slice(0, n),
    }
    if (this.markers) batch.markers = this.markers
    if (this.pendingSource) batch.source = this.pendingSource
    this.texts = []
    this.markers = undefined
    this.pendingSource = undefined
    this.send(batch)
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }
}
