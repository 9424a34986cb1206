import { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StreamEvent } from '../../src-shared/models/stream'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'
import { TerminalClient } from './testing/terminal-client'

const LABEL = 'berth.test=terminal'
const NAME = `berth-terminal-leak-${process.pid}`
const ROUNDS = 100
/** Modest on a 2-core machine that other test runs share. */
const PARALLEL = 5

let core: Core

/** Open sockets of this process: engine connections (hijacked or not) among them; compared with a baseline. */
function socketCount(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
  return handles.filter((h) => h instanceof Socket).length
}

/** How many listeners the engine connection holds (events, state changes). */
function engineListeners(): number {
  const engine = core.engines.get('local') as unknown as Record<'eventReceived' | 'stateChanged', { size: number }>
  return engine.eventReceived.size + engine.stateChanged.size
}

async function inBatches(count: number, work: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i += PARALLEL) {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, count - i) }, (_, k) => work(i + k)))
  }
}

beforeAll(async () => {
  core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
  await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, '--name', NAME, 'berth-fixture/base', 'sleep', '3600')
})

afterAll(async () => {
  await dockerCli('rm', '-f', NAME).catch(() => undefined)
  await core?.dispose()
})

describe('terminals and stats leave nothing behind', () => {
  it(`opens and closes ${ROUNDS} terminals and ${ROUNDS} stats streams`, { timeout: 300_000 }, async () => {
    // Warm up: the engine connection and its events stream are there before the baseline.
    const warm = await new TerminalClient(core).open('exec:session', ['local', NAME, {}])
    await warm.close()
    const top = async () => {
      const result = await core.router.invoke({ emit() {} }, 'stats:top', ['local', NAME])
      return result.ok ? (result.value as { processes: string[][] }).processes.length : -1
    }
    await eventually(async () => (await top()) === 1, 20_000, 'the warm-up shell to go')
    const baseline = socketCount()
    const listeners = engineListeners()

    await inBatches(ROUNDS, async () => {
      const term = await new TerminalClient(core).open('exec:session', ['local', NAME, {}])
      await term.prompt(60_000)
      await term.write('echo ok\r')
      await term.waitFor('ok\r\n', 0, 60_000)
      await term.close()
    })
    await inBatches(ROUNDS, async () => {
      let samples = 0
      let streamId = ''
      const client = { emit: (event: StreamEvent) => void (event.type === 'chunk' && samples++) }
      const result = await core.router.invoke(client, 'stats:follow', ['local', NAME])
      if (!result.ok) throw new Error(result.error.message)
      streamId = (result.value as { streamId: string }).streamId
      await eventually(() => samples > 0, 20_000, 'a stats sample')
      await core.router.invoke(client, 'stream:cancel', [streamId])
    })

    expect(core.router.liveStreamCount).toBe(0)
    // The session's shells are ended by a second exec after the stream closed: wait for them.
    await eventually(async () => (await top()) === 1, 60_000, 'no shell left in the container')
    await eventually(() => socketCount() <= baseline, 20_000, `sockets back to ${baseline} (now ${socketCount()})`)
    expect(engineListeners()).toBe(listeners)
  })
})
