import type { Duplex } from 'node:stream'
import { Client, utils, type AuthenticationType, type ClientChannel, type NextAuthHandler } from 'ssh2'
import { AppError } from '../../../src-shared/errors'
import type { EngineProblem } from '../../../src-shared/models/engine'
import { Emitter, type Disposable } from '../../platform/disposable'
import type { Logger } from '../../platform/logger'
import type { HostKeyStore } from './host-key-store'
import { hostKeyName } from './known-hosts'
import type { SshTarget } from './ssh-target'

export interface SshSessionOptions {
  target: SshTarget
  hostKeys: HostKeyStore
  /** The passphrase of the target's key, when the person gave one; asked each time, never cached here. */
  passphrase(): string | undefined
  /** The login password, when the person typed one; offered only to a server that allows passwords. */
  password?(): string | undefined
  agentSocket?: string
  readFile(path: string): Buffer | undefined
  logger: Logger
  readyTimeoutMs?: number
}

/** Host key algorithms in ssh2's order; those known_hosts has for the host move to the front. */
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']

/**
 * ONE persistent SSH connection per engine. Every API request is a streamlocal channel to the
 * remote engine's socket over it (a login per request costs ~250–490 ms; a channel costs a round
 * trip). When the connection drops, the next request opens a new one.
 */
export class SshSession implements Disposable {
  private client?: Client
  private connecting?: Promise<Client>
  private disposed = false
  private readonly dropped = new Emitter<void>()

  constructor(private readonly options: SshSessionOptions) {}

  get target(): SshTarget {
    return this.options.target
  }

  /** Fires when an established connection closes (the network, sshd, or the remote host went away). */
  onDropped(listener: () => void): Disposable {
    return this.dropped.on(listener)
  }

  /** A duplex stream to the remote engine's socket, shaped enough like a net.Socket for Node's http. */
  async openStream(): Promise<Duplex> {
    const client = await this.connect()
    const { remoteSocket } = this.options.target
    return new Promise<Duplex>((resolve, reject) => {
      try {
        client.openssh_forwardOutStreamLocal(remoteSocket, (error, channel) => {
          if (error) reject(this.forwardError(error))
          else resolve(asSocket(channel))
        })
      } catch (error) {
        // ssh2 throws synchronously when the connection died between connect() and here.
        this.forget(client)
        reject(new AppError('ENGINE_UNREACHABLE', `The SSH connection to ${this.where()} closed (${String(error)}). Berth reconnects.`, { cause: 'ECONNRESET' }))
      }
    })
  }

  /** Runs one command on the remote host in a channel of this connection: its exit code and its output (stdout, then stderr). */
  async exec(command: string, timeoutMs = 15_000): Promise<{ code: number | null; output: string }> {
    const client = await this.connect()
    return new Promise((resolve, reject) => {
      try {
        client.exec(command, (error, channel) => {
          if (error) return reject(error)
          let stdout = ''
          let stderr = ''
          let code: number | null = null
          const timer = setTimeout(() => {
            channel.close()
            reject(new AppError('ENGINE_UNREACHABLE', `${this.where()} did not finish "${command}" in ${timeoutMs / 1000} s.`, { cause: 'ETIMEDOUT' }))
          }, timeoutMs)
          channel.on('data', (d: Buffer) => (stdout += d.toString()))
          channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
          channel.on('exit', (exitCode: number | null) => (code = exitCode))
          channel.on('close', () => {
            clearTimeout(timer)
            resolve({ code, output: stdout + stderr })
          })
        })
      } catch (error) {
        // ssh2 throws synchronously when the connection died between connect() and here.
        this.forget(client)
        reject(new AppError('ENGINE_UNREACHABLE', `The SSH connection to ${this.where()} closed (${String(error)}). Berth reconnects.`, { cause: 'ECONNRESET' }))
      }
    })
  }

  /** Opens the connection now (if it is not open), so the first request does not wait for the handshake. */
  async warm(): Promise<void> {
    await this.connect()
  }

  /** Closes the connection; the next request opens a fresh one. */
  reset(): void {
    const client = this.client
    this.client = undefined
    client?.end()
  }

