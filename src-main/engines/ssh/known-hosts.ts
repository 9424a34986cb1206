import { createHash, createHmac, randomBytes } from 'node:crypto'

/** One line of a known_hosts file that names hosts and a key. */
export interface KnownHostEntry {
  /** 1-based, for messages that say which line to remove, as OpenSSH does. */
  line: number
  marker?: '@revoked' | '@cert-authority'
  /** The comma-separated patterns, or one `|1|salt|hash` hashed name. */
  hosts: string
  keyType: string
  /** The key blob, base64 as written. */
  key: string
}

/** What known_hosts says about a presented key. */
export type HostKeyVerdict =
  | { status: 'trusted' }
  | { status: 'unknown' }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }

/** The name OpenSSH looks up: `host`, or `[host]:port` off port 22. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

/** `SHA256:` and the unpadded base64 of the key blob's SHA-256, as `ssh-keygen -l` prints. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** The algorithm name at the start of an SSH public key blob (`ssh-ed25519` …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown'
  const length = blob.readUInt32BE(0)
  return blob.subarray(4, 4 + length).toString('latin1')
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const fields = line.split(/\s+/)
    let marker: KnownHostEntry['marker']
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker']
    const [hosts, keyType, key] = fields
    if (!hosts || !keyType || !key) return
    entries.push({ line: index + 1, ...(marker ? { marker } : {}), hosts, keyType, key })
  })
  return entries
}

/** Does this entry name the host? Hashed names, wildcards and `!negation` as OpenSSH reads them. */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|1|')) {
    const [, , salt, hash] = entry.hosts.split('|')
    if (!salt || !hash) return false
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
  }
  let matched = false
  for (const pattern of entry.hosts.split(',')) {
    const negated = pattern.startsWith('!')
    if (globMatch(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

/**
 * Checks a presented key against known_hosts lines. A host known with another key of the same
 * type has CHANGED its key: refused, never silently accepted. A host known only with other key
 * types is treated as changed too — OpenSSH warns there as well, and a person should look.
 */
export function verifyHostKey(entries: KnownHostEntry[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = hostKeyName(host, port)
  const key = blob.toString('base64')
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, name))
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key === key)
  if (revoked) return { status: 'revoked', entry: revoked }
  if (mine.some((e) => !e.marker && e.key === key)) return { status: 'trusted' }
  const other = mine.find((e) => !e.marker)
  return other ? { status: 'changed', entry: other } : { status: 'unknown' }
}

/** Key types known for the host, so the client asks the server for those first (as OpenSSH does). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const name = hostKeyName(host, port)
  return [...new Set(entries.filter((e) => !e.marker && entryMatches(e, name)).map((e) => e.keyType))]
}

/** A known_hosts line for a newly trusted key; hashed like `HashKnownHosts yes` when asked. */
export function knownHostsLine(host: string, port: number, blob: Buffer, hashed: boolean): string {
  const name = hostKeyName(host, port)
  const hosts = hashed ? hashName(name) : name
  return `${hosts} ${keyTypeOf(blob)} ${blob.toString('base64')}`
}

export function hashName(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`
}

function globMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i')
  return regex.test(name)
}
