export const LOCALES = ['ko', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Korean when any of the person's languages is Korean (ko, ko-KR …); English otherwise. */
export function detectLocale(languages: readonly string[]): Locale {
  return languages.some((language) => language.toLowerCase().split(/[-_]/)[0] === 'ko') ? 'ko' : 'en'
}
