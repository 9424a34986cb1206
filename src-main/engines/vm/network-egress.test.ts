import { describe, expect, it } from 'vitest'
import type { EngineEvent, EngineSummary } from '../../../src-shared/models/engine'
import { Emitter } from '../../platform/disposable'
import { silentLogger } from '../../platform/logger'
import type { EngineConnection } from '../engine-connection'
import { bridgeInterface, egressCommand, NetworkEgress, type BridgeNetworkInfo } from './network-egress'

describe('the egress of the VM networks', () => {
  it('names a bridge network by its bridge.name option, else br- and 12 characters of its id', () => {
    const id = '3f1c0a9d2b7e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4'
    expect(bridgeInterface({ Id: id, Driver: 'bridge' })).toBe('br-3f1c0a9d2b7e')
    expect(bridgeInterface({ Id: id, Driver: 'bridge', Options: { 'com.docker.network.bridge.name': 'docker0' } })).toBe('docker0')
    expect(bridgeInterface({ Id: id, Driver: 'bridge', Options: { 'com.docker.network.bridge.name': '' } })).toBe('br-3f1c0a9d2b7e')
    expect(bridgeInterface({ Id: id, Driver: 'host' })).toBeUndefined()
    expect(bridgeInterface({ Id: id, Driver: 'null' })).toBeUndefined()
  })

  it('writes one nft transaction; a close succeeds whether or not the name was in the set', () => {
    expect(egressCommand(new Map([['br-aaa', true], ['br-bbb', true]]))).toBe(`/usr/sbin/nft 'add element inet berth egress { "br-aaa", "br-bbb" }'`)
    expect(egressCommand(new Map([['br-ccc', false]]))).toBe(`/usr/sbin/nft 'add element inet berth egress { "br-ccc" }; delete element inet berth egress { "br-ccc" }'`)
    expect(egressCommand(new Map([['br-aaa', true], ['br-ccc', false]]), true)).toBe(
      `/usr/sbin/nft 'flush set inet berth egress; add element inet berth egress { "br-aaa" }; add element inet berth egress { "br-ccc" }; delete element inet berth egress { "br-ccc" }'`,
    )
    // A sync with no open network still empties the set; nothing at all is no command.
    expect(egressCommand(new Map(), true)).toBe(`/usr/sbin/nft 'flush set inet berth egress'`)
    expect(egressCommand(new Map())).toBeUndefined()
  })

  it('refuses a name that could break out of the quotes', () => {
    for (const name of [`br-'x`, 'br-"x', 'a b', 'br-$(id)', 'br-x;y', 'a-very-long-name-0']) expect(() => egressCommand(new Map([[name, true]]))).toThrow(/cannot be written/)
  })

  it('opens what is not internal on connect, then follows create and destroy in order, batching what arrives meanwhile', async () => {
    const events = new Emitter<EngineEvent>()
    const states = new Emitter<EngineSummary>()
    const networks = new Map<string, BridgeNetworkInfo>([
      ['bridge-id', { Id: 'bridge-id', Driver: 'bridge', Options: { 'com.docker.network.bridge.name': 'docker0' } }],
      ['host-id', { Id: 'host-id', Driver: 'host' }],
      ['aaaaaaaaaaaa-open', { Id: 'aaaaaaaaaaaa-open', Driver: 'bridge' }],
      ['bbbbbbbbbbbb-internal', { Id: 'bbbbbbbbbbbb-internal', Driver: 'bridge', Internal: true }],
    ])
    const engine = {
      onEvent: (l: (e: EngineEvent) => void) => events.on(l),
      onStateChange: (l: (s: EngineSummary) => void) => states.on(l),
      docker: {
        listNetworks: async () => [...networks.values()],
        getNetwork: (id: string) => ({ inspect: async () => networks.get(id) ?? Promise.reject(new Error('no such network')) }),
      },
    } as unknown as EngineConnection
    const commands: string[] = []
    let release = () => {}
    const egress = new NetworkEgress(
      engine,
      async (command) => {
        commands.push(command)
        // The first command stays in flight until released, so the events after it queue up.
        if (commands.length === 1) await new Promise<void>((r) => (release = r))
        return { code: 0, output: '' }
      },
      silentLogger,
    )
    const event = (action: string, id: string): EngineEvent => ({ type: 'network', action, id, attributes: { type: 'bridge' }, timeNano: '0' })
    const syncing = egress.sync()
    await new Promise((r) => setTimeout(r, 0))
    expect(commands).toEqual([`/usr/sbin/nft 'flush set inet berth egress; add element inet berth egress { "docker0", "br-aaaaaaaaaaaa" }; add element inet berth egress { "br-bbbbbbbbbbbb" }; delete element inet berth egress { "br-bbbbbbbbbbbb" }'`])
    networks.set('cccccccccccc-new', { Id: 'cccccccccccc-new', Driver: 'bridge', Options: { 'com.docker.network.bridge.name': 'mybr0' } })
    events.fire(event('create', 'cccccccccccc-new'))
    events.fire(event('connect', 'cccccccccccc-new'))
    networks.delete('aaaaaaaaaaaa-open')
    events.fire(event('destroy', 'aaaaaaaaaaaa-open'))
    networks.set('dddddddddddd-internal', { Id: 'dddddddddddd-internal', Driver: 'bridge', Internal: true })
    events.fire(event('create', 'dddddddddddd-internal'))
    release()
    await syncing
    await new Promise((r) => setTimeout(r, 0))
    expect(commands.slice(1)).toEqual([
      `/usr/sbin/nft 'add element inet berth egress { "mybr0" }; add element inet berth egress { "br-aaaaaaaaaaaa", "br-dddddddddddd" }; delete element inet berth egress { "br-aaaaaaaaaaaa", "br-dddddddddddd" }'`,
    ])
    // A destroy finds a custom bridge name it saw at create.
    networks.delete('cccccccccccc-new')
    events.fire(event('destroy', 'cccccccccccc-new'))
    await new Promise((r) => setTimeout(r, 0))
    expect(commands[2]).toBe(`/usr/sbin/nft 'add element inet berth egress { "mybr0" }; delete element inet berth egress { "mybr0" }'`)
    egress.dispose()
  })
})
