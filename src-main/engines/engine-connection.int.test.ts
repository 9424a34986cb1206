import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineEvent, EngineSummary } from '../../src-shared/models/engine'
import { silentLogger } from '../platform/logger'
import { SpareEngine } from '../testing/spare-engine'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'
import { parseEndpoint } from './endpoint'
import { EngineConnection } from './engine-connection'

describe('engine connection to the test engine', () => {
  let engine: EngineConnection

  beforeAll(() => {
    engine = new EngineConnection({ id: 't', name: 'test', kind: 'local', endpoint: parseEndpoint(requireTestEngine()), logger: silentLogger })
    engine.start()
  })
  afterAll(() => engine.dispose())

  it('connects and reports the version the CLI sees', async () => {
    await eventually(() => engine.isConnected, 10_000, 'connected')
    const summary = engine.summary()
    const cli = (await dockerCli('version', '--format', '{{.Server.Version}} {{.Server.Os}} {{.Server.Arch}}')).trim()
    expect(`${summary.version?.version} ${summary.version?.os} ${summary.version?.arch}`).toBe(cli)
  })

  it('passes on the engine\'s events as they happen', async () => {
    const seen: EngineEvent[] = []
    const subscription = engine.onEvent((event) => seen.push(event))
    const id = (await dockerCli('create', '--network', 'none', '--label', 'berth.test=events', 'berth-fixture/base')).trim()
    try {
      const created = await eventually(() => seen.find((e) => e.type === 'container' && e.action === 'create' && e.id === id), 5000, 'create event')
      expect(created.attributes['berth.test']).toBe('events')
      expect(created.timeNano).toMatch(/^\d{19}$/)
    } finally {
      await dockerCli('rm', '-f', id)
      subscription.dispose()
    }
  })
})

describe('engine outage', () => {
  const spare = new SpareEngine()
  let engine: EngineConnection
  const states: EngineSummary['state'][] = []

  beforeAll(async () => {
    await spare.start()
    engine = new EngineConnection({
      id: 'spare',
      name: 'spare',
      kind: 'local',
      endpoint: parseEndpoint(spare.dockerHost),
      logger: silentLogger,
      healthIntervalMs: 1000,
    })
    engine.onStateChange((s) => states.push(s.state))
    engine.start()
    await eventually(() => engine.isConnected, 10_000, 'connected')
  }, 90_000)

  afterAll(async () => {
    engine.dispose()
    await spare.dispose()
  })

  it('says disconnected with the reason when the engine stops, and recovers when it starts', async () => {
    const eventsAfterReconnect: EngineEvent[] = []
    engine.onEvent((e) => eventsAfterReconnect.push(e))
    await spare.stop()
    const down = await eventually(() => (engine.summary().state.status === 'disconnected' ? engine.summary().state : undefined), 5000, 'disconnected')
    expect(down.status === 'disconnected' && down.reason).toMatch(/Cannot reach unix:\/\/.*(ENOENT|ECONNREFUSED|ECONNRESET)/)
    await spare.start()
    await eventually(() => engine.isConnected, 15_000, 'reconnected')
    expect(states.map((s) => s.status)).toEqual(expect.arrayContaining(['connected', 'disconnected', 'connecting']))
    // The event stream was reopened too: a volume made after the outage is reported.
    const { execFileSync } = await import('node:child_process')
    execFileSync('docker', ['volume', 'create', 'berth-after-outage'], { env: { ...process.env, DOCKER_HOST: spare.dockerHost }, stdio: 'ignore' })
    await eventually(() => eventsAfterReconnect.find((e) => e.type === 'volume' && e.id === 'berth-after-outage'), 5000, 'volume event')
  }, 60_000)
})
