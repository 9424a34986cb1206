import { join } from 'node:path'
import { AppError } from '../../../src-shared/errors'
import { expandPath, sshConfigFor } from './ssh-config'

/** Where the SSH side of Berth looks for the person's files; tests point it elsewhere. */
export interface SshEnvironment {
  home: string
  /** ~/.ssh/config */
  configPath: string
  /** ~/.ssh/known_hosts: read, and written when the person trusts a key. */
  knownHostsPath: string
  globalKnownHostsPaths: string[]
  /** SSH_AUTH_SOCK, when an agent runs. */
  agentSocket?: string
  /** The login name when neither the address nor ~/.ssh/config names one, as OpenSSH does. */
  localUser: string
}

export function defaultSshEnvironment(env: NodeJS.ProcessEnv, home: string, localUser: string): SshEnvironment {
  return {
    home,
    configPath: join(home, '.ssh/config'),
    knownHostsPath: join(home, '.ssh/known_hosts'),
    globalKnownHostsPaths: ['/etc/ssh/ssh_known_hosts'],
    agentSocket: env.SSH_AUTH_SOCK || undefined,
    localUser,
  }
}

/** Everything needed to open the SSH connection of one engine. */
export interface SshTarget {
  /** As the person wrote it: a host name or a ~/.ssh/config alias. */
  alias: string
  host: string
  port: number
  user: string
  /** Key files to try, in order (the person's choice first, then ~/.ssh/config's, then ~/.ssh/id_*). */
  identityFiles: string[]
  /** The engine's socket on the remote machine. */
  remoteSocket: string
}

export const DEFAULT_REMOTE_SOCKET = '/var/run/docker.sock'
const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa']

/**
 * Resolves `ssh://[user@]alias[:port]` as OpenSSH would: what the address says wins, then
 * ~/.ssh/config's Host block (HostName, User, Port, IdentityFile), then the defaults.
 */
export function resolveSshTarget(
  address: string,
  options: { identityFile?: string; remoteSocket?: string },
  env: SshEnvironment,
  readFile: (path: string) => string | undefined,
  exists: (path: string) => boolean,
): SshTarget {
  let url: URL
  try {
    url = new URL(address.trim())
  } catch {
    throw new AppError('INVALID_INPUT', `"${address}" is not an SSH address: write it as ssh://user@host:22.`)
  }
  if (url.protocol !== 'ssh:' || !url.hostname) throw new AppError('INVALID_INPUT', `"${address}" is not an SSH address: write it as ssh://user@host:22.`)
  const alias = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const config = sshConfigFor(readFile(env.configPath) ?? '', alias, env.home)
  const explicit = options.identityFile ? [expandPath(options.identityFile, env.home, alias)] : []
  const defaults = DEFAULT_KEYS.map((name) => join(env.home, '.ssh', name)).filter(exists)
  return {
    alias,
    host: config.hostName ?? alias,
    port: url.port ? Number(url.port) : (config.port ?? 22),
    user: url.username ? decodeURIComponent(url.username) : (config.user ?? env.localUser),
    identityFiles: [...new Set([...explicit, ...config.identityFiles, ...defaults])],
    remoteSocket: options.remoteSocket ?? DEFAULT_REMOTE_SOCKET,
  }
}
