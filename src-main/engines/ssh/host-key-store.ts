import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../../src-shared/errors'
import type { EngineProblem } from '../../../src-shared/models/engine'
import { fingerprintOf, hostKeyName, keyTypeOf, knownHostsLine, knownKeyTypes, parseKnownHosts, verifyHostKey, type KnownHostEntry } from './known-hosts'

export interface HostKeyStoreOptions {
  /** The person's known_hosts: read, and where accepted keys are written (~/.ssh/known_hosts). */
  knownHostsPath: string
  /** Read only (/etc/ssh/ssh_known_hosts). */
  globalKnownHostsPaths?: string[]
  /** Write new entries hashed, like `HashKnownHosts yes`. */
  hashNewEntries?: boolean
}

/**
 * Host keys, checked as OpenSSH checks them. A key the files do not know is remembered as
 * "presented" so the person can accept exactly that key (by its fingerprint) — never whatever the
 * host sends next.
 */
export class HostKeyStore {
  private readonly presented = new Map<string, Buffer>()

  constructor(private readonly options: HostKeyStoreOptions) {}

  get knownHostsPath(): string {
    return this.options.knownHostsPath
  }

  /** Answers true, or throws an AppError whose details say why (unknown, changed, revoked). */
  check(host: string, port: number, blob: Buffer): true {
    const { entries, pathOf } = this.read()
    const verdict = verifyHostKey(entries, host, port, blob)
    const base = { host, port, keyType: keyTypeOf(blob), fingerprint: fingerprintOf(blob) }
    switch (verdict.status) {
      case 'trusted':
        return true
      case 'unknown': {
        this.presented.set(`${hostKeyName(host, port)} ${base.fingerprint}`, blob)
        const problem: EngineProblem = { kind: 'hostKeyUnknown', ...base }
        throw new AppError(
          'UNAUTHORIZED',
          `Berth has not seen ${hostKeyName(host, port)} before. Its ${base.keyType} key has the fingerprint ${base.fingerprint}: trust it only if that is the fingerprint the host shows (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it).`,
          problem,
        )
      }
      case 'changed':
      case 'revoked': {
        const path = pathOf(verdict.entry)
        const problem: EngineProblem = { kind: 'hostKeyChanged', ...base, knownHostsPath: path, line: verdict.entry.line }
        throw new AppError(
          'UNAUTHORIZED',
          verdict.status === 'revoked'
            ? `The host key of ${hostKeyName(host, port)} (${base.fingerprint}) is marked revoked in ${path}, line ${verdict.entry.line}. Berth refuses to connect.`
            : `WARNING: the host key of ${hostKeyName(host, port)} has CHANGED. Someone could be intercepting the connection, or the host was reinstalled. It now presents ${base.keyType} ${base.fingerprint}, which does not match ${path}, line ${verdict.entry.line}. Berth refuses to connect; if you know why the key changed, remove that line (ssh-keygen -R "${hostKeyName(host, port)}") and connect again.`,
          problem,
        )
      }
    }
  }

  /** Key types known for the host, so the server is asked for one of those first. */
  preferredKeyTypes(host: string, port: number): string[] {
    return knownKeyTypes(this.read().entries, host, port)
  }

  /**
   * Writes the key that host:port presented with this fingerprint to known_hosts. Refuses when
   * no such key was presented, or when the host is known with a different key (that is a change,
   * which the person must resolve in the file themselves).
   */
  trust(host: string, port: number, fingerprint: string): void {
    const blob = this.presented.get(`${hostKeyName(host, port)} ${fingerprint}`)
    if (!blob) {
      throw new AppError('NOT_FOUND', `${hostKeyName(host, port)} has not presented a key with the fingerprint ${fingerprint}. Connect again and check the fingerprint it shows.`)
    }
    const verdict = verifyHostKey(this.read().entries, host, port, blob)
    if (verdict.status === 'trusted') return
    if (verdict.status !== 'unknown') this.check(host, port, blob)
    mkdirSync(dirname(this.options.knownHostsPath), { recursive: true, mode: 0o700 })
    let prefix = ''
    try {
      const existing = readFileSync(this.options.knownHostsPath, 'utf8')
      if (existing && !existing.endsWith('\n')) prefix = '\n'
    } catch {
      // a new file
    }
    appendFileSync(this.options.knownHostsPath, `${prefix}${knownHostsLine(host, port, blob, this.options.hashNewEntries ?? false)}\n`, { mode: 0o600 })
    this.presented.delete(`${hostKeyName(host, port)} ${fingerprint}`)
  }

  private read(): { entries: KnownHostEntry[]; pathOf: (entry: KnownHostEntry) => string } {
    const owner = new Map<KnownHostEntry, string>()
    const entries: KnownHostEntry[] = []
    for (const path of [this.options.knownHostsPath, ...(this.options.globalKnownHostsPaths ?? [])]) {
      let text: string
      try {
        text = readFileSync(path, 'utf8')
      } catch {
        continue
      }
      for (const entry of parseKnownHosts(text)) {
        owner.set(entry, path)
        entries.push(entry)
      }
    }
    return { entries, pathOf: (entry) => owner.get(entry) ?? this.options.knownHostsPath }
  }
}
