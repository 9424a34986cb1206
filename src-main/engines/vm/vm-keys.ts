import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { knownHostsLine } from '../ssh/known-hosts'

/** The per-install keys of the VM: Berth's client key and the guest's host key, never in the image. */
export interface VmKeys {
  clientKeyPath: string
  /** The `authorized_keys` line handed to the guest. */
  clientPublicKey: string
  hostKeyPath: string
  /** The guest host key's wire blob, pinned on the host side. */
  hostKeyBlob: Buffer
  /** A known_hosts file holding only the pinned key, for the VM's SSH session. */
  knownHostsPath: string
}

/**
 * Creates the keys once per VM state folder (0600) and reuses them after; rewrites the pinned
 * known_hosts for this boot's port.
 */
export function ensureVmKeys(stateDir: string, sshPort: number): VmKeys {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 })
  const client = keyPair(join(stateDir, 'id_ed25519'), 'berth-client')
  const host = keyPair(join(stateDir, 'ssh_host_ed25519_key'), 'berth-vm')
  const hostKeyBlob = Buffer.from(host.public.split(/\s+/)[1] ?? '', 'base64')
  const knownHostsPath = join(stateDir, 'known_hosts')
  writeFileSync(knownHostsPath, `${knownHostsLine('127.0.0.1', sshPort, hostKeyBlob, false)}\n`, { mode: 0o600 })
  writeFileSync(join(stateDir, 'authorized_keys'), `${client.public}\n`, { mode: 0o600 })
  return { clientKeyPath: client.path, clientPublicKey: client.public, hostKeyPath: host.path, hostKeyBlob, knownHostsPath }
}

function keyPair(path: string, comment: string): { path: string; public: string } {
  if (!existsSync(path) || !existsSync(`${path}.pub`)) {
    const pair = utils.generateKeyPairSync('ed25519', { comment })
    writeFileSync(path, pair.private, { mode: 0o600 })
    writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 })
  }
  return { path, public: readFileSync(`${path}.pub`, 'utf8').trim() }
}
