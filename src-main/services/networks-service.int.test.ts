import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../core'
import { silentLogger } from '../platform/logger'
import { requireTestEngine } from '../testing/test-engine'
import { rejection, TEST_LABEL, volumesHarness } from '../volumes/volumes-testing'

type Harness = Awaited<ReturnType<typeof volumesHarness>>

// The test engine runs with --bridge=none --iptables=false: a bridge network is still made (a Linux
// bridge without NAT rules); these tests keep to internal networks and send no traffic.
describe('networks on the test engine', () => {
  let h: Harness

  beforeAll(async () => {
    h = await volumesHarness(requireTestEngine())
  })
  afterAll(() => h.dispose())

  it('creates an internal network with a subnet and gateway, lists it as the CLI sees it, and removes it', async () => {
    const name = h.name('networks', 'net')
    const created = await h.networks.create(h.engineId, { name, driver: 'bridge', internal: true, subnet: '10.231.7.0/24', gateway: '10.231.7.1', labels: { 'berth.test': 'volumes' } })
    const cli = JSON.parse(await h.cli('network', 'inspect', name))[0]
    expect(created).toMatchObject({ id: cli.Id, name, driver: 'bridge', scope: 'local', internal: true, builtIn: false, containers: [] })
    expect(created.subnets).toEqual([{ subnet: '10.231.7.0/24', gateway: '10.231.7.1' }])
    expect(created.labels['berth.test']).toBe('volumes')
    expect((await rejection(h.networks.create(h.engineId, { name, driver: 'bridge', internal: true }))).code).toBe('CONFLICT')
    await h.networks.remove(h.engineId, name)
    expect(await h.cli('network', 'ls', '-q', '--filter', `name=^${name}$`)).toBe('')
  })

  it('checks the subnet and gateway before the engine sees them', async () => {
    const core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
    try {
      const client = { emit() {} }
      const outside = await core.router.invoke(client, 'networks:create', [h.engineId, { name: 'berth-volumes-bad', driver: 'bridge', subnet: '10.9.0.0/24', gateway: '10.9.1.1' }])
      expect(outside).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('outside the subnet') } })
      const hostBits = await core.router.invoke(client, 'networks:create', [h.engineId, { name: 'berth-volumes-bad', driver: 'bridge', subnet: '10.9.0.5/24' }])
      expect(hostBits).toMatchObject({ ok: false, error: { message: expect.stringContaining('10.9.0.0/24') } })
      const driver = await core.router.invoke(client, 'networks:create', [h.engineId, { name: 'berth-volumes-bad', driver: 'overlay' }])
      expect(driver).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    } finally {
      await core.dispose()
    }
  })

  it('connects and disconnects a container, and refuses to remove a network in use, naming the container', async () => {
    const name = h.name('networks', 'attach')
    await h.networks.create(h.engineId, { name, driver: 'bridge', internal: true, labels: { 'berth.test': 'volumes' } })
    const other = h.name('containers', 'joiner')
    await h.cli('create', '--name', other, '--network', name, '--label', TEST_LABEL, 'berth-fixture/base')
    let network = (await h.networks.list(h.engineId)).find((n) => n.name === name)
    expect(network?.containers.map((c) => c.name)).toEqual([other])

    const error = await rejection(h.networks.remove(h.engineId, name))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain(other)

    await h.networks.disconnect(h.engineId, name, other)
    network = (await h.networks.list(h.engineId)).find((n) => n.name === name)
    expect(network?.containers).toEqual([])
    await h.networks.connect(h.engineId, name, other)
    expect(JSON.parse(await h.cli('inspect', other))[0].NetworkSettings.Networks[name]).toBeDefined()
    expect((await rejection(h.networks.connect(h.engineId, name, 'berth-volumes-nobody'))).code).toBe('NOT_FOUND')
    await h.networks.disconnect(h.engineId, name, other)
    await h.networks.remove(h.engineId, name)
  })

  it('never removes the engine\'s own networks', async () => {
    const error = await rejection(h.networks.remove(h.engineId, 'none'))
    expect(error.message).toContain("engine's own networks")
    expect((await h.networks.list(h.engineId)).find((n) => n.name === 'host')).toMatchObject({ builtIn: true })
  })
})
