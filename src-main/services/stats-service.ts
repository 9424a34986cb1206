import type { IncomingMessage } from 'node:http'
import type { StatsApi, StreamSink } from '../../src-shared/contract'
import type { ProcessTable, StatsChunk } from '../../src-shared/models/stats'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { splitJsonLines } from '../stats/json-lines'
import { isEmptySample, toStatsSample, totalsOf, type EngineStats, type PreviousTotals } from '../stats/stats-calc'
import { engineCall } from './engine-call'

/** `docker stats` and `docker top`: one engine stats stream per followed container, closed on cancel. */
export class StatsService implements StatsApi {
  constructor(private readonly registry: EngineRegistry) {}

  async follow(engineId: string, containerRef: string, sink: StatsSink): Promise<void> {
    const engine = this.registry.get(engineId)
    const { signal } = sink
    // Resolves the name once: a container renamed while followed stays followed.
    let info = await engineCall(engine, () => engine.docker.getContainer(containerRef).inspect())
    const id = info.Id
    while (!signal.aborted) {
      if (!info.State.Running || info.State.Paused) {
        sink.next({ type: 'stopped' })
        // Waits for the container to start (or unpause) again; removal ends the stream.
        const removed = await waitForStart(engine, id, signal)
        if (removed) return
        if (signal.aborted) return
      } else {
        const samples = await pumpStats(engine, id, sink)
        // A stream that gave nothing (a container between states) is not reopened in a tight loop.
        if (samples === 0 && !signal.aborted) await delay(1000, signal)
      }
      if (signal.aborted) return
      info = await engineCall(engine, () => engine.docker.getContainer(id).inspect())
    }
  }

  async top(engineId: string, containerRef: string): Promise<ProcessTable> {
    const engine = this.registry.get(engineId)
    const result = await engineCall(engine, () => engine.docker.getContainer(containerRef).top())
    return { titles: result.Titles ?? [], processes: result.Processes ?? [] }
  }
}

type StatsSink = StreamSink<StatsChunk>

/**
 * Reads GET /containers/{id}/stats?stream=1 until the container stops (the engine then sends empty
 * samples, or ends), the engine goes, or the sink is cancelled. Answers how many samples it sent.
 */
async function pumpStats(engine: EngineConnection, id: string, sink: StatsSink): Promise<number> {
  const response = await engineCall(engine, () => openStatsStream(engine, id, sink.signal))
  let previous: PreviousTotals | undefined
  let count = 0
  const lines = splitJsonLines()
  await new Promise<void>((resolve) => {
    const onAbort = () => response.destroy()
    sink.signal.addEventListener('abort', onAbort, { once: true })
    response.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        let raw: EngineStats
        try {
          raw = JSON.parse(line) as EngineStats
        } catch {
          continue
        }
        if (isEmptySample(raw)) {
          response.destroy()
          return
        }
        const sample = toStatsSample(raw, previous)
        previous = totalsOf(sample)
        count++
        sink.next({ type: 'sample', sample })
      }
    })
    // Ends when the container stops, errors when the engine goes: either way the caller looks again.
    response.once('close', () => {
      sink.signal.removeEventListener('abort', onAbort)
      resolve()
    })
    response.once('error', () => undefined)
  })
  return count
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Resolves false when the container starts or unpauses, true when it is removed (or on cancel). */
function waitForStart(engine: EngineConnection, id: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (removed: boolean) => {
      subscription.dispose()
      signal.removeEventListener('abort', onAbort)
      resolve(removed)
    }
    const onAbort = () => done(true)
    const subscription = engine.onEvent((event) => {
      if (event.type !== 'container' || event.id !== id) return
      if (event.action === 'start' || event.action === 'unpause') done(false)
      else if (event.action === 'destroy') done(true)
    })
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** GET /containers/{id}/stats?stream=1 as a stream (dockerode would put the abort signal in the query). */
function openStatsStream(engine: EngineConnection, id: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    engine.docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/stats?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: { stream: true },
      } as Parameters<EngineConnection['docker']['modem']['dial']>[0],
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as IncomingMessage)),
    )
  })
}
