import { createI18n } from 'vue-i18n'
import en from './en.json'
import ko from './ko.json'
import type { Locale } from './locale'

export type MessageSchema = typeof en

/** The window's i18n; the settings store decides the locale, App.vue applies it. */
export function createAppI18n(locale: Locale) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, ko },
    // A missing Korean string should be caught by i18n.test.ts, not logged at people.
    missingWarn: false,
    fallbackWarn: false,
  })
}
