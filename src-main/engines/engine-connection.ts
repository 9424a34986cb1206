import Dockerode from 'dockerode'
import type { EngineEvent, EngineKind, EngineState, EngineSummary, EngineVersion } from '../../src-shared/models/engine'
import { Emitter, type Disposable } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { backoffDelay } from './backoff'
import type { Endpoint } from './endpoint'
import { engineErrorToAppError } from './engine-error'
import { parseEngineEvents } from './engine-events'

export interface EngineConnectionOptions {
  id: string
  name: string
  kind: EngineKind
  endpoint: Endpoint
  /** Options for dockerode beyond where to connect (TLS files …). */
  dockerOptions?: Dockerode.DockerOptions
  logger: Logger
  /** A ping slower than this counts as unreachable. */
  pingTimeoutMs?: number
  /** How often a connected engine is pinged, to notice an engine that hangs without closing. */
  healthIntervalMs?: number
}

/**
 * One engine: a dockerode client, the connection state (connecting → connected → disconnected
 * with a reason), reconnect with backoff, and the engine's one `/events` stream, reopened after
 * every reconnect. Listeners learn of state changes and events; they never poll.
 */
export class EngineConnection {
  readonly id: string
  readonly name: string
  readonly kind: EngineKind
  readonly endpoint: Endpoint
  readonly docker: Dockerode

  private state: EngineState = { status: 'connecting', attempt: 1 }
  private version?: EngineVersion
  private attempt = 0
  private retryTimer?: NodeJS.Timeout
  private healthTimer?: NodeJS.Timeout
  private eventsAbort?: AbortController
  private connecting?: Promise<void>
  private disposed = false
  private readonly stateChanged = new Emitter<EngineSummary>()
  private readonly eventReceived = new Emitter<EngineEvent>()
  private readonly logger: Logger
  private readonly pingTimeoutMs: number
  private readonly healthIntervalMs: number

  constructor(options: EngineConnectionOptions) {
    this.id = options.id
    this.name = options.name
    this.kind = options.kind
    this.endpoint = options.endpoint
    this.logger = options.logger
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5000
    this.healthIntervalMs = options.healthIntervalMs ?? 5000
    this.docker = new Dockerode({ ...dockerodeTarget(options.endpoint), ...options.dockerOptions })
  }

  /** Begins connecting; never throws, the state tells how it went. */
  start(): void {
    void this.connect()
  }

  summary(): EngineSummary {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      endpoint: this.endpoint.url,
      state: this.state,
      ...(this.version ? { version: this.version } : {}),
    }
  }

  get isConnected(): boolean {
    return this.state.status === 'connected'
  }

  onStateChange(listener: (summary: EngineSummary) => void): Disposable {
    return this.stateChanged.on(listener)
  }

  onEvent(listener: (event: EngineEvent) => void): Disposable {
    return this.eventReceived.on(listener)
  }

  /** Connects now rather than at the next backoff step; answers the resulting state. */
  async reconnect(): Promise<EngineSummary> {
    if (this.state.status !== 'connected') {
      clearTimeout(this.retryTimer)
      await this.connect()
    }
    return this.summary()
  }

  /** Called by anyone whose request found the engine gone, so the UI learns at once. */
  reportUnreachable(error: unknown): void {
    if (this.state.status === 'connected') this.lost(error)
  }

  dispose(): void {
    this.disposed = true
    clearTimeout(this.retryTimer)
    clearInterval(this.healthTimer)
    this.eventsAbort?.abort()
    this.stateChanged.clear()
    this.eventReceived.clear()
  }

  private connect(): Promise<void> {
    this.connecting ??= this.tryConnect().finally(() => {
      this.connecting = undefined
    })
    return this.connecting
  }

  private async tryConnect(): Promise<void> {
    if (this.disposed) return
    this.attempt += 1
    this.setState({ status: 'connecting', attempt: this.attempt })
    try {
      await this.ping()
      const version = await this.docker.version()
      if (this.disposed) return
      this.version = {
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        arch: version.Arch,
        kernelVersion: version.KernelVersion,
        platformName: (version as { Platform?: { Name?: string } }).Platform?.Name,
      }
      this.attempt = 0
      this.openEvents()
      this.healthTimer = setInterval(() => {
        this.ping().catch((error: unknown) => this.lost(error))
      }, this.healthIntervalMs)
      this.healthTimer.unref()
      this.setState({ status: 'connected', since: new Date().toISOString() })
    } catch (error) {
      if (this.disposed) return
      this.scheduleRetry(error)
    }
  }

  private async ping(): Promise<void> {
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), this.pingTimeoutMs)
    try {
      // dockerode takes an abortSignal here too; its types do not say so.
      const ping = this.docker.ping as unknown as (opts: { abortSignal: AbortSignal }) => Promise<unknown>
      await ping.call(this.docker, { abortSignal: abort.signal })
    } catch (error) {
      if (abort.signal.aborted) {
        throw Object.assign(new Error(`no answer within ${this.pingTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' })
      }
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  private openEvents(): void {
    const abort = new AbortController()
    this.eventsAbort = abort
    this.docker
      // dockerode accepts abortSignal on every request; its types miss it here.
      .getEvents({ abortSignal: abort.signal } as Dockerode.GetEventsOptions)
      .then((stream) => {
        parseEngineEvents(stream, (event) => this.eventReceived.fire(event))
        const ended = (error?: unknown) => {
          if (!abort.signal.aborted) this.lost(error ?? Object.assign(new Error('event stream ended'), { code: 'ECONNRESET' }))
        }
        stream.on('end', () => ended())
        stream.on('close', () => ended())
        stream.on('error', ended)
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) this.lost(error)
      })
  }

  private lost(error: unknown): void {
    if (this.disposed || this.state.status !== 'connected') return
    this.logger.warn(`engine ${this.name} lost`, reasonOf(error, this.endpoint))
    this.eventsAbort?.abort()
    clearInterval(this.healthTimer)
    this.attempt = 0
    this.scheduleRetry(error)
  }

  private scheduleRetry(error: unknown): void {
    clearInterval(this.healthTimer)
    this.eventsAbort?.abort()
    const delay = backoffDelay(this.attempt + 1)
    this.setState({
      status: 'disconnected',
      reason: reasonOf(error, this.endpoint),
      retryAt: new Date(Date.now() + delay).toISOString(),
    })
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.connect(), delay)
    this.retryTimer.unref()
  }

  private setState(state: EngineState): void {
    this.state = state
    this.stateChanged.fire(this.summary())
  }
}

function reasonOf(error: unknown, endpoint: Endpoint): string {
  return engineErrorToAppError(error, endpoint.url)?.message ?? (error instanceof Error ? error.message : String(error))
}

function dockerodeTarget(endpoint: Endpoint): Dockerode.DockerOptions {
  switch (endpoint.kind) {
    case 'unix':
    case 'npipe':
      return { socketPath: endpoint.socketPath }
    case 'tcp':
      return { host: endpoint.host, port: endpoint.port, protocol: endpoint.tls ? 'https' : 'http' }
    case 'ssh':
      // Reached through a persistent SSH connection (the engines issue); dockerode's own ssh
      // protocol opens a new login per request.
      return { host: endpoint.host, port: endpoint.port, protocol: 'ssh', username: endpoint.user }
  }
}