  dispose(): void {
    this.disposed = true
    this.reset()
    this.dropped.clear()
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client)
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined
    })
    return this.connecting
  }

  private open(): Promise<Client> {
    if (this.disposed) return Promise.reject(new AppError('CANCELLED', 'The engine was removed or turned off.'))
    const { target, hostKeys, logger } = this.options
    const auth = this.authMethods()
    const client = new Client()
    let hostKeyError: unknown
    const known = hostKeys.preferredKeyTypes(target.host, target.port).flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]))
    const serverHostKey = [...new Set([...known.filter((a) => HOST_KEY_ALGORITHMS.includes(a)), ...HOST_KEY_ALGORITHMS])]
    return new Promise<Client>((resolve, reject) => {
      let settled = false
      const fail = (error: unknown) => {
        if (settled) return
        settled = true
        client.end()
        reject(hostKeyError ?? this.connectError(error, auth))
      }
      client.on('ready', () => {
        if (this.disposed) return fail(new AppError('CANCELLED', 'The engine was removed or turned off.'))
        settled = true
        this.client = client
        logger.info(`SSH connected to ${this.where()}`)
        resolve(client)
      })
      client.on('error', (error) => {
        if (settled) logger.debug(`SSH ${this.where()}: ${error.message}`)
        fail(error)
      })
      client.on('close', () => {
        fail(Object.assign(new Error('the connection closed during the handshake'), { code: 'ECONNRESET' }))
        this.forget(client)
      })
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        authHandler: (authsLeft: AuthenticationType[] | null, _partial: boolean, next: NextAuthHandler) => auth.next(authsLeft, next),
        readyTimeout: this.options.readyTimeoutMs ?? 15_000,
        // Notices a connection that died silently (a laptop that slept, a NAT that forgot it).
        keepaliveInterval: 10_000,
        keepaliveCountMax: 3,
        algorithms: { serverHostKey: serverHostKey as never },
        hostVerifier: (key: Buffer) => {
          try {
            return hostKeys.check(target.host, target.port, key)
          } catch (error) {
            hostKeyError = error
            return false
          }
        },
      })
    })
  }

  private forget(client: Client): void {
    if (this.client !== client) return
    this.client = undefined
    this.options.logger.warn(`SSH connection to ${this.where()} dropped`)
    this.dropped.fire()
  }

  /** The agent first, then each key file; an encrypted key without its passphrase is reported, not skipped silently. */
  private authMethods(): AuthPlan {
    const { target, agentSocket, readFile } = this.options
    const methods: AuthenticationType[] = []
    const tried: string[] = []
    if (agentSocket) {
      methods.push({ type: 'agent', username: target.user, agent: agentSocket } as unknown as AuthenticationType)
      tried.push('the ssh-agent')
    }
    let locked: EngineProblem | undefined
    for (const path of target.identityFiles) {
      const data = readFile(path)
      if (!data) continue
      const plain = utils.parseKey(data)
      if (!(plain instanceof Error)) {
        methods.push({ type: 'publickey', username: target.user, key: data } as unknown as AuthenticationType)
        tried.push(path)
        continue
      }
      if (!/passphrase/i.test(plain.message)) {
        this.options.logger.warn(`SSH key ${path} is unreadable: ${plain.message}`)
        continue
      }
      const passphrase = this.options.passphrase()
      const unlocked = passphrase === undefined ? plain : utils.parseKey(data, passphrase)
      if (unlocked instanceof Error) {
        locked ??= { kind: 'passphrase', keyPath: path, wrong: passphrase !== undefined }
        continue
      }
      methods.push({ type: 'publickey', username: target.user, key: data, passphrase } as unknown as AuthenticationType)
      tried.push(path)
    }
    // Only ask for the passphrase when nothing else could log in; the agent may hold the key.
    if (locked && methods.length === 0) {
      throw new AppError(
        'UNAUTHORIZED',
        locked.kind === 'passphrase' && locked.wrong
          ? `That passphrase does not unlock ${locked.keyPath}. Type it again.`
          : `The SSH key ${locked.kind === 'passphrase' ? locked.keyPath : ''} is protected by a passphrase. Type it to connect.`,
        locked,
      )
    }
    return new AuthPlan(methods, tried, target.user, this.options.password?.())
  }

  private connectError(error: unknown, auth: AuthPlan): unknown {
    if (error instanceof AppError) return error
    const raw = error as { level?: string; code?: string; message?: string }
    const { target } = this.options
    const tried = auth.tried
    if (raw.level === 'client-authentication' && auth.passwordAllowed) {
      const problem: EngineProblem = { kind: 'password', user: target.user, host: target.host, port: target.port, wrong: auth.passwordOffered }
      return new AppError(
        'UNAUTHORIZED',
        auth.passwordOffered
          ? `${this.where()} refused that password for ${target.user}. Type it again.`
          : `${this.where()} accepted no SSH key for ${target.user} but allows a password. Type ${target.user}'s password to connect.`,
        problem,
      )
    }
    if (raw.level === 'client-authentication' && auth.keyCount === 0) {
      const problem: EngineProblem = { kind: 'authFailed', user: target.user, host: target.host, tried: [] }
      return new AppError(
        'UNAUTHORIZED',
        `Berth found no SSH key to log in to ${this.where()} as ${target.user}: pick a key file, start an ssh-agent with your key, or create one (ssh-keygen) and add it to ~/.ssh/authorized_keys there.`,
        problem,
      )
    }
    if (raw.level === 'client-authentication') {
      const problem: EngineProblem = { kind: 'authFailed', user: target.user, host: target.host, tried }
      return new AppError(
        'UNAUTHORIZED',
        `${this.where()} refused to log in ${target.user} with ${tried.join(', ')}. Check the user name, and that the public key is in ~/.ssh/authorized_keys of ${target.user} there.`,
        problem,
      )
    }
    if (raw.level === 'client-timeout') {
      return new AppError('ENGINE_UNREACHABLE', `${this.where()} did not finish the SSH handshake in time. Is it an SSH server, and reachable?`, { cause: 'ETIMEDOUT' })
    }
    if (raw.code) {
      return new AppError('ENGINE_UNREACHABLE', `Cannot reach ${this.where()} over SSH (${raw.code}). Is the host up and sshd listening on port ${target.port}?`, { cause: raw.code })
    }
    return new AppError('ENGINE_UNREACHABLE', `The SSH connection to ${this.where()} failed: ${raw.message ?? String(error)}.`, { cause: 'ECONNRESET' })
  }

  private forwardError(error: Error): AppError {
    const { target } = this.options
    return new AppError(
      'ENGINE_UNREACHABLE',
      `Logged in to ${this.where()}, but it would not open ${target.remoteSocket} (${error.message}). Is the engine running there, may ${target.user} use its socket, and does sshd allow AllowStreamLocalForwarding?`,
      { cause: 'ECONNREFUSED' },
    )
  }

  private where(): string {
    const { target } = this.options
    return hostKeyName(target.host, target.port)
  }
}

