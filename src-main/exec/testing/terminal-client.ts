import type { TerminalChunk } from '../../../src-shared/models/terminal'
import type { StreamEvent } from '../../../src-shared/models/stream'
import type { ErrorInfo } from '../../../src-shared/errors'
import type { Core } from '../../core'
import type { RouterClient } from '../../rpc/router'
import { eventually } from '../../testing/test-engine'

/** Drives a terminal stream through the router as a window would; for tests and benches. */
export class TerminalClient implements RouterClient {
  output = ''
  sessionId?: string
  exit?: Extract<TerminalChunk, { type: 'exit' }>
  ended = false
  error?: ErrorInfo
  private streamId?: string

  constructor(private readonly core: Core) {}

  emit(event: StreamEvent): void {
    if (event.type === 'end') {
      this.ended = true
      this.error = event.error
      return
    }
    const chunk = event.data as TerminalChunk
    if (chunk.type === 'started') this.sessionId = chunk.sessionId
    else if (chunk.type === 'output') this.output += chunk.data
    else this.exit = chunk
  }

  async open(channel: 'exec:session' | 'exec:attach', args: unknown[]): Promise<this> {
    const result = await this.core.router.invoke(this, channel, args)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
    this.streamId = (result.value as { streamId: string }).streamId
    await eventually(() => this.sessionId ?? this.ended, 15_000, 'the session to start')
    if (this.error) throw Object.assign(new Error(this.error.message), { code: this.error.code })
    return this
  }

  async write(data: string): Promise<void> {
    const result = await this.core.router.invoke(this, 'exec:write', [this.sessionId, data])
    if (!result.ok) throw new Error(result.error.message)
  }

  async resize(cols: number, rows: number): Promise<void> {
    const result = await this.core.router.invoke(this, 'exec:resize', [this.sessionId, cols, rows])
    if (!result.ok) throw new Error(result.error.message)
  }

  /**
   * Waits for the shell's prompt. Type only after it, as a person would: a shell that switches the
   * terminal to line editing flushes whatever was typed before it started (busybox ash does).
   */
  async prompt(timeoutMs = 15_000): Promise<void> {
    // ash follows its prompt with a cursor-position query (ESC [6n), so the prompt is not always last.
    await this.waitFor(/[#$] /, 0, timeoutMs)
  }

  /** Waits until the output holds `text` (after `from`). */
  async waitFor(text: string | RegExp, from = 0, timeoutMs = 10_000): Promise<string> {
    return (await eventually(
      () => {
        const seen = this.output.slice(from)
        return (typeof text === 'string' ? seen.includes(text) : text.test(seen)) && seen
      },
      timeoutMs,
      `terminal output ${String(text)}`,
    )) as string
  }

  async close(): Promise<void> {
    if (this.streamId) await this.core.router.invoke(this, 'stream:cancel', [this.streamId])
  }
}
