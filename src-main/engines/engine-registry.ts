import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Dockerode from 'dockerode'
import { AppError } from '../../src-shared/errors'
import type { EngineSummary } from '../../src-shared/models/engine'
import { Emitter, type Disposable } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { endpointFromEnv } from './endpoint'
import { EngineConnection } from './engine-connection'

export interface EngineRegistryOptions {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
  logger: Logger
}

/** The id of the engine found through DOCKER_HOST or the platform's default socket. */
export const LOCAL_ENGINE_ID = 'local'

/**
 * Every engine Berth knows. Each connects, fails and reconnects on its own, so a dead engine
 * never holds up the others.
 */
export class EngineRegistry {
  private readonly engines = new Map<string, EngineConnection>()
  private readonly changed = new Emitter<EngineSummary[]>()
  private readonly subscriptions: Disposable[] = []

  constructor(private readonly options: EngineRegistryOptions) {}

  /** Adds the local engine and starts connecting to it. */
  start(): void {
    const { env, platform, home, logger } = this.options
    const endpoint = endpointFromEnv(env, platform, home)
    this.add(
      new EngineConnection({
        id: LOCAL_ENGINE_ID,
        // The name the docker CLI gives the engine it reaches without a context.
        name: 'default',
        kind: endpoint.kind === 'tcp' ? 'tcp' : endpoint.kind === 'ssh' ? 'ssh' : 'local',
        endpoint,
        dockerOptions: tlsOptions(env, endpoint.kind === 'tcp' && endpoint.tls),
        logger,
      }),
    )
  }

  add(engine: EngineConnection): void {
    if (this.engines.has(engine.id)) throw new AppError('CONFLICT', `An engine with id "${engine.id}" exists already.`)
    this.engines.set(engine.id, engine)
    this.subscriptions.push(engine.onStateChange(() => this.changed.fire(this.list())))
    engine.start()
  }

  list(): EngineSummary[] {
    return [...this.engines.values()].map((engine) => engine.summary())
  }

  /** The engine with this id, or a NOT_FOUND a person can act on. */
  get(id: string): EngineConnection {
    const engine = this.engines.get(id)
    if (!engine) throw new AppError('NOT_FOUND', `No engine "${id}": it may have been removed. Pick another on the Engines page.`)
    return engine
  }

  onChange(listener: (engines: EngineSummary[]) => void): Disposable {
    return this.changed.on(listener)
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose())
    this.engines.forEach((engine) => engine.dispose())
    this.engines.clear()
    this.changed.clear()
  }
}

/** The TLS files the docker CLI reads from DOCKER_CERT_PATH. */
function tlsOptions(env: NodeJS.ProcessEnv, tls: boolean): Dockerode.DockerOptions | undefined {
  const dir = env.DOCKER_CERT_PATH
  if (!tls || !dir) return undefined
  const read = (name: string) => readFileSync(join(dir, name))
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') }
}
