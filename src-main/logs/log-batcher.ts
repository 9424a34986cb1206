import type { LogBatch, LogMarker, LogSource, LogStream } from '../../src-shared/models/log'

export interface LogBatcherOptions {
  /** The longest a line waits before it is sent. */
  intervalMs?: number
  /** A batch this big is sent at once, so one message stays a few hundred KB at most. */
  maxLines?: number
}

/**
 * Gathers lines into batches: at most one message every `intervalMs`, or sooner when `maxLines`
 * have gathered. One message per line would cost more than the lines themselves.
 */
export class LogBatcher {
  private batch: LogBatch = empty()
  private timer?: NodeJS.Timeout
  private readonly intervalMs: number
  private readonly maxLines: number

  constructor(
    private readonly send: (batch: LogBatch) => void,
    options: LogBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 25
    this.maxLines = options.maxLines ?? 8192
  }

  line(stream: LogStream, text: string, timestamp: string): void {
    const b = this.batch
    b.stream.push(stream)
    b.text.push(text)
    b.timestamp.push(timestamp)
    if (b.text.length >= this.maxLines) this.flush()
    else this.schedule()
  }

  marker(marker: Omit<LogMarker, 'index'>): void {
    ;(this.batch.markers ??= []).push({ ...marker, index: this.batch.text.length })
    // Markers are rare and a person waits for them: send at once.
    this.flush()
  }

  source(source: LogSource): void {
    this.batch.source = source
    this.schedule()
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const b = this.batch
    if (b.text.length === 0 && !b.markers && !b.source) return
    this.batch = empty()
    this.send(b)
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }
}

function empty(): LogBatch {
  return { stream: [], text: [], timestamp: [] }
}
