import { join } from 'node:path'

/** The parts of `~/.ssh/config` Berth honours for a host alias. */
export interface SshHostConfig {
  hostName?: string
  user?: string
  port?: number
  identityFiles: string[]
}

interface Block {
  patterns: string[]
  options: [string, string][]
}

/**
 * Reads the options that apply to `alias`, first value wins as in OpenSSH (IdentityFile adds up).
 * `Match` blocks and `Include` are not followed: what they would set is simply not applied.
 */
export function sshConfigFor(text: string, alias: string, home: string): SshHostConfig {
  const result: SshHostConfig = { identityFiles: [] }
  for (const block of parseBlocks(text)) {
    if (!hostMatches(block.patterns, alias)) continue
    for (const [key, value] of block.options) {
      switch (key) {
        case 'hostname':
          result.hostName ??= value.replace(/%h/g, alias)
          break
        case 'user':
          result.user ??= value
          break
        case 'port': {
          const port = Number(value)
          if (Number.isInteger(port) && port > 0 && port < 65536) result.port ??= port
          break
        }
        case 'identityfile':
          result.identityFiles.push(expandPath(value, home, alias))
          break
      }
    }
  }
  return result
}

/** `~/x` and `%d/x` are the home directory, `%h` the host, as OpenSSH expands them. */
export function expandPath(value: string, home: string, host = ''): string {
  const text = value.replace(/%d/g, home).replace(/%h/g, host).replace(/%%/g, '%')
  return text === '~' ? home : text.startsWith('~/') ? join(home, text.slice(2)) : text
}

function parseBlocks(text: string): Block[] {
  // Options before any Host line apply to every host.
  const blocks: Block[] = [{ patterns: ['*'], options: [] }]
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const match = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line)
    if (!match) continue
    const key = match[1]!.toLowerCase()
    const value = unquote(match[2]!.trim())
    if (key === 'host') blocks.push({ patterns: value.split(/\s+/), options: [] })
    else if (key === 'match') blocks.push({ patterns: [], options: [] })
    else blocks.at(-1)!.options.push([key, value])
  }
  return blocks
}

function hostMatches(patterns: string[], alias: string): boolean {
  let matched = false
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!')
    const body = negated ? pattern.slice(1) : pattern
    const regex = new RegExp(`^${body.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i')
    if (regex.test(alias)) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
}
