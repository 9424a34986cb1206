import { describe, expect, it } from 'vitest'
import type { EngineSummary } from '../../src-shared/models/engine'
import { addressScheme, configFromFields, endpointParts, pickEngine, platformLabel, reasonText, productLabel, secondsUntilRetry, shortReason, stateLabelKey, stateTone } from './engine'

const version = { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' }

describe('engine presentation', () => {
  it('gives each state a tone and a label key', () => {
    expect(stateTone({ status: 'connected', since: '2024-01-01T00:00:00Z' })).toBe('ok')
    expect(stateTone({ status: 'connecting', attempt: 1 })).toBe('warn')
    expect(stateTone({ status: 'disconnected', reason: 'gone' })).toBe('error')
    expect(stateLabelKey({ status: 'connecting', attempt: 2 })).toBe('engine.state.connecting')
  })

  it('names the product and platform', () => {
    expect(productLabel(version)).toBe('Docker 20.10.24')
    expect(productLabel({ ...version, version: '5.2.0', platformName: 'Podman Engine' })).toBe('Podman 5.2.0')
    expect(productLabel(version, 'podman')).toBe('Podman 20.10.24')
    expect(productLabel({ ...version, version: '20.10.24+dfsg1' })).toBe('Docker 20.10.24')
    expect(productLabel(undefined)).toBeUndefined()
    expect(platformLabel(version)).toBe('linux/amd64')
    expect(platformLabel(undefined)).toBeUndefined()
  })

  it('counts down to the next retry', () => {
    const now = Date.parse('2024-01-01T00:00:00Z')
    const state = { status: 'disconnected' as const, reason: 'x', retryAt: '2024-01-01T00:00:04.200Z' }
    expect(secondsUntilRetry(state, now)).toBe(5)
    expect(secondsUntilRetry(state, now + 10_000)).toBeUndefined()
    expect(secondsUntilRetry({ status: 'disconnected', reason: 'x' }, now)).toBeUndefined()
    expect(secondsUntilRetry({ status: 'connected', since: '' }, now)).toBeUndefined()
  })

  it('falls back to the first engine when the remembered one is gone', () => {
    const a = { id: 'a' } as EngineSummary
    const b = { id: 'b' } as EngineSummary
    expect(pickEngine([a, b], 'b')).toBe(b)
    expect(pickEngine([a, b], 'zzz')).toBe(a)
    expect(pickEngine([a, b], null)).toBe(a)
    expect(pickEngine([], 'a')).toBeUndefined()
  })

  it("prefers main's current engine when the window picked none", () => {
    const a = { id: 'a' } as EngineSummary
    const b = { id: 'b', current: true } as EngineSummary
    expect(pickEngine([a, b], null)).toBe(b)
    expect(pickEngine([a, b], 'a')).toBe(a)
  })
})

describe('endpointParts', () => {
  it('cuts after separators and loses nothing', () => {
    expect(endpointParts('unix:///var/run/docker.sock')).toEqual(['unix:///', 'var/', 'run/', 'docker.', 'sock'])
    expect(endpointParts('ssh://ci@build.example')).toEqual(['ssh://', 'ci@', 'build.', 'example'])
    expect(endpointParts('x').join('')).toBe('x')
  })
})

describe('the add-engine fields', () => {
  const blank = { name: ' box ', endpoint: '', identityFile: '', remoteSocket: '', caPath: '', certPath: '', keyPath: '' }

  it('keeps only what applies to the address', () => {
    expect(configFromFields({ ...blank, endpoint: 'ssh://u@h:22', identityFile: '~/.ssh/k', caPath: '/ca.pem' })).toEqual({ name: 'box', endpoint: 'ssh://u@h:22', ssh: { identityFile: '~/.ssh/k' } })
    expect(configFromFields({ ...blank, endpoint: 'tcp://h:2376', caPath: '/ca.pem', identityFile: '~/k' })).toEqual({ name: 'box', endpoint: 'tcp://h:2376', tls: { caPath: '/ca.pem' } })
    expect(configFromFields({ ...blank, endpoint: '/run/docker.sock' })).toEqual({ name: 'box', endpoint: 'unix:///run/docker.sock' })
    expect(addressScheme('ftp://x')).toBeUndefined()
  })

  it('names the problem a person must solve, else the reason', () => {
    const t = (key: string) => key
    expect(shortReason({ status: 'disconnected', reason: 'long', problem: { kind: 'turnedOff' } }, t)).toBe('engines.problem.turnedOff')
    expect(shortReason({ status: 'disconnected', reason: 'Cannot reach x' }, t)).toBe('Cannot reach x')
    expect(shortReason({ status: 'connecting', attempt: 1 }, t)).toBeUndefined()
  })
})

describe('reasonText', () => {
  const t = (key: string, params: Record<string, unknown> = {}) => `${key} ${JSON.stringify(params)}`
  const base = { status: 'disconnected' as const, reason: 'Cannot reach unix:///x.sock (ENOENT). Is the engine running?' }

  it('says why in the window language when main gave the cause as data', () => {
    expect(reasonText({ ...base, cause: { code: 'ENOENT', endpoint: 'unix:///x.sock' } }, t)).toBe('engine.unreachable.notRunning {"endpoint":"unix:///x.sock","code":"ENOENT"}')
    expect(reasonText({ ...base, cause: { code: 'EACCES', endpoint: 'e' } }, t)).toMatch(/^engine\.unreachable\.denied/)
    expect(reasonText({ ...base, cause: { code: 'EPIPE', endpoint: 'e' } }, t)).toMatch(/^engine\.unreachable\.broken/)
  })

  it('falls back to main\'s own words', () => {
    expect(reasonText(base, t)).toBe(base.reason)
  })
})
