import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../core'
import { FollowClient } from '../logs/testing/follow-client'
import { silentLogger } from '../platform/logger'
import { SpareEngine } from '../testing/spare-engine'
import { eventually, requireTestEngine } from '../testing/test-engine'

const run = promisify(execFile)

describe('logs across an engine restart (private spare engine)', () => {
  const spare = new SpareEngine()
  let core: Core
  const onSpare = (...args: string[]) =>
    run('docker', args, { env: { ...process.env, DOCKER_HOST: spare.dockerHost }, maxBuffer: 64 << 20 }).then((r) => r.stdout)

  beforeAll(async () => {
    requireTestEngine()
    await spare.start()
    await run('sh', ['-c', 'docker save berth-fixture/base | DOCKER_HOST="$1" docker load', 'sh', spare.dockerHost], {
      env: { ...process.env, DOCKER_HOST: `unix:///tmp/berth-test-engine/docker.sock` },
    })
    core = createCore({ env: { DOCKER_HOST: spare.dockerHost }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 15_000, 'engine')
  }, 120_000)

  afterAll(async () => {
    await core?.dispose()
    await spare.dispose()
  }, 60_000)

  it('says the engine went away, then resumes from the last line without repeating one', async () => {
    // A retry starts over: the spare engine may have been left stopped, its container in place.
    await spare.start()
    await onSpare('rm', '-f', 'berth-logs-outage')
    await eventually(() => core.engines.get('local').isConnected, 30_000, 'engine')
    const script = 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'
    const id = (await onSpare('run', '-d', '--restart', 'always', '--network', 'none', '--name', 'berth-logs-outage', 'berth-fixture/base', 'sh', '-c', script)).trim()
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.lines().length >= 10, 15_000, 'ticks')

    // On a timeout, say what the follow did see: its markers, its end, the connection's state.
    const seen = () => ` (markers ${JSON.stringify(client.markerKinds())}, end ${JSON.stringify(client.end)}, engine ${JSON.stringify(core.engines.get('local').summary().state)})`
    await spare.stop()
    await eventually(() => client.markerKinds().includes('disconnected'), 20_000, 'disconnected marker').catch((error: Error) => {
      throw new Error(error.message + seen())
    })
    await spare.start()
    await eventually(() => client.markerKinds().includes('reconnected'), 30_000, 'reconnected marker').catch((error: Error) => {
      throw new Error(error.message + seen())
    })
    // The restart policy brings the container back; its counter starts again at 1.
    const afterReconnect = () => client.entries.slice(client.entries.findIndex((e) => e.text === 'reconnected'))
    await eventually(() => afterReconnect().some((e) => e.text === 'tick 5'), 30_000, 'ticks after the engine restart')

    const cli = (await onSpare('logs', '-t', id)).replace(/\n$/, '').split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)])
    const lines = client.lines().map((l) => [l.timestamp, l.text])
    // Every line exactly once, in the engine's order: what Berth shows is the start of what the CLI shows.
    // At least the 10 ticks waited for before the outage and the 5 after it.
    expect(lines.length).toBeGreaterThanOrEqual(15)
    expect(cli.slice(0, lines.length)).toEqual(lines)
    expect(new Set(lines.map((l) => l[0])).size).toBe(lines.length)
    expect(client.markerKinds()).toEqual(expect.arrayContaining(['disconnected', 'reconnected', 'started']))
    expect(client.end).toBeUndefined()
    await client.cancel()
  }, 150_000)
})
