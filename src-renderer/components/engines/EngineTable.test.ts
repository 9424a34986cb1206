// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { engine } from '../../testing/fake-api'
import { mountWithApp } from '../../testing/mount'
import EngineTable from './EngineTable.vue'

describe('EngineTable', () => {
  const engines = [
    engine('a', { name: 'Local' }),
    engine('b', { name: 'Remote', kind: 'ssh', state: { status: 'disconnected', reason: 'Host key changed' }, version: undefined }),
  ]

  it('is a real table with a caption, column headers and row headers', () => {
    const { wrapper } = mountWithApp(EngineTable, { props: { engines, currentId: 'a' } })
    expect(wrapper.get('caption').text()).toBe('Engines')
    expect(wrapper.findAll('th[scope="col"]')).toHaveLength(7)
    expect(wrapper.findAll('th[scope="row"]').map((th) => th.text())).toEqual(['Local Current', 'Remote'])
  })

  it('shows each state with its reason, and dashes for what is not known', () => {
    const { wrapper } = mountWithApp(EngineTable, { props: { engines, currentId: 'a' } })
    const [local, remote] = wrapper.findAll('tbody tr')
    expect(local!.text()).toContain('Connected')
    expect(local!.text()).toContain('Docker 20.10.24')
    expect(local!.text()).toContain('linux/amd64')
    expect(remote!.text()).toContain('Disconnected')
    expect(remote!.text()).toContain('Host key changed')
    expect(remote!.text()).toContain('SSH')
    expect(remote!.text()).toContain('—')
  })

  it('offers to use the other engines, by name', async () => {
    const { wrapper } = mountWithApp(EngineTable, { props: { engines, currentId: 'a' } })
    const buttons = wrapper.findAll('button:not([role="switch"])')
    expect(buttons).toHaveLength(1)
    expect(buttons[0]!.attributes('aria-label')).toBe('Use Remote')
    await buttons[0]!.trigger('click')
    expect(wrapper.emitted('select')).toEqual([['b']])
  })

  it('turns engines on and off with a switch', async () => {
    const list = [engine('a', { name: 'Local', source: 'default' }), engine('c', { name: 'Box', source: 'added', enabled: false })]
    const { wrapper } = mountWithApp(EngineTable, { props: { engines: list, currentId: 'a' } })
    const switches = wrapper.findAll('[role="switch"]')
    expect(switches.map((s) => [s.attributes('aria-label'), s.attributes('aria-checked')])).toEqual([
      ['Connect Local', 'true'],
      ['Connect Box', 'false'],
    ])
    await switches[1]!.trigger('click')
    expect(wrapper.emitted('toggle')).toEqual([['c', true]])
    expect(wrapper.findAll('button').map((b) => b.attributes('aria-label'))).toEqual(['Connect Local', 'Connect Box', 'Use Box'])
  })
})
