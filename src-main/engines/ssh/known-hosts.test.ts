import { describe, expect, it } from 'vitest'
import { entryMatches, fingerprintOf, hashName, hostKeyName, keyTypeOf, knownHostsLine, parseKnownHosts, verifyHostKey } from './known-hosts'

// A real ed25519 host key, its fingerprint as `ssh-keygen -l` printed it, and a hashed line `ssh-keygen -H` wrote.
const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAINIsLJjUCDL2yr63DqXNBs1nfdI7v3iIdybFDySJpO1s'
const BLOB = Buffer.from(KEY, 'base64')
const OTHER = 'AAAAC3NzaC1lZDI1NTE5AAAAIHh0bWxzdHJpbmdzYXJlbm90a2V5c2J1dHRoaXNpc2Zp'
const HASHED = '|1|VMoVUzuyjBVtJ9tp5EkhN+2cMQY=|cpolAVHzpg6ZW6M+pcDC/pB15Mw='

describe('host key identity', () => {
  it('prints the fingerprint as OpenSSH does', () => {
    expect(fingerprintOf(BLOB)).toBe('SHA256:oRXDPy6ADl24V0MJ1idM8AbWxjNnuzGa7wWgbw+IQv4')
    expect(keyTypeOf(BLOB)).toBe('ssh-ed25519')
  })

  it('names a host as known_hosts does off port 22', () => {
    expect(hostKeyName('h', 22)).toBe('h')
    expect(hostKeyName('127.0.0.1', 22022)).toBe('[127.0.0.1]:22022')
  })
})

describe('known_hosts matching', () => {
  it('matches hashed entries written by ssh-keygen -H', () => {
    const [entry] = parseKnownHosts(`${HASHED} ssh-ed25519 ${KEY}\n`)
    expect(entryMatches(entry!, '[127.0.0.1]:22022')).toBe(true)
    expect(entryMatches(entry!, '127.0.0.1')).toBe(false)
  })

  it('matches plain patterns with wildcards and negation', () => {
    const [entry] = parseKnownHosts(`*.example.com,!bad.example.com ssh-ed25519 ${KEY}`)
    expect(entryMatches(entry!, 'build.example.com')).toBe(true)
    expect(entryMatches(entry!, 'bad.example.com')).toBe(false)
    expect(entryMatches(entry!, 'example.org')).toBe(false)
  })

  it('skips comments and blank lines, keeping line numbers', () => {
    const entries = parseKnownHosts(`# mine\n\nh ssh-ed25519 ${KEY}\n@revoked * ssh-ed25519 ${OTHER}\n`)
    expect(entries.map((e) => [e.line, e.marker])).toEqual([[3, undefined], [4, '@revoked']])
  })
})

describe('verifying a presented key', () => {
  it('trusts a key the file holds, hashed or plain', () => {
    expect(verifyHostKey(parseKnownHosts(`${HASHED} ssh-ed25519 ${KEY}`), '127.0.0.1', 22022, BLOB)).toEqual({ status: 'trusted' })
    expect(verifyHostKey(parseKnownHosts(`[127.0.0.1]:22022 ssh-ed25519 ${KEY}`), '127.0.0.1', 22022, BLOB)).toEqual({ status: 'trusted' })
  })

  it('calls a host it has no line for unknown', () => {
    expect(verifyHostKey(parseKnownHosts(`other ssh-ed25519 ${KEY}`), '127.0.0.1', 22022, BLOB).status).toBe('unknown')
    expect(verifyHostKey([], 'h', 22, BLOB).status).toBe('unknown')
  })

  it('calls a different key for a known host CHANGED, naming the line', () => {
    const verdict = verifyHostKey(parseKnownHosts(`a ssh-ed25519 ${KEY}\n[127.0.0.1]:22022 ssh-ed25519 ${OTHER}`), '127.0.0.1', 22022, BLOB)
    expect(verdict).toMatchObject({ status: 'changed', entry: { line: 2 } })
  })

  it('refuses a revoked key even when another line trusts it', () => {
    const verdict = verifyHostKey(parseKnownHosts(`h ssh-ed25519 ${KEY}\n@revoked * ssh-ed25519 ${KEY}`), 'h', 22, BLOB)
    expect(verdict.status).toBe('revoked')
  })

  it('writes lines that it then trusts, hashed or not', () => {
    for (const hashed of [false, true]) {
      const line = knownHostsLine('10.0.0.2', 2222, BLOB, hashed)
      expect(line.startsWith(hashed ? '|1|' : '[10.0.0.2]:2222 ')).toBe(true)
      expect(verifyHostKey(parseKnownHosts(line), '10.0.0.2', 2222, BLOB).status).toBe('trusted')
    }
    expect(hashName('h', Buffer.alloc(20))).toMatch(/^\|1\|A{27}=\|/)
  })
})