/**
 * The methods a login tries, in order: the agent and keys, then a password only where the server
 * lists `password` among the methods left (a password is never sent to a server that did not ask).
 * With no key at all, `none` comes first: the server's answer says which methods it allows.
 */
class AuthPlan {
  passwordAllowed = false
  passwordOffered = false
  readonly keyCount: number
  private readonly queue: AuthenticationType[]

  constructor(
    methods: AuthenticationType[],
    readonly tried: string[],
    private readonly user: string,
    private readonly password: string | undefined,
  ) {
    this.keyCount = methods.length
    this.queue = methods.length > 0 ? [...methods] : [{ type: 'none', username: user } as unknown as AuthenticationType]
  }

  next(authsLeft: AuthenticationType[] | null, next: NextAuthHandler): void {
    if (authsLeft) this.passwordAllowed = (authsLeft as string[]).includes('password')
    const method = this.queue.shift()
    if (method) return next(method)
    if (this.passwordAllowed && this.password !== undefined && !this.passwordOffered) {
      this.passwordOffered = true
      this.tried.push('a password')
      return next({ type: 'password', username: this.user, password: this.password } as unknown as AuthenticationType)
    }
    next(false as unknown as AuthenticationType)
  }
}

/** Node's http calls these on its sockets; an SSH channel has no TCP options to set. */
function asSocket(channel: ClientChannel): Duplex {
  const socket = channel as ClientChannel & Record<string, unknown>
  for (const name of ['setKeepAlive', 'setNoDelay', 'ref', 'unref']) {
    if (typeof socket[name] !== 'function') socket[name] = () => socket
  }
  if (typeof socket.setTimeout !== 'function') socket.setTimeout = () => socket
  return channel
}
