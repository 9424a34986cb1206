// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createFakeApi } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import { useSettingsStore } from '../stores/settings'

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeApi> | undefined }))
vi.mock('../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))

const { default: SettingsView } = await import('./SettingsView.vue')

describe('SettingsView', () => {
  beforeEach(() => {
    localStorage.clear()
    fake.current = createFakeApi()
  })

  it('switches the language and theme through labelled selects', async () => {
    const { wrapper } = mountWithApp(SettingsView)
    const settings = useSettingsStore()
    const language = wrapper.get('select#settings-language')
    expect(wrapper.get('label[for="settings-language"]').text()).toBe('Language')
    await language.setValue('ko')
    expect(settings.locale).toBe('ko')
    expect(localStorage.getItem('berth.locale')).toBe('ko')

    await wrapper.get('select#settings-theme').setValue('dark')
    await nextTick()
    expect(settings.theme).toBe('dark')
    expect(document.documentElement.dataset.theme).toBe('dark')
  })

  it('tells the version in About', () => {
    const { wrapper } = mountWithApp(SettingsView)
    expect(wrapper.text()).toContain('0.1.0')
  })
})
