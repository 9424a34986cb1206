import { spawn } from 'node:child_process'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError } from '../../src-shared/errors'
import type { RegistryAccount } from '../../src-shared/models/image'

/** The index server Docker Hub's credentials are keyed by. */
export const DOCKER_HUB = 'https://index.docker.io/v1/'

interface ConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>
  credsStore?: string
  credHelpers?: Record<string, string>
  [key: string]: unknown
}

export interface Credentials {
  username: string
  password: string
  serveraddress: string
}

/** Runs `docker-credential-<helper> <verb>` with `input` on stdin; answers its stdout. */
export type CredentialHelperRunner = (helper: string, verb: 'get' | 'store' | 'erase', input: string) => Promise<string>

export const runCredentialHelper: CredentialHelperRunner = (helper, verb, input) =>
  new Promise((resolve, reject) => {
    if (!/^[\w.-]+$/.test(helper)) return reject(new AppError('INVALID_INPUT', `Odd credential helper name "${helper}" in config.json.`))
    const child = spawn(`docker-credential-${helper}`, [verb], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', (e) => reject(new AppError('UNSUPPORTED', `config.json names the credential helper "${helper}", but docker-credential-${helper} cannot run (${e.message}). Install it or remove it from config.json.`)))
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new AppError('UNAUTHORIZED', `docker-credential-${helper} ${verb} failed: ${(out || err).trim()}`))))
    child.stdin.end(input)
  })

/** The registry a reference is pulled from, as config.json keys it (Docker Hub's long form). */
export function registryOf(reference: string): string {
  const first = reference.split('/')[0] ?? ''
  if (reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first
  return DOCKER_HUB
}

/** Same server, however it is written: `https://127.0.0.1:5000/v2/` ~ `127.0.0.1:5000`. */
export function normaliseServer(server: string): string {
  if (/^(https?:\/\/)?(index\.)?docker\.io(\/|$)|registry-1\.docker\.io/.test(server)) return DOCKER_HUB
  return server.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
}

/**
 * ~/.docker/config.json as the docker CLI reads it: DOCKER_CONFIG picks the folder; credentials
 * are in `auths` or behind `credsStore` / `credHelpers` (run as child processes).
 */
export class DockerConfig {
  readonly path: string

  constructor(env: NodeJS.ProcessEnv, home: string, private readonly helper: CredentialHelperRunner = runCredentialHelper) {
    this.path = join(env.DOCKER_CONFIG || join(home, '.docker'), 'config.json')
  }

  async read(): Promise<ConfigFile> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as ConfigFile
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw new AppError('INVALID_INPUT', `Cannot read ${this.path}: ${(error as Error).message}. Fix or move the file.`)
    }
  }

  private async write(config: ConfigFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 })
    // Write then rename, so a crash never leaves half a config.json.
    const tmp = `${this.path}.berth-${process.pid}`
    await writeFile(tmp, JSON.stringify(config, null, '\t') + '\n', { mode: 0o600 })
    await rename(tmp, this.path)
  }

  private helperFor(config: ConfigFile, server: string): string | undefined {
    const helpers = config.credHelpers ?? {}
    const key = Object.keys(helpers).find((k) => normaliseServer(k) === normaliseServer(server))
    return key ? helpers[key] : config.credsStore || undefined
  }

  private authKey(config: ConfigFile, server: string): string | undefined {
    return Object.keys(config.auths ?? {}).find((k) => normaliseServer(k) === normaliseServer(server))
  }

  /** Registries with stored credentials; never the secrets. */
  async accounts(): Promise<RegistryAccount[]> {
    const config = await this.read()
    const out: RegistryAccount[] = []
    for (const [server, entry] of Object.entries(config.auths ?? {})) {
      const helper = this.helperFor(config, server)
      const username = entry.username ?? (entry.auth ? Buffer.from(entry.auth, 'base64').toString().split(':')[0] : undefined)
      out.push(helper ? { server, store: 'helper', helper } : { server, username, store: 'file' })
    }
    for (const [server, helper] of Object.entries(config.credHelpers ?? {})) {
      if (!out.some((a) => normaliseServer(a.server) === normaliseServer(server))) out.push({ server, store: 'helper', helper })
    }
    return out
  }

  /** The credentials for a registry, or undefined (an anonymous pull). */
  async credentials(server: string): Promise<Credentials | undefined> {
    const config = await this.read()
    const helper = this.helperFor(config, server)
    if (helper) {
      try {
        const got = JSON.parse(await this.helper(helper, 'get', normaliseServer(server) === DOCKER_HUB ? DOCKER_HUB : server)) as { Username: string; Secret: string }
        return { username: got.Username, password: got.Secret, serveraddress: server }
      } catch {
        // A helper that knows nothing of this server answers non-zero: pull anonymously.
        return undefined
      }
    }
    const key = this.authKey(config, server)
    const entry = key ? config.auths?.[key] : undefined
    if (!entry) return undefined
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString()
      const colon = decoded.indexOf(':')
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: server }
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password, serveraddress: server }
    return undefined
  }

  /** Stores credentials like `docker login`: in the helper if one is configured, else base64 in auths. */
  async store(credentials: Credentials): Promise<void> {
    const config = await this.read()
    const server = credentials.serveraddress
    const helper = this.helperFor(config, server)
    const key = this.authKey(config, server) ?? server
    config.auths = config.auths ?? {}
    if (helper) {
      await this.helper(helper, 'store', JSON.stringify({ ServerURL: server, Username: credentials.username, Secret: credentials.password }))
      config.auths[key] = {}
    } else {
      config.auths[key] = { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') }
    }
    await this.write(config)
  }

  /** Forgets a registry like `docker logout`; NOT_FOUND when nothing was stored. */
  async erase(server: string): Promise<void> {
    const config = await this.read()
    const helper = this.helperFor(config, server)
    const key = this.authKey(config, server)
    if (!key && !helper) throw new AppError('NOT_FOUND', `Not logged in to ${server}.`)
    if (helper) await this.helper(helper, 'erase', server).catch(() => undefined)
    if (key) delete config.auths?.[key]
    await this.write(config)
  }
}
