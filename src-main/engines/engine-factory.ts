import { readFileSync } from 'node:fs'
import type Dockerode from 'dockerode'
import { AppError } from '../../src-shared/errors'
import type { EngineConfig, EngineKind, EngineSource } from '../../src-shared/models/engine'
import type { Logger } from '../platform/logger'
import { readFileIfAny, readTextIfAny } from '../platform/read-file'
import type { SecretStore } from '../platform/secret-store'
import { parseEndpoint, type Endpoint } from './endpoint'
import { EngineConnection, type EngineTransport } from './engine-connection'
import type { HostKeyStore } from './ssh/host-key-store'
import { createSshHttpAgent } from './ssh/ssh-agent'
import { SshSession } from './ssh/ssh-session'
import { resolveSshTarget, type SshEnvironment } from './ssh/ssh-target'

/** Everything an engine is made from, whether discovered or added. */
export interface EngineSpec {
  id: string
  name: string
  source: EngineSource
  endpoint: Endpoint
  kind?: EngineKind
  context?: string
  tls?: EngineConfig['tls']
  ssh?: EngineConfig['ssh']
  config?: EngineConfig
}

export interface EngineFactoryDeps {
  logger: Logger
  ssh: SshEnvironment
  hostKeys: HostKeyStore
  secrets: SecretStore
  /** How often a connected engine is pinged (tests make it short). */
  healthIntervalMs?: number
}

/** The key under which an engine's SSH passphrase is kept in the SecretStore. */
export const passphraseKey = (engineId: string) => `engine:${engineId}:passphrase`
/** The key under which an engine's SSH login password is kept in the SecretStore. */
export const passwordKey = (engineId: string) => `engine:${engineId}:password`

/** An added engine's spec from what the person typed; throws INVALID_INPUT with the reason. */
export function specFromConfig(id: string, config: EngineConfig): EngineSpec {
  const tls = config.tls && (config.tls.caPath || config.tls.certPath || config.tls.keyPath) ? config.tls : undefined
  const endpoint = parseEndpoint(config.endpoint, { tls: Boolean(tls) })
  if (endpoint.kind !== 'ssh' && config.ssh && (config.ssh.identityFile || config.ssh.remoteSocket)) {
    throw new AppError('INVALID_INPUT', 'A key file and a remote socket only apply to ssh:// engines.')
  }
  if (endpoint.kind !== 'tcp' && tls) throw new AppError('INVALID_INPUT', 'TLS certificates only apply to tcp:// engines.')
  const kind: EngineKind = endpoint.kind === 'ssh' ? 'ssh' : endpoint.kind === 'tcp' ? 'tcp' : /podman/i.test(endpoint.url) ? 'podman' : 'local'
  return { id, name: config.name.trim(), source: 'added', endpoint, kind, tls, ssh: config.ssh, config }
}

/**
 * Builds the connection of one engine: dockerode straight to a socket or tcp (with its TLS
 * files), or over one persistent SSH session for ssh://. `passphrase` overrides the stored one
 * (a connection test with a passphrase the person just typed).
 */
export function createEngineConnection(spec: EngineSpec, deps: EngineFactoryDeps, options: { enabled?: boolean; passphrase?: string; password?: string } = {}): EngineConnection {
  const kind: EngineKind = spec.kind ?? (spec.endpoint.kind === 'ssh' ? 'ssh' : spec.endpoint.kind === 'tcp' ? 'tcp' : 'local')
  return new EngineConnection({
    id: spec.id,
    name: spec.name,
    kind,
    endpoint: spec.endpoint,
    logger: deps.logger,
    healthIntervalMs: deps.healthIntervalMs,
    dockerOptions: tlsOptions(spec),
    transport: spec.endpoint.kind === 'ssh' ? sshTransport(spec, deps, options) : undefined,
    source: spec.source,
    context: spec.context,
    config: spec.config,
    enabled: options.enabled,
  })
}

function sshTransport(spec: EngineSpec, deps: EngineFactoryDeps, typed: { passphrase?: string; password?: string }): EngineTransport {
  const target = resolveSshTarget(spec.config?.endpoint ?? spec.endpoint.url, spec.ssh ?? {}, deps.ssh, readTextIfAny, exists)
  const session = new SshSession({
    target,
    hostKeys: deps.hostKeys,
    passphrase: () => typed.passphrase ?? deps.secrets.get(passphraseKey(spec.id)),
    password: () => typed.password ?? deps.secrets.get(passwordKey(spec.id)),
    agentSocket: deps.ssh.agentSocket,
    readFile: readFileIfAny,
    logger: deps.logger,
  })
  const agent = createSshHttpAgent(session)
  return {
    dockerOptions: { protocol: 'http', host: 'docker', agent } as Dockerode.DockerOptions,
    onDropped: (listener) => session.onDropped(listener),
    reset: () => session.reset(),
    dispose: () => {
      agent.destroy()
      session.dispose()
    },
  }
}

function tlsOptions(spec: EngineSpec): Dockerode.DockerOptions | undefined {
  if (spec.endpoint.kind !== 'tcp' || !spec.endpoint.tls || !spec.tls) return undefined
  const read = (path: string | undefined, what: string) => {
    if (!path) return undefined
    try {
      return readFileSync(path)
    } catch (error) {
      throw new AppError('INVALID_INPUT', `Cannot read the ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
    }
  }
  return { ca: read(spec.tls.caPath, 'CA certificate'), cert: read(spec.tls.certPath, 'client certificate'), key: read(spec.tls.keyPath, 'client key') }
}

function exists(path: string): boolean {
  return readFileIfAny(path) !== undefined
}
