import { describe, expect, it } from 'vitest'
import en from './en.json'
import ko from './ko.json'

/** Every leaf as "a.b.c" → value. */
function flatten(messages: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [key, value] of Object.entries(messages as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object') flatten(value, path).forEach((v, k) => out.set(k, v))
    else out.set(path, value)
  }
  return out
}

/** `{name}` placeholders of a message, sorted. */
const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

describe('translations', () => {
  const enFlat = flatten(en)
  const koFlat = flatten(ko)

  it('have the same keys in Korean and English', () => {
    expect([...koFlat.keys()].sort()).toEqual([...enFlat.keys()].sort())
  })

  it('have no empty or non-string values', () => {
    for (const [locale, flat] of [['en', enFlat], ['ko', koFlat]] as const) {
      for (const [key, value] of flat) {
        expect(typeof value, `${locale}:${key}`).toBe('string')
        expect((value as string).trim(), `${locale}:${key}`).not.toBe('')
      }
    }
  })

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of enFlat) {
      expect(placeholders(String(koFlat.get(key) ?? '')), key).toEqual(placeholders(String(value)))
    }
  })
})
