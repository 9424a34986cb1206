import type { EngineConfig, EngineKind, EngineState, EngineSummary, EngineVersion } from '../../src-shared/models/engine'

export type StateTone = 'ok' | 'warn' | 'error'

/** The colour of a state: green, amber, red. CSS classes are `tone-ok`, `tone-warn`, `tone-error`. */
export function stateTone(state: EngineState): StateTone {
  switch (state.status) {
    case 'connected':
      return 'ok'
    case 'connecting':
      return 'warn'
    case 'disconnected':
      return 'error'
  }
}

/** The i18n key of a state's label. */
export function stateLabelKey(state: EngineState): string {
  return `engine.state.${state.status}`
}

/** The i18n key of how an engine is reached. */
export function kindLabelKey(kind: EngineKind): string {
  return `engine.kind.${kind}`
}

/**
 * "Docker 20.10.24", "Podman 5.2.0": the product as people call it, from what the engine said.
 * Build metadata (Debian's "+dfsg1") is left out; it is noise next to the version people know.
 */
export function productLabel(version: EngineVersion | undefined, kind?: EngineKind): string | undefined {
  if (!version) return undefined
  const product = kind === 'podman' || /podman/i.test(version.platformName ?? '') ? 'Podman' : 'Docker'
  return `${product} ${version.version.split('+')[0]}`
}

/** "linux/amd64", as docker writes a platform. */
export function platformLabel(version: Pick<EngineVersion, 'os' | 'arch'> | undefined): string | undefined {
  if (!version || (!version.os && !version.arch)) return undefined
  return [version.os, version.arch].filter(Boolean).join('/')
}

/** Seconds until the next automatic retry, or undefined when none is planned or it is due. */
export function secondsUntilRetry(state: EngineState, now: number): number | undefined {
  if (state.status !== 'disconnected' || !state.retryAt) return undefined
  const at = Date.parse(state.retryAt)
  if (Number.isNaN(at)) return undefined
  const seconds = Math.ceil((at - now) / 1000)
  return seconds > 0 ? seconds : undefined
}

type Translate = (key: string, params?: Record<string, unknown>) => string

/** The engine to show: the one this window picked, else the one main remembers as current, else the first. */
export function pickEngine(engines: readonly EngineSummary[], wanted: string | null | undefined): EngineSummary | undefined {
  return engines.find((e) => e.id === wanted) ?? engines.find((e) => e.current) ?? engines[0]
}

/**
 * A short line for a disconnected engine: the problem's name when the person must act (the full
 * message is on the Engines page), else the engine's own reason.
 */
export function shortReason(state: EngineState, t: Translate): string | undefined {
  if (state.status !== 'disconnected') return undefined
  return state.problem ? t(`engines.problem.${state.problem.kind}`) : reasonText(state, t)
}

const UNREACHABLE_KINDS: Record<string, string> = { ENOENT: 'notRunning', ECONNREFUSED: 'notRunning', EACCES: 'denied', ETIMEDOUT: 'timeout' }

/** Why a disconnected engine is out of reach, in the window's language when main said why as data. */
export function reasonText(state: Extract<EngineState, { status: 'disconnected' }>, t: Translate): string {
  if (!state.cause) return state.reason
  const kind = UNREACHABLE_KINDS[state.cause.code] ?? 'broken'
  return t(`engine.unreachable.${kind}`, { endpoint: state.cause.endpoint, code: state.cause.code })
}

/** The scheme of an address as typed, to show the fields that apply to it. */
export function addressScheme(address: string): 'unix' | 'tcp' | 'ssh' | undefined {
  const text = address.trim().toLowerCase()
  if (text.startsWith('ssh://')) return 'ssh'
  if (text.startsWith('tcp://') || text.startsWith('http://') || text.startsWith('https://')) return 'tcp'
  if (text.startsWith('unix://') || text.startsWith('/')) return 'unix'
  return undefined
}

/** An EngineConfig from the dialog's fields, leaving out what does not apply to the address. */
export function configFromFields(fields: {
  name: string
  endpoint: string
  identityFile: string
  remoteSocket: string
  caPath: string
  certPath: string
  keyPath: string
}): EngineConfig {
  const scheme = addressScheme(fields.endpoint)
  const endpoint = scheme === 'unix' && fields.endpoint.trim().startsWith('/') ? `unix://${fields.endpoint.trim()}` : fields.endpoint.trim()
  const config: EngineConfig = { name: fields.name.trim(), endpoint }
  const opt = (value: string) => (value.trim() ? value.trim() : undefined)
  if (scheme === 'ssh' && (opt(fields.identityFile) || opt(fields.remoteSocket))) {
    config.ssh = { ...(opt(fields.identityFile) ? { identityFile: opt(fields.identityFile) } : {}), ...(opt(fields.remoteSocket) ? { remoteSocket: opt(fields.remoteSocket) } : {}) }
  }
  if (scheme === 'tcp' && (opt(fields.caPath) || opt(fields.certPath) || opt(fields.keyPath))) {
    config.tls = {
      ...(opt(fields.caPath) ? { caPath: opt(fields.caPath) } : {}),
      ...(opt(fields.certPath) ? { certPath: opt(fields.certPath) } : {}),
      ...(opt(fields.keyPath) ? { keyPath: opt(fields.keyPath) } : {}),
    }
  }
  return config
}

/** An endpoint cut after its separators, so a narrow column wraps it at `/`, `.` or `@`, not mid-word. */
export function endpointParts(endpoint: string): string[] {
  return endpoint.match(/[^/.@:]*[/.@:]*/g)?.filter(Boolean) ?? [endpoint]
}
