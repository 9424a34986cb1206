import { describe, expect, it } from 'vitest'
import { enginesSpec, systemSpec, type Services, type StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { EngineSummary } from '../../src-shared/models/engine'
import type { StreamEvent } from '../../src-shared/models/stream'
import { untilAborted } from '../platform/disposable'
import { silentLogger } from '../platform/logger'
import { Router, type RouterClient } from './router'

const engine: EngineSummary = { id: 'local', name: 'default', kind: 'local', endpoint: 'unix:///x', state: { status: 'connecting', attempt: 1 } }

// Pure logic: the services are stand-ins for two domains, the router is real.
const { list, watch, events, reconnect } = enginesSpec
const spec = { engines: { list, watch, events, reconnect }, system: systemSpec }
type TwoDomains = Pick<Services, 'system'> & { engines: Pick<Services['engines'], 'list' | 'watch' | 'events' | 'reconnect'> }

function fakeServices(calls: unknown[][]): Services {
  const services: TwoDomains = {
    engines: {
      list: () => [engine],
      async watch(sink: StreamSink<EngineSummary[]>) {
        sink.next([engine])
        await untilAborted(sink.signal)
        calls.push(['watch-ended'])
      },
      async events(engineId: string) {
        throw new AppError('NOT_FOUND', `No engine "${engineId}"`)
      },
      reconnect: async () => engine,
    },
    system: {
      ping: async () => ({ apiVersion: '1.41' }),
      version: async () => {
        throw Object.assign(new Error('x'), { statusCode: 404, json: { message: 'page not found' } })
      },
      info: async (engineId: string) => {
        calls.push(['info', engineId])
        throw new Error('kaboom')
      },
    },
  }
  return services as unknown as Services
}

function recordingClient(): RouterClient & { events: StreamEvent[] } {
  const events: StreamEvent[] = []
  return { events, emit: (e) => events.push(e) }
}

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('Router', () => {
  it('answers calls in the envelope', async () => {
    const router = new Router(fakeServices([]), silentLogger, spec)
    expect(await router.invoke(recordingClient(), 'engines:list', [])).toEqual({ ok: true, value: [engine] })
  })

  it('validates arguments before a service sees them', async () => {
    const calls: unknown[][] = []
    const router = new Router(fakeServices(calls), silentLogger, spec)
    for (const args of [[], [1], ['a', 'b'], 'a', null, [''], [{}]]) {
      const result = await router.invoke(recordingClient(), 'system:info', args)
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(calls).toEqual([])
  })

  it('refuses unknown channels', async () => {
    const router = new Router(fakeServices([]), silentLogger, spec)
    expect(await router.invoke(recordingClient(), 'system:rm -rf', [])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await router.invoke(recordingClient(), '__proto__', [])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('turns engine errors into codes and unknown errors into INTERNAL', async () => {
    const router = new Router(fakeServices([]), silentLogger, spec)
    expect(await router.invoke(recordingClient(), 'system:version', ['local'])).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'page not found' } })
    const internal = await router.invoke(recordingClient(), 'system:info', ['local'])
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('kaboom') } })
  })

  it('runs a stream: id, chunks, cancel, end', async () => {
    const calls: unknown[][] = []
    const router = new Router(fakeServices(calls), silentLogger, spec)
    const client = recordingClient()
    const started = await router.invoke(client, 'engines:watch', [])
    if (!started.ok) throw new Error('not started')
    const { streamId } = started.value as { streamId: string }
    await tick()
    expect(client.events).toEqual([{ streamId, type: 'chunk', data: [engine] }])
    expect(router.liveStreamCount).toBe(1)
    expect(await router.invoke(client, 'stream:cancel', [streamId])).toEqual({ ok: true, value: null })
    await tick()
    expect(client.events.at(-1)).toMatchObject({ streamId, type: 'end', error: { code: 'CANCELLED' } })
    expect(calls).toContainEqual(['watch-ended'])
    expect(router.liveStreamCount).toBe(0)
  })

  it('ends a failed stream with its error', async () => {
    const router = new Router(fakeServices([]), silentLogger, spec)
    const client = recordingClient()
    const started = await router.invoke(client, 'engines:events', ['nope'])
    await tick()
    expect(started.ok).toBe(true)
    expect(client.events).toEqual([expect.objectContaining({ type: 'end', error: expect.objectContaining({ code: 'NOT_FOUND' }) })])
  })

  it('lets a client cancel only its own streams, and ends all of a client\'s streams on dispose', async () => {
    const router = new Router(fakeServices([]), silentLogger, spec)
    const owner = recordingClient()
    const other = recordingClient()
    const started = await router.invoke(owner, 'engines:watch', [])
    const { streamId } = (started as { value: { streamId: string } }).value
    await router.invoke(other, 'stream:cancel', [streamId])
    expect(router.liveStreamCount).toBe(1)
    await router.invoke(owner, 'engines:watch', [])
    router.disposeClient(owner)
    expect(router.liveStreamCount).toBe(0)
    expect(other.events).toEqual([])
  })
})
