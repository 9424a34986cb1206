import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { EngineKind, EngineSource } from '../../src-shared/models/engine'
import { endpointFromEnv, parseEndpoint, type Endpoint } from './endpoint'

/** An engine found on this machine rather than added by the person. */
export interface DiscoveredEngine {
  id: string
  name: string
  kind: EngineKind
  source: EngineSource
  endpoint: Endpoint
  context?: string
  /** PEM files for a tcp:// engine with TLS (DOCKER_CERT_PATH, or the context's tls folder). */
  tls?: { caPath?: string; certPath?: string; keyPath?: string }
}

/** What discovery reads, injected so tests describe a machine without having one. */
export interface DiscoveryInput {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
  /** Also list the well-known sockets that exist (default, rootless, Podman). */
  sockets: boolean
  /** Also list every `docker context`. */
  contexts: boolean
  isSocket(path: string): boolean
  readFile(path: string): string | undefined
  listDir(path: string): string[]
  exists(path: string): boolean
}

export interface Discovery {
  engines: DiscoveredEngine[]
  /** The engine the docker CLI would use: DOCKER_HOST, else DOCKER_CONTEXT or config.json's current context. */
  cliEngineId: string
}

/** The id of the engine found through DOCKER_HOST or the platform's default socket. */
export const LOCAL_ENGINE_ID = 'local'

/**
 * Finds the engines the docker CLI and Podman would find: DOCKER_HOST (or the platform default),
 * the well-known sockets that exist, and every docker context. One engine per address: the first
 * way it was found wins.
 */
export function discoverEngines(input: DiscoveryInput): Discovery {
  const { env, platform, home } = input
  const engines: DiscoveredEngine[] = []
  const seen = new Set<string>()
  const push = (engine: DiscoveredEngine) => {
    if (seen.has(engine.endpoint.url)) return
    seen.add(engine.endpoint.url)
    engines.push(engine)
  }

  const local = endpointFromEnv(env, platform, home)
  const certDir = env.DOCKER_CERT_PATH
  push({
    id: LOCAL_ENGINE_ID,
    // The name the docker CLI gives the engine it reaches without a context.
    name: 'default',
    kind: local.kind === 'tcp' ? 'tcp' : local.kind === 'ssh' ? 'ssh' : 'local',
    source: env.DOCKER_HOST?.trim() ? 'environment' : 'default',
    endpoint: local,
    ...(local.kind === 'tcp' && local.tls && certDir ? { tls: pemFiles(certDir) } : {}),
  })

  if (input.sockets) {
    for (const candidate of socketCandidates(env, platform, home)) {
      if (input.isSocket(candidate.path)) {
        push({ id: `socket:${candidate.path}`, name: candidate.name, kind: candidate.kind, source: 'socket', endpoint: parseEndpoint(`unix://${candidate.path}`) })
      }
    }
  }

  let cliEngineId = LOCAL_ENGINE_ID
  if (input.contexts) {
    const configDir = env.DOCKER_CONFIG?.trim() || join(home, '.docker')
    const wanted = env.DOCKER_HOST?.trim() ? undefined : env.DOCKER_CONTEXT?.trim() || currentContext(input.readFile(join(configDir, 'config.json')))
    for (const context of readContexts(configDir, input)) {
      const id = `context:${context.name}`
      const holder = engines.find((e) => e.endpoint.url === context.endpoint.url)
      if (holder) {
        if (wanted === context.name) cliEngineId = holder.id
        continue
      }
      push({ id, name: context.name, kind: context.endpoint.kind === 'unix' || context.endpoint.kind === 'npipe' ? 'local' : context.endpoint.kind, source: 'context', endpoint: context.endpoint, context: context.name, ...(context.tls ? { tls: context.tls } : {}) })
      if (wanted === context.name) cliEngineId = id
    }
  }
  return { engines, cliEngineId }
}

/** The sockets Docker and Podman listen on by default, by platform. */
export function socketCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): { path: string; name: string; kind: EngineKind }[] {
  if (platform === 'win32') return []
  const list: { path: string; name: string; kind: EngineKind }[] = []
  if (platform === 'darwin') {
    list.push({ path: join(home, '.docker/run/docker.sock'), name: 'Docker Desktop', kind: 'local' })
    list.push({ path: join(home, '.colima/default/docker.sock'), name: 'Colima', kind: 'local' })
  }
  list.push({ path: '/var/run/docker.sock', name: 'Docker', kind: 'local' })
  const runtime = env.XDG_RUNTIME_DIR?.trim()
  if (runtime) {
    list.push({ path: join(runtime, 'docker.sock'), name: 'Docker (rootless)', kind: 'local' })
    list.push({ path: join(runtime, 'podman/podman.sock'), name: 'Podman (rootless)', kind: 'podman' })
  }
  list.push({ path: '/run/podman/podman.sock', name: 'Podman', kind: 'podman' })
  return list
}

/** config.json's `currentContext`; "default" means no context. */
export function currentContext(configJson: string | undefined): string | undefined {
  if (!configJson) return undefined
  try {
    const name = (JSON.parse(configJson) as { currentContext?: unknown }).currentContext
    return typeof name === 'string' && name && name !== 'default' ? name : undefined
  } catch {
    return undefined
  }
}

interface ContextMeta {
  Name?: unknown
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } }
}

/** Every context under `<config>/contexts/meta/<sha256(name)>/meta.json` with a docker endpoint Berth can read. */
export function readContexts(configDir: string, input: Pick<DiscoveryInput, 'readFile' | 'listDir' | 'exists'>): { name: string; endpoint: Endpoint; tls?: DiscoveredEngine['tls'] }[] {
  const metaDir = join(configDir, 'contexts/meta')
  const found: { name: string; endpoint: Endpoint; tls?: DiscoveredEngine['tls'] }[] = []
  for (const entry of input.listDir(metaDir).sort()) {
    const text = input.readFile(join(metaDir, entry, 'meta.json'))
    if (!text) continue
    let meta: ContextMeta
    try {
      meta = JSON.parse(text) as ContextMeta
    } catch {
      continue
    }
    const host = meta.Endpoints?.docker?.Host
    if (typeof meta.Name !== 'string' || typeof host !== 'string') continue
    const tlsDir = join(configDir, 'contexts/tls', createHash('sha256').update(meta.Name).digest('hex'), 'docker')
    const hasTls = input.exists(join(tlsDir, 'ca.pem')) || input.exists(join(tlsDir, 'cert.pem'))
    try {
      const endpoint = parseEndpoint(host, { tls: hasTls && meta.Endpoints?.docker?.SkipTLSVerify !== true })
      found.push({ name: meta.Name, endpoint, ...(hasTls && endpoint.kind === 'tcp' ? { tls: pemFiles(tlsDir, input.exists) } : {}) })
    } catch {
      // A context Berth cannot read is skipped, not fatal: the others still show.
    }
  }
  return found
}

function pemFiles(dir: string, exists: (path: string) => boolean = () => true): DiscoveredEngine['tls'] {
  const file = (name: string) => (exists(join(dir, name)) ? join(dir, name) : undefined)
  return { caPath: file('ca.pem'), certPath: file('cert.pem'), keyPath: file('key.pem') }
}
