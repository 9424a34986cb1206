import { describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/errors'
import { defaultEndpoint, endpointFromEnv, parseEndpoint } from './endpoint'

describe('parseEndpoint', () => {
  it('reads unix sockets', () => {
    expect(parseEndpoint('unix:///var/run/docker.sock')).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock', url: 'unix:///var/run/docker.sock' })
    expect(parseEndpoint('/run/user/1000/docker.sock').kind).toBe('unix')
  })

  it('reads tcp with the CLI default ports', () => {
    expect(parseEndpoint('tcp://10.0.0.5')).toMatchObject({ kind: 'tcp', host: '10.0.0.5', port: 2375, tls: false })
    expect(parseEndpoint('tcp://docker.example:2376', { tls: true })).toMatchObject({ port: 2376, tls: true })
    expect(parseEndpoint('tcp://h', { tls: true })).toMatchObject({ port: 2376 })
  })

  it('reads ssh with user and port', () => {
    expect(parseEndpoint('ssh://deploy@build.example:2222')).toMatchObject({ kind: 'ssh', user: 'deploy', host: 'build.example', port: 2222 })
    expect(parseEndpoint('ssh://build.example')).toMatchObject({ port: 22, user: undefined })
  })

  it('refuses what is not an engine address, saying why', () => {
    for (const bad of ['docker.sock', 'ftp://x', 'unix://relative/path', 'tcp://', 'tcp://[bad']) {
      expect(() => parseEndpoint(bad)).toThrowError(AppError)
    }
    expect(() => parseEndpoint('ftp://x')).toThrow(/does not know the "ftp" scheme/)
  })
})

describe('the local engine', () => {
  it('follows DOCKER_HOST and DOCKER_TLS_VERIFY as the CLI does', () => {
    expect(endpointFromEnv({ DOCKER_HOST: 'unix:///tmp/t.sock' }, 'linux', '/home/a').url).toBe('unix:///tmp/t.sock')
    expect(endpointFromEnv({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, 'linux', '/h')).toMatchObject({ tls: true })
    expect(endpointFromEnv({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '0' }, 'linux', '/h')).toMatchObject({ tls: false })
  })

  it('falls back to the platform default socket', () => {
    expect(endpointFromEnv({}, 'linux', '/home/a').url).toBe('unix:///var/run/docker.sock')
    expect(defaultEndpoint('darwin', '/Users/a').url).toBe('unix:///Users/a/.docker/run/docker.sock')
    expect(defaultEndpoint('win32', 'C:\\Users\\a')).toMatchObject({ kind: 'npipe', socketPath: '\\\\.\\pipe\\docker_engine' })
  })
})
