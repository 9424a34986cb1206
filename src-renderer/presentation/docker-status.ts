/**
 * Docker's container status text ("Up 3 minutes (healthy)", "Exited (137) 2 hours ago"), read
 * back into its parts so the window can say it in the person's language. The grammar is the
 * engine's own: State.String() with go-units' HumanDuration for the durations.
 */

type Translate = (key: string, params?: Record<string, unknown>) => string

const DURATIONS: Array<[RegExp, string]> = [
  [/^Less than a second$/, 'lessThanSecond'],
  [/^1 second$/, 'second'],
  [/^(\d+) seconds$/, 'seconds'],
  [/^About a minute$/, 'aboutMinute'],
  [/^(\d+) minutes$/, 'minutes'],
  [/^About an hour$/, 'aboutHour'],
  [/^(\d+) hours$/, 'hours'],
  [/^(\d+) days$/, 'days'],
  [/^(\d+) weeks$/, 'weeks'],
  [/^(\d+) months$/, 'months'],
  [/^(\d+) years$/, 'years'],
]

export interface Phrase {
  key: string
  params: Record<string, string | number>
}

/** A HumanDuration phrase as an i18n key under `containers.duration`. */
export function durationPhrase(text: string): Phrase | undefined {
  for (const [pattern, key] of DURATIONS) {
    const match = pattern.exec(text)
    if (match) return { key: `containers.duration.${key}`, params: match[1] ? { n: Number(match[1]) } : {} }
  }
  return undefined
}

const HEALTH: Record<string, string> = { healthy: 'healthy', unhealthy: 'unhealthy', 'health: starting': 'starting' }

export interface StatusPhrase extends Phrase {
  duration?: Phrase
  /** `containers.status.paused` or a `containers.status.health.*` key to append. */
  suffix?: string
}

/** The status's parts, or undefined for text this grammar does not know (shown as it is). */
export function statusPhrase(status: string): StatusPhrase | undefined {
  const text = status.trim()
  if (text === 'Created') return { key: 'containers.status.created', params: {} }
  if (text === 'Dead') return { key: 'containers.status.dead', params: {} }
  if (text === 'Removal In Progress') return { key: 'containers.status.removing', params: {} }
  const up = /^Up (.+?)(?: \((Paused|healthy|unhealthy|health: starting)\))?$/.exec(text)
  if (up) {
    const duration = durationPhrase(up[1]!)
    if (!duration) return undefined
    const extra = up[2]
    const suffix = extra === 'Paused' ? 'containers.status.paused' : extra ? `containers.status.health.${HEALTH[extra]}` : undefined
    return { key: 'containers.status.up', params: {}, duration, ...(suffix ? { suffix } : {}) }
  }
  const ended = /^(Exited|Restarting) \((-?\d+)\) (.+) ago$/.exec(text)
  if (ended) {
    const duration = durationPhrase(ended[3]!)
    if (!duration) return undefined
    const key = ended[1] === 'Exited' ? 'containers.status.exited' : 'containers.status.restarting'
    return { key, params: { code: Number(ended[2]) }, duration }
  }
  return undefined
}

/** The status in the window's language; unknown text is shown as the engine wrote it. */
export function formatStatus(status: string, t: Translate): string {
  const phrase = statusPhrase(status)
  if (!phrase) return status
  const duration = phrase.duration ? t(phrase.duration.key, phrase.duration.params) : ''
  const main = t(phrase.key, { ...phrase.params, duration })
  return phrase.suffix ? `${main} ${t(phrase.suffix)}` : main
}
