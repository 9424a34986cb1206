import { connect, type Socket } from 'node:net'
import { Emitter, type Disposable } from '../../platform/disposable'

/** An asynchronous QMP event (SHUTDOWN, POWERDOWN …). */
export interface QmpEvent {
  event: string
  data?: Record<string, unknown>
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

/**
 * A small QMP client: one unix socket, commands answered in order, events fired. Enough for
 * host forwards (through `human-monitor-command`, since QMP has no hostfwd command), quit and
 * system_powerdown.
 */
export class QmpClient implements Disposable {
  private readonly pending: Pending[] = []
  private readonly events = new Emitter<QmpEvent>()
  private readonly closes = new Emitter<void>()
  private buffer = ''
  private closed = false

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => this.receive(chunk))
    socket.on('close', () => this.fail(new Error('QMP connection closed')))
    socket.on('error', (error) => this.fail(error))
  }

  /** Connects, reads the greeting and leaves capability negotiation mode. */
  static async connect(path: string, timeoutMs = 5000): Promise<QmpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(path)
      const timer = setTimeout(() => {
        s.destroy()
        reject(new Error(`QMP at ${path} did not answer`))
      }, timeoutMs)
      s.once('connect', () => {
        clearTimeout(timer)
        resolve(s)
      })
      s.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
    })
    const client = new QmpClient(socket)
    // The greeting is the first "reply"; it arrives before any command.
    await new Promise((resolve, reject) => client.pending.push({ resolve, reject }))
    await client.execute('qmp_capabilities')
    return client
  }

  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('QMP connection closed'))
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.socket.write(JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n')
    })
  }

  /** Runs a monitor (HMP) command; QMP answers its output, where HMP reports errors as text. */
  async hmp(commandLine: string): Promise<string> {
    const out = String((await this.execute('human-monitor-command', { 'command-line': commandLine })) ?? '')
    if (/error|invalid|could not|unknown/i.test(out)) throw new Error(out.trim())
    return out
  }

  onEvent(listener: (event: QmpEvent) => void): Disposable {
    return this.events.on(listener)
  }

  /** Fires once when QEMU closes the monitor (it quit, or was killed); not after dispose. */
  onClose(listener: () => void): Disposable {
    return this.closes.on(listener)
  }

  dispose(): void {
    this.closed = true
    this.closes.clear()
    this.socket.destroy()
    this.events.clear()
  }

  private receive(chunk: string): void {
    this.buffer += chunk
    let newline: number
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim()
      this.buffer = this.buffer.slice(newline + 1)
      if (!line) continue
      let message: Record<string, unknown>
      try {
        message = JSON.parse(line) as Record<string, unknown>
      } catch {
        continue
      }
      if (typeof message.event === 'string') {
        this.events.fire({ event: message.event, data: message.data as Record<string, unknown> | undefined })
        continue
      }
      const next = this.pending.shift()
      if (!next) continue
      if ('error' in message) {
        const error = message.error as { desc?: string; class?: string }
        next.reject(new Error(error.desc ?? error.class ?? 'QMP error'))
      } else next.resolve(message.return ?? message.QMP)
    }
  }

  private fail(error: Error): void {
    const wasOpen = !this.closed
    this.closed = true
    for (const p of this.pending.splice(0)) p.reject(error)
    if (wasOpen) this.closes.fire()
    this.closes.clear()
  }
}
