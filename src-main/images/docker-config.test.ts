import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOCKER_HUB, DockerConfig, normaliseServer, registryOf } from './docker-config'
import { isIgnored, parseDockerignore } from './build-context'

describe('registryOf', () => {
  it('finds the registry of a reference as the CLI does', () => {
    expect(registryOf('nginx:1')).toBe(DOCKER_HUB)
    expect(registryOf('library/nginx')).toBe(DOCKER_HUB)
    expect(registryOf('127.0.0.1:5055/team/app:1')).toBe('127.0.0.1:5055')
    expect(registryOf('localhost/app')).toBe('localhost')
    expect(registryOf('ghcr.io/o/app')).toBe('ghcr.io')
    expect(normaliseServer('https://127.0.0.1:5055/v2/')).toBe('127.0.0.1:5055')
    expect(normaliseServer('docker.io')).toBe(DOCKER_HUB)
  })
})

describe('DockerConfig', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'berth-docker-config-test-'))

  it('reads and writes auths in the folder DOCKER_CONFIG names, keeping other keys', async () => {
    const d = dir()
    writeFileSync(join(d, 'config.json'), JSON.stringify({ auths: { 'https://ghcr.io': { auth: Buffer.from('me:pw').toString('base64') } }, psFormat: 'x' }))
    const config = new DockerConfig({ DOCKER_CONFIG: d }, '/nowhere')
    expect(await config.credentials('ghcr.io')).toEqual({ username: 'me', password: 'pw', serveraddress: 'ghcr.io' })
    await config.store({ username: 'u', password: 'p:q', serveraddress: '127.0.0.1:5055' })
    const written = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'))
    expect(written.psFormat).toBe('x')
    expect(await config.credentials('127.0.0.1:5055')).toMatchObject({ username: 'u', password: 'p:q' })
    await config.erase('127.0.0.1:5055')
    expect(await config.credentials('127.0.0.1:5055')).toBeUndefined()
    await expect(config.erase('127.0.0.1:5055')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('asks the credential helper config.json names', async () => {
    const d = dir()
    writeFileSync(join(d, 'config.json'), JSON.stringify({ credHelpers: { 'reg.example': 'pass' }, auths: {} }))
    const calls: string[] = []
    const config = new DockerConfig({ DOCKER_CONFIG: d }, '/nowhere', async (helper, verb, input) => {
      calls.push(`${helper} ${verb} ${input}`)
      return JSON.stringify({ Username: 'h', Secret: 's' })
    })
    expect(await config.credentials('reg.example')).toEqual({ username: 'h', password: 's', serveraddress: 'reg.example' })
    expect(calls).toEqual(['pass get reg.example'])
    expect(await config.accounts()).toEqual([{ server: 'reg.example', store: 'helper', helper: 'pass' }])
  })

  it('says which file is broken', async () => {
    const d = dir()
    writeFileSync(join(d, 'config.json'), '{ nope')
    await expect(new DockerConfig({ DOCKER_CONFIG: d }, '/x').accounts()).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('.dockerignore', () => {
  it('matches like the CLI: globs, **, directories, and ! exceptions (last wins)', () => {
    const rules = parseDockerignore('# c\nnode_modules\n*.log\n**/tmp\n!keep.log\n')
    expect(isIgnored('node_modules/a/b.js', rules)).toBe(true)
    expect(isIgnored('x.log', rules)).toBe(true)
    expect(isIgnored('keep.log', rules)).toBe(false)
    expect(isIgnored('a/b/tmp/c', rules)).toBe(true)
    expect(isIgnored('src/x.ts', rules)).toBe(false)
  })
})
