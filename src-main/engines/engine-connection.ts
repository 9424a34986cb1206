import Dockerode from 'dockerode'
import { AppError } from '../../src-shared/errors'
import type { EngineCapabilities, EngineConfig, EngineEvent, EngineKind, EngineProblem, EngineSource, EngineState, EngineSummary, EngineVersion, UnreachableCause } from '../../src-shared/models/engine'
import { Emitter, type Disposable } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { backoffDelay } from './backoff'
import type { Endpoint } from './endpoint'
import { capabilitiesOf, normalizeEvent } from './engine-capabilities'
import { engineErrorToAppError } from './engine-error'
import { parseEngineEvents } from './engine-events'

/** How requests reach an engine when dockerode cannot on its own (SSH): its options, and what to close. */
export interface EngineTransport extends Disposable {
  dockerOptions: Dockerode.DockerOptions
  /** Fires when the transport lost its connection, so the state changes before a request fails. */
  onDropped?(listener: () => void): Disposable
  /** Closes the connection without disposing; the next request opens a new one. */
  reset?(): void
}

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
  transport?: EngineTransport
  source?: EngineSource
  context?: string
  config?: EngineConfig
  /** False: stays off until `setEnabled(true)`. */
  enabled?: boolean
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
  readonly source?: EngineSource
  readonly context?: string
  readonly config?: EngineConfig

  private enabled: boolean
  private readonly transport?: EngineTransport
  private transportDropped?: Disposable
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
    this.source = options.source
    this.context = options.context
    this.config = options.config
    this.enabled = options.enabled ?? true
    this.transport = options.transport
    this.transportDropped = options.transport?.onDropped?.(() =>
      this.lost(Object.assign(new Error('the SSH connection dropped'), { code: 'ECONNRESET' })),
    )
    this.docker = new Dockerode({ ...dockerodeTarget(options.endpoint), ...options.dockerOptions, ...options.transport?.dockerOptions })
  }

  /** Begins connecting (unless turned off); never throws, the state tells how it went. */
  start(): void {
    if (!this.enabled) {
      this.setState(turnedOff())
      return
    }
    void this.connect()
  }

  get isEnabled(): boolean {
    return this.enabled
  }

  /** Turns the engine off (disconnects, stays so) or on (connects). */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return
    this.enabled = enabled
    if (enabled) {
      this.attempt = 0
      void this.connect()
      return
    }
    clearTimeout(this.retryTimer)
    clearInterval(this.healthTimer)
    this.eventsAbort?.abort()
    this.transport?.reset?.()
    this.setState(turnedOff())
  }

  /** What this engine supports; known once connected (Docker's until then). */
  get capabilities(): EngineCapabilities {
    return capabilitiesOf(this.version)
  }

  summary(): EngineSummary {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      endpoint: this.endpoint.url,
      state: this.state,
      ...(this.version ? { version: this.version, capabilities: this.capabilities } : {}),
      ...(this.source ? { source: this.source } : {}),
      ...(this.context ? { context: this.context } : {}),
      ...(this.config ? { config: this.config } : {}),
      enabled: this.enabled,
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
    if (!this.enabled) throw new AppError('INVALID_INPUT', `${this.name} is turned off: turn it on to connect.`)
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
    this.transportDropped?.dispose()
    this.transport?.dispose()
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
    if (this.disposed || !this.enabled) return
    this.attempt += 1
    this.setState({ status: 'connecting', attempt: this.attempt })
    try {
      await this.ping()
      const version = await this.docker.version()
      if (this.disposed || !this.enabled) return
      this.version = toEngineVersion(version)
      this.attempt = 0
      this.openEvents()
      this.healthTimer = setInterval(() => {
        this.ping().catch((error: unknown) => this.lost(error))
      }, this.healthIntervalMs)
      this.healthTimer.unref()
      this.setState({ status: 'connected', since: new Date().toISOString() })
    } catch (error) {
      if (this.disposed || !this.enabled) return
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
        const capabilities = this.capabilities
        parseEngineEvents(stream, (event) => this.eventReceived.fire(normalizeEvent(event, capabilities)))
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
    clearTimeout(this.retryTimer)
    const problem = problemOf(error)
    if (problem) {
      // Retrying cannot help (an unknown or changed host key, a passphrase): wait for the person.
      this.setState({ status: 'disconnected', reason: reasonOf(error, this.endpoint), problem })
      return
    }
    const delay = backoffDelay(this.attempt + 1)
    const cause = causeOf(error, this.endpoint)
    this.setState({
      status: 'disconnected',
      reason: reasonOf(error, this.endpoint),
      retryAt: new Date(Date.now() + delay).toISOString(),
      ...(cause ? { cause } : {}),
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

/** GET /version as Berth keeps it; Podman names itself in Components rather than Platform. */
export function toEngineVersion(raw: Dockerode.DockerVersion): EngineVersion {
  const extra = raw as { Platform?: { Name?: string }; Components?: { Name?: string }[] }
  const podman = extra.Components?.find((c) => /podman/i.test(c.Name ?? ''))?.Name
  return {
    version: raw.Version,
    apiVersion: raw.ApiVersion,
    os: raw.Os,
    arch: raw.Arch,
    kernelVersion: raw.KernelVersion,
    platformName: podman ?? extra.Platform?.Name,
  }
}

function causeOf(error: unknown, endpoint: Endpoint): UnreachableCause | undefined {
  const appError = engineErrorToAppError(error, endpoint.url)
  const code = (appError?.details as { cause?: unknown } | undefined)?.cause
  return appError?.code === 'ENGINE_UNREACHABLE' && typeof code === 'string' ? { code, endpoint: endpoint.url } : undefined
}

function turnedOff(): EngineState {
  return { status: 'disconnected', reason: 'Turned off: Berth does not connect to it until you turn it on.', problem: { kind: 'turnedOff' } }
}

/** The problem a person must solve, carried by the AppErrors of the SSH layer. */
function problemOf(error: unknown): EngineProblem | undefined {
  if (!(error instanceof AppError)) return undefined
  const details = error.details as { kind?: unknown } | undefined
  const kinds = ['hostKeyUnknown', 'hostKeyChanged', 'passphrase', 'password', 'authFailed']
  return details && typeof details.kind === 'string' && kinds.includes(details.kind) ? (details as EngineProblem) : undefined
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
      // Reached through the engine's transport (one persistent SSH connection, see ssh/): never
      // dockerode's own ssh protocol, which opens a new login per request.
      return { protocol: 'http', host: 'docker' }
  }
}
