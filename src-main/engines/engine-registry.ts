import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { z } from 'zod'
import { EngineConfigSchema } from '../../src-shared/contract/engines'
import { AppError } from '../../src-shared/errors'
import type { EngineConfig, EngineSummary, EngineTestResult } from '../../src-shared/models/engine'
import { Emitter, type Disposable } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { MemorySecretStore, type SecretStore } from '../platform/secret-store'
import { SettingsStore } from '../platform/settings-store'
import { discoverEngines, LOCAL_ENGINE_ID } from './discovery'
import { capabilitiesOf } from './engine-capabilities'
import type { EngineConnection } from './engine-connection'
import { toEngineVersion } from './engine-connection'
import { engineErrorToAppError } from './engine-error'
import { createEngineConnection, passphraseKey, passwordKey, specFromConfig, type EngineFactoryDeps, type EngineSpec } from './engine-factory'
import { HostKeyStore } from './ssh/host-key-store'
import { defaultSshEnvironment, type SshEnvironment } from './ssh/ssh-target'

export { LOCAL_ENGINE_ID } from './discovery'

export interface EngineRegistryOptions {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
  logger: Logger
  /** Where added engines, the current engine and turned-off engines are remembered (memory only without). */
  settings?: SettingsStore
  secrets?: SecretStore
  /** Find the well-known sockets and docker contexts too (the apps do; tests opt in, to stay hermetic). */
  discover?: { sockets?: boolean; contexts?: boolean }
  /** Where SSH files are (known_hosts, config, the agent); tests redirect them. */
  ssh?: Partial<SshEnvironment>
  localUser?: string
  healthIntervalMs?: number
  testTimeoutMs?: number
}

const SETTINGS_KEY = 'engines'
const StoredEngines = z.object({
  added: z.array(z.object({ id: z.string().min(1).max(200), config: EngineConfigSchema })).default([]),
  current: z.string().max(200).optional(),
  disabled: z.array(z.string().max(200)).default([]),
})
type StoredEngines = z.infer<typeof StoredEngines>

/**
 * Every engine Berth knows: discovered (DOCKER_HOST, default sockets, docker contexts) and added by
 * the person (remembered). Each connects, fails and reconnects on its own, so a dead engine never
 * holds up the others. One is the current engine, remembered across runs.
 */
export class EngineRegistry {
  private readonly engines = new Map<string, EngineConnection>()
  private readonly subscriptions = new Map<string, Disposable>()
  private readonly changed = new Emitter<EngineSummary[]>()
  private readonly settings: SettingsStore
  private readonly secrets: SecretStore
  private readonly deps: EngineFactoryDeps
  private stored: StoredEngines
  private cliEngineId = LOCAL_ENGINE_ID

  constructor(private readonly options: EngineRegistryOptions) {
    this.settings = options.settings ?? new SettingsStore(undefined, options.logger)
    this.secrets = options.secrets ?? new MemorySecretStore()
    const ssh = { ...defaultSshEnvironment(options.env, options.home, options.localUser ?? options.env.USER ?? 'root'), ...options.ssh }
    this.deps = {
      logger: options.logger,
      ssh,
      hostKeys: new HostKeyStore({ knownHostsPath: ssh.knownHostsPath, globalKnownHostsPaths: ssh.globalKnownHostsPaths }),
      secrets: this.secrets,
      healthIntervalMs: options.healthIntervalMs,
    }
    const parsed = StoredEngines.safeParse(this.settings.get(SETTINGS_KEY) ?? {})
    if (!parsed.success) options.logger.warn('The remembered engines could not be read; starting with none added.')
    this.stored = parsed.success ? parsed.data : { added: [], disabled: [] }
  }

