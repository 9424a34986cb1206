import { describe, expect, it } from 'vitest'
import { currentContext, discoverEngines, type DiscoveryInput } from './discovery'

function machine(files: Record<string, string>, sockets: string[], patch: Partial<DiscoveryInput> = {}): DiscoveryInput {
  return {
    env: {},
    platform: 'linux',
    home: '/home/a',
    sockets: true,
    contexts: true,
    isSocket: (p) => sockets.includes(p),
    readFile: (p) => files[p],
    listDir: (p) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${p}/`)).map((f) => f.slice(p.length + 1).split('/')[0]!))],
    exists: (p) => p in files,
    ...patch,
  }
}

const meta = (name: string, host: string) => JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } })

describe('engine discovery', () => {
  it('finds the default, rootless and Podman sockets that exist', () => {
    const found = discoverEngines(machine({}, ['/var/run/docker.sock', '/run/user/1000/docker.sock', '/run/user/1000/podman/podman.sock', '/run/podman/podman.sock'], { env: { XDG_RUNTIME_DIR: '/run/user/1000' } }))
    expect(found.engines.map((e) => [e.id, e.kind, e.source])).toEqual([
      ['local', 'local', 'default'],
      ['socket:/run/user/1000/docker.sock', 'local', 'socket'],
      ['socket:/run/user/1000/podman/podman.sock', 'podman', 'socket'],
      ['socket:/run/podman/podman.sock', 'podman', 'socket'],
    ])
    expect(found.cliEngineId).toBe('local')
  })

  it('puts DOCKER_HOST first and lists the default socket beside it', () => {
    const found = discoverEngines(machine({}, ['/var/run/docker.sock'], { env: { DOCKER_HOST: 'unix:///tmp/t.sock' } }))
    expect(found.engines.map((e) => [e.id, e.endpoint.url, e.source])).toEqual([
      ['local', 'unix:///tmp/t.sock', 'environment'],
      ['socket:/var/run/docker.sock', 'unix:///var/run/docker.sock', 'socket'],
    ])
  })

  it('reads every docker context under DOCKER_CONFIG, with the current one from config.json', () => {
    const dir = '/cfg/contexts/meta'
    const files = {
      [`${dir}/aaa/meta.json`]: meta('remote', 'ssh://me@build:2222'),
      [`${dir}/bbb/meta.json`]: meta('tls', 'tcp://10.0.0.9:2376'),
      [`${dir}/ccc/meta.json`]: 'not json',
      [`${dir}/ddd/meta.json`]: meta('same-as-local', 'unix:///var/run/docker.sock'),
      '/cfg/config.json': JSON.stringify({ currentContext: 'remote' }),
    }
    const found = discoverEngines(machine(files, [], { env: { DOCKER_CONFIG: '/cfg' }, sockets: false }))
    expect(found.engines.map((e) => [e.id, e.kind, e.endpoint.url])).toEqual([
      ['local', 'local', 'unix:///var/run/docker.sock'],
      ['context:remote', 'ssh', 'ssh://me@build:2222'],
      ['context:tls', 'tcp', 'tcp://10.0.0.9:2376'],
    ])
    expect(found.cliEngineId).toBe('context:remote')
    // DOCKER_HOST wins over the current context, as in the CLI.
    expect(discoverEngines(machine(files, [], { env: { DOCKER_CONFIG: '/cfg', DOCKER_HOST: 'unix:///x.sock' }, sockets: false })).cliEngineId).toBe('local')
  })

  it('finds nothing more when discovery is off', () => {
    expect(discoverEngines(machine({}, ['/var/run/docker.sock'], { env: { DOCKER_HOST: 'unix:///t.sock' }, sockets: false, contexts: false })).engines).toHaveLength(1)
  })

  it('reads currentContext, "default" meaning none', () => {
    expect(currentContext('{"currentContext":"x"}')).toBe('x')
    expect(currentContext('{"currentContext":"default"}')).toBeUndefined()
    expect(currentContext('{')).toBeUndefined()
  })
})
