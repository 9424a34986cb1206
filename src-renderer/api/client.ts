import {
  channelOf,
  contract,
  STREAM_CANCEL_CHANNEL,
  STREAM_EVENT_CHANNEL,
  type Client,
  type DomainSpec,
  type StreamHandlers,
  type Subscription,
} from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import { ALL_STREAMS, type StreamEvent, type StreamHandle } from '../../src-shared/models/stream'
import type { BerthTransport } from '../../src-shared/transport'

/**
 * The typed client over any transport: `client.system.info(engineId)` becomes
 * invoke('system:info', [engineId]); stream methods take handlers last and return a cancel.
 */
export function createClient(transport: BerthTransport): Client {
  const handlers = new Map<string, StreamHandlers<unknown>>()
  // Events that arrive before the start call has answered with the id wait here.
  const early = new Map<string, StreamEvent[]>()

  const deliver = (event: StreamEvent): void => {
    if (event.streamId === ALL_STREAMS) {
      const all = [...handlers.values()]
      handlers.clear()
      all.forEach((h) => h.onEnd?.(event.type === 'end' && event.error ? AppError.fromInfo(event.error) : undefined))
      return
    }
    const h = handlers.get(event.streamId)
    if (!h) {
      const queue = early.get(event.streamId) ?? []
      queue.push(event)
      early.set(event.streamId, queue)
      return
    }
    if (event.type === 'chunk') h.onChunk(event.data)
    else {
      handlers.delete(event.streamId)
      if (event.error?.code === 'CANCELLED') return
      h.onEnd?.(event.error ? AppError.fromInfo(event.error) : undefined)
    }
  }
  transport.subscribe(STREAM_EVENT_CHANNEL, deliver)

  const invoke = async (channel: string, args: unknown[]): Promise<unknown> => {
    const result = await transport.invoke(channel, args)
    if (!result.ok) throw AppError.fromInfo(result.error)
    return result.value
  }

  const startStream = (channel: string, args: unknown[], h: StreamHandlers<unknown>): Subscription => {
    let streamId: string | undefined
    let cancelled = false
    invoke(channel, args).then(
      (value) => {
        streamId = (value as StreamHandle).streamId
        if (cancelled) {
          void invoke(STREAM_CANCEL_CHANNEL, [streamId]).catch(() => undefined)
          early.delete(streamId)
          return
        }
        handlers.set(streamId, h)
        const queued = early.get(streamId)
        early.delete(streamId)
        queued?.forEach(deliver)
      },
      (error: unknown) => h.onEnd?.(error instanceof AppError ? error : new AppError('INTERNAL', String(error))),
    )
    return {
      cancel() {
        if (cancelled) return
        cancelled = true
        if (streamId === undefined) return
        handlers.delete(streamId)
        void invoke(STREAM_CANCEL_CHANNEL, [streamId]).catch(() => undefined)
      },
    }
  }

  const client: Record<string, Record<string, unknown>> = {}
  for (const [domain, spec] of Object.entries(contract as Record<string, DomainSpec>)) {
    const methods: Record<string, unknown> = {}
    for (const [method, methodSpec] of Object.entries(spec)) {
      const channel = channelOf(domain, method)
      methods[method] =
        methodSpec.kind === 'call'
          ? (...args: unknown[]) => invoke(channel, args)
          : (...args: unknown[]) => {
              const h = args.pop() as StreamHandlers<unknown>
              return startStream(channel, args, h)
            }
    }
    client[domain] = methods
  }
  return client as unknown as Client
}
