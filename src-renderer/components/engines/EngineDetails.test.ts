// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeApi, engine, info } from '../../testing/fake-api'
import { mountWithApp } from '../../testing/mount'

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeApi> | undefined }))
vi.mock('../../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))

const { default: EngineDetails } = await import('./EngineDetails.vue')

describe('EngineDetails', () => {
  beforeEach(() => {
    localStorage.clear()
    fake.current = createFakeApi()
  })

  it("shows what system.info says about a connected engine", async () => {
    const { wrapper } = mountWithApp(EngineDetails, { props: { engine: engine('a') } })
    await flushPromises()
    expect(fake.current!.api.system.info).toHaveBeenCalledWith('a')
    const text = wrapper.text()
    expect(text).toContain('Docker 20.10.24')
    expect(text).toContain('8')
    expect(text).toContain('16 GiB')
    expect(text).toContain('3 running, 2 stopped')
    expect(text).toContain('overlay2')
    expect(text).toContain('/var/lib/docker')
    expect(wrapper.find('button').exists()).toBe(false)
  })

  it('offers Reconnect when disconnected, and reads info again once connected', async () => {
    const down = engine('a', { state: { status: 'disconnected', reason: 'Cannot reach it' } })
    const { wrapper } = mountWithApp(EngineDetails, { props: { engine: down } })
    await flushPromises()
    expect(fake.current!.api.system.info).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('Cannot reach it')

    const button = wrapper.get('button')
    expect(button.text()).toBe('Reconnect')
    await button.trigger('click')
    await flushPromises()
    expect(fake.current!.api.engines.reconnect).toHaveBeenCalledWith('a')

    await wrapper.setProps({ engine: engine('a') })
    await flushPromises()
    expect(fake.current!.api.system.info).toHaveBeenCalledTimes(1)
    expect(wrapper.text()).toContain('overlay2')
  })

  it('says when the details could not be read', async () => {
    fake.current!.api.system.info.mockRejectedValueOnce(new Error('boom'))
    const { wrapper } = mountWithApp(EngineDetails, { props: { engine: engine('a') } })
    await flushPromises()
    expect(wrapper.text()).toContain("Couldn't read the engine's details.")
  })

  it('formats in Korean', async () => {
    fake.current!.api.system.info.mockResolvedValueOnce(info({ containersPaused: 1 }))
    const { wrapper } = mountWithApp(EngineDetails, { props: { engine: engine('a') }, locale: 'ko' })
    await flushPromises()
    expect(wrapper.text()).toContain('실행 중 3개, 중지됨 2개')
    expect(wrapper.text()).toContain('일시 중지됨 1개')
  })
})
