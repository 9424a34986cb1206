import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, watch } from 'vue'
import { detectLocale, isLocale, type Locale } from '../i18n/locale'

export const THEMES = ['system', 'light', 'dark'] as const
export type ThemePreference = (typeof THEMES)[number]

const LOCALE_KEY = 'berth.locale'
const THEME_KEY = 'berth.theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

function isTheme(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

/** The person's choices for this window: language and theme, remembered across restarts. */
export const useSettingsStore = defineStore('settings', () => {
  const savedLocale = localStorage.getItem(LOCALE_KEY)
  const locale = ref<Locale>(isLocale(savedLocale) ? savedLocale : detectLocale(navigator.languages ?? [navigator.language]))

  const savedTheme = localStorage.getItem(THEME_KEY)
  const theme = ref<ThemePreference>(isTheme(savedTheme) ? savedTheme : 'system')

  // 'system' follows the OS live, so the media query is watched, not read once.
  const media = window.matchMedia?.(DARK_QUERY)
  const systemDark = ref(media?.matches ?? false)
  const onSystemChange = (event: MediaQueryListEvent): void => {
    systemDark.value = event.matches
  }
  media?.addEventListener('change', onSystemChange)
  onScopeDispose(() => media?.removeEventListener('change', onSystemChange))

  /** The theme actually shown. */
  const appliedTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value,
  )

  watch(
    appliedTheme,
    (value) => {
      document.documentElement.dataset.theme = value
      document.documentElement.style.colorScheme = value
    },
    { immediate: true },
  )
  watch(locale, (value) => (document.documentElement.lang = value), { immediate: true })

  function setLocale(value: Locale): void {
    locale.value = value
    localStorage.setItem(LOCALE_KEY, value)
  }

  function setTheme(value: ThemePreference): void {
    theme.value = value
    localStorage.setItem(THEME_KEY, value)
  }

  return { locale, theme, appliedTheme, setLocale, setTheme }
})
