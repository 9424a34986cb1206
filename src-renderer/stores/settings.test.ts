// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useSettingsStore } from './settings'

/** A controllable `prefers-color-scheme: dark`. */
function fakeMedia(dark: boolean) {
  const listeners = new Set<(e: MediaQueryListEvent) => void>()
  const media = {
    matches: dark,
    addEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.delete(l),
  }
  vi.spyOn(window, 'matchMedia').mockReturnValue(media as unknown as MediaQueryList)
  return {
    listeners,
    set(value: boolean) {
      media.matches = value
      listeners.forEach((l) => l({ matches: value } as MediaQueryListEvent))
    },
  }
}

function languages(list: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list)
}

describe('useSettingsStore', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.restoreAllMocks())

  it('speaks Korean when any of the browser languages is Korean', () => {
    fakeMedia(false)
    languages(['en-US', 'ko-KR'])
    expect(useSettingsStore().locale).toBe('ko')
  })

  it('speaks English otherwise', () => {
    fakeMedia(false)
    languages(['ja-JP', 'fr'])
    expect(useSettingsStore().locale).toBe('en')
  })

  it('remembers the chosen language over the browser default', async () => {
    fakeMedia(false)
    languages(['en-US'])
    useSettingsStore().setLocale('ko')
    setActivePinia(createPinia())
    const again = useSettingsStore()
    expect(again.locale).toBe('ko')
    await nextTick()
    expect(document.documentElement.lang).toBe('ko')
  })

  it('applies the theme to <html> and follows the system live', async () => {
    const media = fakeMedia(false)
    languages(['en'])
    const store = useSettingsStore()
    expect(store.theme).toBe('system')
    expect(document.documentElement.dataset.theme).toBe('light')

    media.set(true)
    await nextTick()
    expect(document.documentElement.dataset.theme).toBe('dark')

    store.setTheme('light')
    await nextTick()
    expect(document.documentElement.dataset.theme).toBe('light')
    expect(localStorage.getItem('berth.theme')).toBe('light')

    store.$dispose()
    expect(media.listeners.size).toBe(0)
  })
})
