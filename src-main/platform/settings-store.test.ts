import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { silentLogger } from './logger'
import { EncryptedFileSecretStore, MemorySecretStore } from './secret-store'
import { SettingsStore } from './settings-store'

describe('settings store', () => {
  it('keeps values across instances in one JSON file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-settings-'))
    new SettingsStore(dir, silentLogger).set('engines', { current: 'x' })
    expect(new SettingsStore(dir, silentLogger).get('engines')).toEqual({ current: 'x' })
  })

  it('keeps an unreadable file aside instead of losing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-settings-'))
    writeFileSync(join(dir, 'settings.json'), '{ broken')
    expect(new SettingsStore(dir, silentLogger).get('engines')).toBeUndefined()
    expect(readFileSync(join(dir, 'settings.json.unreadable'), 'utf8')).toBe('{ broken')
  })

  it('remembers nothing on disk without a directory', () => {
    const store = new SettingsStore(undefined, silentLogger)
    store.set('a', 1)
    expect(store.get('a')).toBe(1)
    expect(store.path).toBeUndefined()
  })
})

describe('secret stores', () => {
  // A stand-in cipher: reversible, and visibly not the plain text.
  const cipher = (available: boolean) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from([...s].reverse().join('')),
    decryptString: (b: Buffer) => [...b.toString()].reverse().join(''),
  })

  it('never writes a secret in clear; persists only what it may encrypt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-secrets-'))
    const path = join(dir, 'secrets.json')
    const fs = { read: (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined), write: (p: string, t: string) => writeFileSync(p, t) }
    const store = new EncryptedFileSecretStore(path, cipher(true), fs)
    store.set('k', 'hunter2', true)
    store.set('session-only', 'swordfish', false)
    const file = readFileSync(path, 'utf8')
    expect(file).not.toContain('hunter2')
    expect(file).not.toContain('swordfish')
    expect(new EncryptedFileSecretStore(path, cipher(true), fs).get('k')).toBe('hunter2')
    expect(new EncryptedFileSecretStore(path, cipher(true), fs).get('session-only')).toBeUndefined()
    store.delete('k')
    expect(new EncryptedFileSecretStore(path, cipher(true), fs).get('k')).toBeUndefined()

    const plainOnly = new EncryptedFileSecretStore(path, cipher(false), fs)
    expect(plainOnly.canPersist).toBe(false)
    plainOnly.set('k2', 'open-sesame', true)
    expect(readFileSync(path, 'utf8')).not.toContain('open-sesame')
  })

  it('keeps secrets in memory only by default', () => {
    const store = new MemorySecretStore()
    store.set('k', 'v')
    expect([store.get('k'), store.canPersist]).toEqual(['v', false])
  })
})
