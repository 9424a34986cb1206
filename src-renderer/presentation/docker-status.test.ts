import { describe, expect, it } from 'vitest'
import en from '../i18n/en.json'
import ko from '../i18n/ko.json'
import { formatStatus, statusPhrase } from './docker-status'

// A tiny stand-in for vue-i18n's t(): looks the key up and fills {placeholders}.
const translator = (messages: unknown) => (key: string, params: Record<string, unknown> = {}) => {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages)
  if (typeof text !== 'string') throw new Error(`missing ${key}`)
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))
}

// Every shape the engine writes (State.String with HumanDuration).
const samples = [
  'Up Less than a second',
  'Up 1 second',
  'Up 42 seconds',
  'Up About a minute',
  'Up 3 minutes',
  'Up About an hour',
  'Up 5 hours (healthy)',
  'Up 2 days (unhealthy)',
  'Up 3 weeks (health: starting)',
  'Up 4 months (Paused)',
  'Up 2 years',
  'Exited (0) 3 seconds ago',
  'Exited (137) 2 hours ago',
  'Exited (-1) About a minute ago',
  'Restarting (1) Less than a second ago',
  'Created',
  'Dead',
  'Removal In Progress',
]

describe('Docker status text', () => {
  it('reads back into parts', () => {
    expect(statusPhrase('Exited (137) 2 hours ago')).toEqual({
      key: 'containers.status.exited',
      params: { code: 137 },
      duration: { key: 'containers.duration.hours', params: { n: 2 } },
    })
    expect(statusPhrase('Up 5 hours (healthy)')?.suffix).toBe('containers.status.health.healthy')
  })

  it('says in English exactly what the engine said', () => {
    const t = translator(en)
    for (const sample of samples) expect(formatStatus(sample, t)).toBe(sample)
  })

  it('says it all in Korean, with no English left', () => {
    const t = translator(ko)
    expect(formatStatus('Up 3 minutes', t)).toBe('3분째 실행 중')
    expect(formatStatus('Exited (137) 2 hours ago', t)).toBe('종료됨 (137) · 2시간 전')
    expect(formatStatus('Up 4 months (Paused)', t)).toBe('4개월째 실행 중 (일시 정지됨)')
    for (const sample of samples) expect(formatStatus(sample, t)).not.toMatch(/[A-Za-z]{3,}/)
  })

  it('shows text it does not know as the engine wrote it', () => {
    expect(formatStatus('Up for a while', translator(ko))).toBe('Up for a while')
    expect(formatStatus('', translator(ko))).toBe('')
  })
})