  /** Finds the engines on this machine, adds the remembered ones, and starts connecting to each. */
  start(): void {
    const { env, platform, home, discover } = this.options
    const found = discoverEngines({
      env,
      platform,
      home,
      sockets: discover?.sockets ?? false,
      contexts: discover?.contexts ?? false,
      isSocket: (path) => safe(() => statSync(path).isSocket(), false),
      readFile: (path) => safe(() => readFileSync(path, 'utf8'), undefined),
      listDir: (path) => safe(() => readdirSync(path), []),
      exists: (path) => safe(() => statSync(path).isFile(), false),
    })
    this.cliEngineId = found.cliEngineId
    for (const engine of found.engines) this.open({ ...engine })
    for (const { id, config } of this.stored.added) {
      try {
        this.open(specFromConfig(id, config))
      } catch (error) {
        this.options.logger.warn(`The remembered engine "${config.name}" cannot be used: ${String(error)}`)
      }
    }
  }

  /** Adds a connection made elsewhere (tests, the bundled VM) and starts it. */
  add(engine: EngineConnection): void {
    if (this.engines.has(engine.id)) throw new AppError('CONFLICT', `An engine with id "${engine.id}" exists already.`)
    this.engines.set(engine.id, engine)
    this.subscriptions.set(engine.id, engine.onStateChange(() => this.fire()))
    engine.start()
    this.fire()
  }

  list(): EngineSummary[] {
    const current = this.currentId()
    return [...this.engines.values()].map((engine) => ({ ...engine.summary(), current: engine.id === current }))
  }

  /** The engine with this id, or a NOT_FOUND a person can act on. */
  get(id: string): EngineConnection {
    const engine = this.engines.get(id)
    if (!engine) throw new AppError('NOT_FOUND', `No engine "${id}": it may have been removed. Pick another on the Engines page.`)
    return engine
  }

  /** The remembered current engine while it exists, else the one the docker CLI would use, else the first. */
  currentId(): string | undefined {
    const wanted = [this.stored.current, this.cliEngineId].find((id) => id && this.engines.has(id))
    return wanted ?? this.engines.keys().next().value
  }

  setCurrent(id: string): void {
    this.get(id)
    this.save({ ...this.stored, current: id })
    this.fire()
  }

  /** Adds an engine the person described; remembered; connecting at once. */
  addConfig(config: EngineConfig): EngineSummary {
    this.assertNewName(config.name)
    const id = `engine-${randomBytes(5).toString('hex')}`
    this.open(specFromConfig(id, config))
    this.save({ ...this.stored, added: [...this.stored.added, { id, config }] })
    return this.summaryOf(id)
  }

  updateConfig(id: string, config: EngineConfig): EngineSummary {
    const old = this.get(id)
    if (old.source !== 'added') throw new AppError('INVALID_INPUT', `${old.name} was found on this machine (${old.source}); change it where it comes from, e.g. with docker context update.`)
    this.assertNewName(config.name, id)
    const spec = specFromConfig(id, config)
    const enabled = old.isEnabled
    this.close(id)
    this.open(spec, enabled)
    this.save({ ...this.stored, added: this.stored.added.map((e) => (e.id === id ? { id, config } : e)) })
    return this.summaryOf(id)
  }

  remove(id: string): void {
    const engine = this.get(id)
    if (engine.source !== 'added') throw new AppError('INVALID_INPUT', `${engine.name} was found on this machine (${engine.source}); Berth cannot forget it, but you can turn it off.`)
    this.close(id)
    this.secrets.delete(passphraseKey(id))
    this.secrets.delete(passwordKey(id))
    this.save({
      ...this.stored,
      added: this.stored.added.filter((e) => e.id !== id),
      disabled: this.stored.disabled.filter((d) => d !== id),
      current: this.stored.current === id ? undefined : this.stored.current,
    })
    this.fire()
  }

  setEnabled(id: string, enabled: boolean): EngineSummary {
    this.get(id).setEnabled(enabled)
    const disabled = this.stored.disabled.filter((d) => d !== id)
    this.save({ ...this.stored, disabled: enabled ? disabled : [...disabled, id] })
    return this.summaryOf(id)
  }

