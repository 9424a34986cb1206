import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  channelOf,
  contract,
  STREAM_CANCEL_CHANNEL,
  type DomainSpec,
  type MethodSpec,
  type Services,
  type StreamSink,
} from '../../src-shared/contract'
import { AppError, fail, ok, type Result } from '../../src-shared/errors'
import type { StreamEvent } from '../../src-shared/models/stream'
import type { Logger } from '../platform/logger'
import { toAppError } from './to-app-error'

/** One window, or one browser tab: where a stream's events go, and what ends its streams. */
export interface RouterClient {
  emit(event: StreamEvent): void
}

interface Route {
  spec: MethodSpec
  handler: (...args: unknown[]) => unknown
}

interface LiveStream {
  client: RouterClient
  controller: AbortController
}

/**
 * Binds the contract to the services, independent of transport. Every request is parsed by its
 * schema before a service sees it; every answer is an envelope; every stream has an id, an end
 * and a cancel, and belongs to the client that started it.
 */
export class Router {
  private readonly routes = new Map<string, Route>()
  private readonly streams = new Map<string, LiveStream>()

  constructor(
    services: Services,
    private readonly logger: Logger,
    // The whole contract in the app; tests may bind a smaller one.
    spec: Record<string, DomainSpec> = contract,
  ) {
    const byDomain = services as unknown as Record<string, Record<string, unknown> | undefined>
    for (const [domain, domainSpec] of Object.entries(spec)) {
      const service = byDomain[domain]
      if (!service) throw new Error(`no service for the ${domain} domain`)
      for (const [method, methodSpec] of Object.entries(domainSpec)) {
        const fn = service[method]
        if (typeof fn !== 'function') throw new Error(`service ${domain} lacks ${method}`)
        this.routes.set(channelOf(domain, method), {
          spec: methodSpec,
          handler: (fn as (...a: unknown[]) => unknown).bind(service),
        })
      }
    }
  }

  /** Answers one request. Never throws: failures come back as the error envelope. */
  async invoke(client: RouterClient, channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    try {
      if (channel === STREAM_CANCEL_CHANNEL) {
        const [streamId] = parseArgs(z.tuple([z.string()]), rawArgs, channel)
        this.cancel(client, streamId)
        return ok(null)
      }
      const route = this.routes.get(channel)
      if (!route) throw new AppError('INVALID_INPUT', `Unknown request "${channel}".`)
      const args = parseArgs(route.spec.args, rawArgs, channel)
      if (route.spec.kind === 'call') return ok(await route.handler(...args))
      return ok({ streamId: this.start(client, channel, route, args) })
    } catch (error) {
      const appError = toAppError(error)
      if (appError.code === 'INTERNAL') this.logger.error(`${channel} failed`, error)
      return fail(appError.toInfo())
    }
  }

  /** Ends every stream a client started: its window closed or its socket went away. */
  disposeClient(client: RouterClient): void {
    for (const [id, live] of this.streams) {
      if (live.client === client) this.cancel(client, id)
    }
  }

  /** Ends every stream of every client. */
  dispose(): void {
    for (const [id, live] of this.streams) this.cancel(live.client, id)
  }

  /** How many streams are live; leak tests read it. */
  get liveStreamCount(): number {
    return this.streams.size
  }

  private start(client: RouterClient, channel: string, route: Route, args: unknown[]): string {
    const streamId = randomUUID()
    const controller = new AbortController()
    this.streams.set(streamId, { client, controller })
    const sink: StreamSink<unknown> = {
      signal: controller.signal,
      next: (data) => {
        if (!controller.signal.aborted) client.emit({ streamId, type: 'chunk', data })
      },
    }
    // Chunks may only flow after the caller knows the id, so the service starts on the next tick.
    setImmediate(() => {
      Promise.resolve()
        .then(() => route.handler(...args, sink))
        .then(
          () => this.end(streamId),
          (error: unknown) => {
            const appError = toAppError(error)
            if (appError.code === 'INTERNAL') this.logger.error(`${channel} stream failed`, error)
            this.end(streamId, appError)
          },
        )
    })
    return streamId
  }

  private end(streamId: string, error?: AppError): void {
    const live = this.streams.get(streamId)
    if (!live) return
    this.streams.delete(streamId)
    if (live.controller.signal.aborted) return
    live.controller.abort()
    live.client.emit(error ? { streamId, type: 'end', error: error.toInfo() } : { streamId, type: 'end' })
  }

  private cancel(client: RouterClient, streamId: string): void {
    const live = this.streams.get(streamId)
    // A client may only cancel its own streams; an unknown id is already over.
    if (!live || live.client !== client) return
    this.streams.delete(streamId)
    live.controller.abort()
    client.emit({ streamId, type: 'end', error: new AppError('CANCELLED', 'Cancelled.').toInfo() })
  }
}

function parseArgs<T extends z.ZodTuple>(schema: T, raw: unknown, channel: string): z.infer<T> {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? ` (argument ${issue.path.join('.')})` : ''
    throw new AppError('INVALID_INPUT', `Invalid request to ${channel}${where}: ${issue?.message ?? 'bad arguments'}.`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    })
  }
  return parsed.data
}
