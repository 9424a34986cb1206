import type { StreamSink } from '../../src-shared/contract'
import type { EngineEvent } from '../../src-shared/models/engine'
import type { LogBatch, LogFollowOptions, LogMarker } from '../../src-shared/models/log'
import type { EngineConnection } from '../engines/engine-connection'
import { engineErrorToAppError } from '../engines/engine-error'
import type { Disposable } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { engineCall } from '../services/engine-call'
import { LogBatcher, type LogBatcherOptions } from './log-batcher'
import { LogDecoder } from './log-decoder'
import { inspectForLogs, openLogStream, timeNanoToSince, toLogSource, type ContainerLogState } from './log-request'
import { engineSince, TimestampReader, toEngineSince } from './timestamp'

type Query = { tail: number | 'all'; since?: string }

/**
 * One `logs.follow`: opens the engine's log stream, and when it ends finds out why. A container
 * that stopped gets a marker and is waited for (its `start` event); an engine that went away gets
 * a marker and is waited for (its reconnect). Either way the log is reopened from the last line's
 * timestamp, and lines at or before it are dropped, so nothing shows twice.
 *
 * Live lines come through `logs?follow=1` too, not through `attach` (which dockerd serves several
 * times faster), because attach cannot keep the promises above: it carries no timestamps, so the
 * point where history ends and attach begins can only be guessed by comparing text (wrong for a
 * log of repeated lines); dockerd registers the attach pipe before it replays the log file, and
 * lines its log copier holds in flight at that moment are in neither; and attach is
 * back-pressured on the container itself (dockerd writes each output chunk to every attached
 * pipe in turn, so a reader that stalls, say a busy or suspended Berth, stalls the container's
 * writes). `logs` reads dockerd's log file instead: a slow window only falls behind.
 */
export class LogFollower {
  private state!: ContainerLogState
  /** The last line's engine time (seconds NaN before the first line): where to reopen from. */
  private lastSeconds = Number.NaN
  private lastNanos = 0
  private readonly times = new TimestampReader()
  /** Where to reopen from when no line has come yet (engine form). */
  private floorSince?: string
  private starts = 0
  private lastDie?: { exitCode?: number; timeNano: string }
  private destroyed = false
  private stoppedMarked = false
  private wakeUp?: () => void
  private readonly batcher: LogBatcher

  constructor(
    private readonly engine: EngineConnection,
    private readonly containerRef: string,
    private readonly options: LogFollowOptions,
    private readonly sink: StreamSink<LogBatch>,
    private readonly logger: Logger,
    batching?: LogBatcherOptions,
  ) {
    this.batcher = new LogBatcher((batch) => sink.next(batch), batching)
  }

  async run(): Promise<void> {
    const { signal } = this.sink
    const wake = () => this.wake()
    const subscriptions: Disposable[] = [this.engine.onEvent((e) => this.onEvent(e)), this.engine.onStateChange(wake)]
    signal.addEventListener('abort', wake)
    try {
      this.state = await engineCall(this.engine, () => inspectForLogs(this.engine.docker, this.containerRef))
      this.batcher.source(toLogSource(this.state))
      let query: Query = { tail: this.options.tail, since: this.options.since ? toEngineSince(this.options.since) : undefined }
      let startsBefore = this.starts
      while (!signal.aborted) {
        await this.readRound(query)
        if (signal.aborted) break
        this.floorSince ??= this.hasLine() ? undefined : this.lastDie ? timeNanoToSince(this.lastDie.timeNano) : nowSince()
        query = { tail: 'all', since: this.lastSince() ?? this.floorSince }
        if (!(await this.afterEnd(startsBefore))) break
        startsBefore = this.starts
      }
    } finally {
      this.batcher.flush()
      this.batcher.dispose()
      subscriptions.forEach((s) => s.dispose())
      signal.removeEventListener('abort', wake)
    }
  }

  /**
   * One round of the log. Where following loses lines (Podman: most lines of a fast or finished
   * container), the history is read without follow first, then followed from its last timestamp.
   */
  private async readRound(query: Query): Promise<void> {
    if (!this.engine.capabilities.logsFollowComplete) {
      await this.pump(query, false)
      if (this.sink.signal.aborted) return
      const since = this.lastSince()
      if (since) query = { tail: 'all', since }
    }
    const clean = await this.pump(query, true)
    if (this.sink.signal.aborted || !clean) return
    // Docker 20.10 ends a follow early when the container exits while the reader is behind (a
    // reopened log scanning a long file from `since`): the lines written before the exit then
    // never come. One plain read from the last line finds them; it repeats nothing. Only after a
    // clean end: a cut one (the engine left) is afterEnd's, so lines stay after its markers. If
    // the read fails (the container is being removed), afterEnd finds out why, as for any end.
    const since = this.lastSince() ?? query.since
    await this.pump({ tail: since ? 'all' : query.tail, since }, false).catch(() => undefined)
  }

