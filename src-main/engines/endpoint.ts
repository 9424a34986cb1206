import { AppError } from '../../src-shared/errors'

/** Where an engine listens, parsed from `DOCKER_HOST` or typed by a person. */
export type Endpoint =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'npipe'; socketPath: string; url: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; url: string }
  | { kind: 'ssh'; user?: string; host: string; port: number; url: string }

/** Parses `unix:///path`, `npipe:////./pipe/name`, `tcp://host:port`, `ssh://user@host:port`. */
export function parseEndpoint(value: string, options: { tls?: boolean } = {}): Endpoint {
  const text = value.trim()
  if (text.startsWith('/')) return { kind: 'unix', socketPath: text, url: `unix://${text}` }
  const match = /^([a-z]+):\/\/(.*)$/i.exec(text)
  if (!match) throw invalid(value, 'it should start with unix://, tcp://, ssh:// or npipe://')
  const scheme = match[1]!.toLowerCase()
  const rest = match[2]!
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw invalid(value, 'a unix socket path must be absolute (unix:///var/run/docker.sock)')
      return { kind: 'unix', socketPath: rest, url: `unix://${rest}` }
    case 'npipe':
      return { kind: 'npipe', socketPath: rest.replace(/\//g, '\\'), url: text }
    case 'tcp':
    case 'http':
    case 'https': {
      const url = safeUrl(`http://${rest}`, value)
      if (!url.hostname) throw invalid(value, 'it names no host')
      const tls = scheme === 'https' || (options.tls ?? false)
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375
      return { kind: 'tcp', host: url.hostname, port, tls, url: `tcp://${url.hostname}:${port}` }
    }
    case 'ssh': {
      const url = safeUrl(`ssh://${rest}`, value)
      if (!url.hostname) throw invalid(value, 'it names no host')
      const port = url.port ? Number(url.port) : 22
      const user = url.username ? decodeURIComponent(url.username) : undefined
      return { kind: 'ssh', user, host: url.hostname, port, url: `ssh://${user ? `${user}@` : ''}${url.hostname}:${port}` }
    }
    default:
      throw invalid(value, `Berth does not know the "${scheme}" scheme`)
  }
}

/** The engine a `docker` CLI on this machine would use when DOCKER_HOST is unset. */
export function defaultEndpoint(platform: NodeJS.Platform, home: string): Endpoint {
  if (platform === 'win32') return parseEndpoint('npipe:////./pipe/docker_engine')
  if (platform === 'darwin') return parseEndpoint(`unix://${home}/.docker/run/docker.sock`)
  return parseEndpoint('unix:///var/run/docker.sock')
}

/** The local engine from the environment, as the docker CLI reads it. */
export function endpointFromEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): Endpoint {
  const host = env.DOCKER_HOST?.trim()
  if (!host) return defaultEndpoint(platform, home)
  return parseEndpoint(host, { tls: Boolean(env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0') })
}

function safeUrl(text: string, original: string): URL {
  try {
    return new URL(text)
  } catch {
    throw invalid(original, 'it is not a valid address')
  }
}

function invalid(value: string, why: string): AppError {
  return new AppError('INVALID_INPUT', `"${value}" is not an engine address: ${why}.`)
}