  /** Connects once to a described engine and answers what it is; the engine is not kept. */
  async test(config: EngineConfig, passphrase?: string, password?: string): Promise<EngineTestResult> {
    const spec = specFromConfig(`test-${randomBytes(4).toString('hex')}`, config)
    const engine = createEngineConnection(spec, this.deps, { passphrase, password })
    const timeoutMs = this.options.testTimeoutMs ?? 20_000
    let timer: NodeJS.Timeout | undefined
    try {
      const raw = await Promise.race([
        engine.docker.version(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AppError('ENGINE_UNREACHABLE', `${spec.endpoint.url} did not answer within ${timeoutMs / 1000} s.`)), timeoutMs)
        }),
      ])
      const version = toEngineVersion(raw)
      return { version, capabilities: capabilitiesOf(version) }
    } catch (error) {
      throw engineErrorToAppError(error, spec.endpoint.url) ?? error
    } finally {
      clearTimeout(timer)
      engine.dispose()
    }
  }

  /** Trusts the key host:port presented, then reconnects the engines that were waiting for it. */
  async trustHostKey(host: string, port: number, fingerprint: string): Promise<void> {
    this.deps.hostKeys.trust(host, port, fingerprint)
    await this.retryWaiting((p) => p.kind === 'hostKeyUnknown' && p.host === host && p.port === port)
  }

  /**
   * Gives an engine what it asked for — its SSH password when its problem is `password`, else its
   * key's passphrase — kept encrypted only when asked and possible, and reconnects.
   */
  async unlock(id: string, secret: string, remember: boolean, kind?: 'passphrase' | 'password'): Promise<EngineSummary> {
    const engine = this.get(id)
    const state = engine.summary().state
    const asksPassword = kind ? kind === 'password' : state.status === 'disconnected' && state.problem?.kind === 'password'
    this.secrets.set(asksPassword ? passwordKey(id) : passphraseKey(id), secret, remember && this.secrets.canPersist)
    return engine.reconnect()
  }

  onChange(listener: (engines: EngineSummary[]) => void): Disposable {
    return this.changed.on(listener)
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose())
    this.subscriptions.clear()
    this.engines.forEach((engine) => engine.dispose())
    this.engines.clear()
    this.changed.clear()
  }

  private open(spec: EngineSpec, enabled = !this.stored.disabled.includes(spec.id)): void {
    let engine: EngineConnection
    try {
      engine = createEngineConnection(spec, this.deps, { enabled })
    } catch (error) {
      if (spec.source === 'added') throw error
      this.options.logger.warn(`Skipping engine ${spec.name}: ${String(error)}`)
      return
    }
    this.add(engine)
  }

  private close(id: string): void {
    this.subscriptions.get(id)?.dispose()
    this.subscriptions.delete(id)
    this.engines.get(id)?.dispose()
    this.engines.delete(id)
  }

  private async retryWaiting(waiting: (problem: NonNullable<Extract<EngineSummary['state'], { status: 'disconnected' }>['problem']>) => boolean): Promise<void> {
    const engines = [...this.engines.values()].filter((e) => {
      const state = e.summary().state
      return state.status === 'disconnected' && state.problem && waiting(state.problem)
    })
    await Promise.all(engines.map((e) => e.reconnect().catch(() => undefined)))
  }

  private assertNewName(name: string, except?: string): void {
    const clash = [...this.engines.values()].find((e) => e.id !== except && e.name.toLowerCase() === name.trim().toLowerCase())
    if (clash) throw new AppError('CONFLICT', `An engine named "${clash.name}" exists already; pick another name.`)
  }

  private summaryOf(id: string): EngineSummary {
    return { ...this.get(id).summary(), current: this.currentId() === id }
  }

  private save(stored: StoredEngines): void {
    this.stored = stored
    this.settings.set(SETTINGS_KEY, stored)
  }

  private fire(): void {
    this.changed.fire(this.list())
  }
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read()
  } catch {
    return fallback
  }
}