  /**
   * Reads one log response to its end; lines at or before the last line already sent (a reopened
   * log's repeats) are dropped. Answers whether the response ended cleanly (not cut). Engine loss
   * and removal are handled by the caller.
   */
  private async pump(query: Query, follow: boolean): Promise<boolean> {
    const dropSeconds = this.lastSeconds
    const dropNanos = this.lastNanos
    const times = this.times
    const controller = new AbortController()
    const abort = () => controller.abort()
    this.sink.signal.addEventListener('abort', abort)
    let failure: unknown
    let clean = false
    try {
      const response = await engineCall(this.engine, () =>
        openLogStream(this.engine.docker, this.state.id, { ...query, follow, timestamps: true }, controller.signal),
      )
      const decoder = new LogDecoder({
        tty: this.state.tty,
        timestamps: true,
        onLine: (stream, text, timestamp) => {
          times.read(timestamp)
          const seconds = times.seconds
          const nanos = times.nanos
          // NaN compares false: a line without a time is never taken for a repeat.
          if (seconds < dropSeconds || (seconds === dropSeconds && nanos <= dropNanos)) return
          if (!Number.isNaN(seconds)) {
            this.lastSeconds = seconds
            this.lastNanos = nanos
          }
          this.batcher.line(stream, text, seconds, nanos)
        },
        onSystemError: (message) => this.logger.warn(`engine error in the log of ${this.state.name}`, message),
      })
      clean = await new Promise<boolean>((resolve) => {
        response.on('data', (chunk: Buffer) => {
          try {
            decoder.push(chunk)
          } catch (error) {
            failure = error
            response.destroy()
          }
        })
        response.once('end', () => resolve(true))
        response.once('error', () => resolve(false))
        response.once('close', () => resolve(false))
      })
      // A cut connection may have stopped mid-line: that line comes again on reopening.
      if (clean) decoder.end()
    } catch (error) {
      const code = engineErrorToAppError(error)?.code
      if (controller.signal.aborted || code === 'ENGINE_UNREACHABLE' || code === 'NOT_FOUND') return false
      throw error
    } finally {
      this.sink.signal.removeEventListener('abort', abort)
    }
    if (failure) throw failure
    return clean
  }

  /** Why did the log end? Answers whether to reopen it; waits for a stopped container to start. */
  private async afterEnd(startsBefore: number): Promise<boolean> {
    for (;;) {
      if (this.sink.signal.aborted) return false
      let now: ContainerLogState
      try {
        now = await engineCall(this.engine, () => inspectForLogs(this.engine.docker, this.state.id))
      } catch (error) {
        const code = engineErrorToAppError(error)?.code
        if (code === 'NOT_FOUND') return this.removed()
        if (code !== 'ENGINE_UNREACHABLE') throw error
        this.marker({ kind: 'disconnected' })
        if (!(await this.until(() => this.engine.isConnected))) return false
        this.marker({ kind: 'reconnected' })
        // The container may have stopped or restarted meanwhile: look again.
        continue
      }
      if (this.destroyed) return this.removed()
      const restarted = this.starts > startsBefore || now.startedAt !== this.state.startedAt
      if (now.running) {
        if (restarted && !this.stoppedMarked) this.marker({ kind: 'stopped', ...exitCodeOf(this.lastDie?.exitCode) })
        if (restarted || this.stoppedMarked) this.started(now)
        // Running, not restarted, yet the log ended: do not spin if the engine keeps doing that.
        else await delay(200, this.sink.signal)
        this.state = now
        return true
      }
      if (restarted) {
        // It ran and stopped again while we looked away (a quick container): read what it wrote.
        if (!this.stoppedMarked) this.marker({ kind: 'stopped', ...exitCodeOf(this.lastDie?.exitCode) })
        this.started(now)
        this.state = now
        return true
      }
      if (!this.stoppedMarked) {
        this.marker({ kind: 'stopped', exitCode: now.exitCode })
        this.stoppedMarked = true
      }
      this.state = now
      const startsNow = this.starts
      if (!(await this.until(() => this.starts > startsNow || this.destroyed || !this.engine.isConnected))) return false
      // Started, removed or engine lost: the next round finds out which.
      startsBefore = startsNow
    }
  }

  private hasLine(): boolean {
    return !Number.isNaN(this.lastSeconds)
  }

  /** The last line's time in the engine's `since` form, once there was a line. */
  private lastSince(): string | undefined {
    return this.hasLine() ? engineSince(this.lastSeconds, this.lastNanos) : undefined
  }

  private started(now: ContainerLogState): void {
    this.stoppedMarked = false
    this.batcher.source(toLogSource(now))
    this.marker({ kind: 'started' })
  }

  private removed(): false {
    this.marker({ kind: 'removed' })
    return false
  }

  private marker(marker: Omit<LogMarker, 'index' | 'at'>): void {
    this.batcher.marker({ ...marker, at: new Date().toISOString() })
  }

  private onEvent(event: EngineEvent): void {
    if (event.type !== 'container' || event.id !== this.state?.id) return
    if (event.action === 'start') this.starts += 1
    else if (event.action === 'die') {
      const code = Number(event.attributes.exitCode)
      this.lastDie = { timeNano: event.timeNano, ...exitCodeOf(Number.isInteger(code) ? code : undefined) }
    } else if (event.action === 'destroy') this.destroyed = true
    else return
    this.wake()
  }

  /** Waits until `ready` holds; false when the follow was cancelled first. */
  private async until(ready: () => boolean): Promise<boolean> {
    while (!ready()) {
      if (this.sink.signal.aborted) return false
      await new Promise<void>((resolve) => (this.wakeUp = resolve))
    }
    return !this.sink.signal.aborted
  }

  private wake(): void {
    const wakeUp = this.wakeUp
    this.wakeUp = undefined
    wakeUp?.()
  }
}

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done)
  })

const exitCodeOf = (code: number | undefined) => (code === undefined ? {} : { exitCode: code })

/** Now, in the engine's `since` form; only used before any line has arrived. */
function nowSince(): string {
  const ms = Date.now()
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1_000_000).padStart(9, '0')}`
}
