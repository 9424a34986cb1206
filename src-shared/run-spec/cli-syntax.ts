import type { MountSpec, PortSpec } from './schema'

/** `-p` values: [ip:][hostPort:]containerPort[/proto], IPv6 hosts in brackets. */
export function formatPublish(p: PortSpec): string {
  const proto = p.protocol === 'tcp' ? '' : `/${p.protocol}`
  const host = p.hostPort ? String(p.hostPort) : ''
  if (p.hostIp) return `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:${host}:${p.containerPort}${proto}`
  return host ? `${host}:${p.containerPort}${proto}` : `${p.containerPort}${proto}`
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const portNumber = (text: string, what: string): Parsed<number> => {
  if (/^\d+-\d+$/.test(text)) return { ok: false, message: `Port ranges like ${text} are not supported yet: publish each port on its own.` }
  if (!/^\d+$/.test(text)) return { ok: false, message: `"${text}" is not a ${what} port: use a number from 1 to 65535.` }
  const n = Number(text)
  if (n < 1 || n > 65535) return { ok: false, message: `${what[0]!.toUpperCase()}${what.slice(1)} port ${n} is out of range: use 1 to 65535.` }
  return { ok: true, value: n }
}

export function parsePublish(value: string): Parsed<PortSpec> {
  let rest = value
  let protocol: PortSpec['protocol'] = 'tcp'
  const slash = rest.lastIndexOf('/')
  if (slash >= 0) {
    const proto = rest.slice(slash + 1).toLowerCase()
    if (proto !== 'tcp' && proto !== 'udp') return { ok: false, message: `"${proto}" is not a protocol Berth publishes: use tcp or udp.` }
    protocol = proto
    rest = rest.slice(0, slash)
  }
  let hostIp: string | undefined
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest)
  if (v6) {
    hostIp = v6[1]
    rest = v6[2]!
  }
  const parts = rest.split(':')
  if (!v6 && parts.length === 3) hostIp = parts.shift()
  if (parts.length > 2 || (v6 && parts.length !== 2)) return { ok: false, message: `"${value}" is not a port mapping: write [host-ip:][host-port:]container-port[/udp], like 8080:80.` }
  const container = portNumber(parts[parts.length - 1]!, 'container')
  if (!container.ok) return container
  const spec: PortSpec = { containerPort: container.value, protocol }
  if (hostIp) spec.hostIp = hostIp
  if (parts.length === 2 && parts[0] !== '') {
    const host = portNumber(parts[0]!, 'host')
    if (!host.ok) return host
    spec.hostPort = host.value
  }
  return { ok: true, value: spec }
}

/** `-v` values: source:target[:ro|rw], or a lone target (an anonymous volume). */
export function formatVolume(m: MountSpec): string {
  return m.source === '' ? m.target : `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`
}

export function parseVolume(value: string): Parsed<MountSpec> {
  const parts = value.split(':')
  if (parts.length === 1) return { ok: true, value: { type: 'volume', source: '', target: value, readOnly: false } }
  if (parts.length > 3) return { ok: false, message: `"${value}" is not a volume: write source:path-in-container[:ro].` }
  const [source = '', target = '', mode = ''] = parts
  const modes = mode === '' ? [] : mode.split(',')
  const unknown = modes.filter((m) => !['ro', 'rw', 'z', 'Z', 'nocopy'].includes(m))
  if (unknown.length) return { ok: false, message: `"${unknown.join(',')}" is not a volume option Berth knows: use ro or rw.` }
  return { ok: true, value: { type: source.startsWith('/') ? 'bind' : 'volume', source, target, readOnly: modes.includes('ro') } }
}

/** `--mount` values, the basic keys: type, source/src, target/dst/destination, readonly/ro. */
export function parseMount(value: string): Parsed<MountSpec> {
  const spec: MountSpec = { type: 'volume', source: '', target: '', readOnly: false }
  for (const field of value.split(',')) {
    const eq = field.indexOf('=')
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase()
    const v = eq < 0 ? '' : field.slice(eq + 1)
    if (key === 'type') {
      if (v !== 'bind' && v !== 'volume') return { ok: false, message: `--mount type=${v} is not supported by the run dialog: use bind or volume.` }
      spec.type = v
    } else if (key === 'source' || key === 'src') spec.source = v
    else if (key === 'target' || key === 'dst' || key === 'destination') spec.target = v
    else if (key === 'readonly' || key === 'ro') spec.readOnly = eq < 0 || v === 'true' || v === '1'
    else return { ok: false, message: `--mount option "${key}" is not supported by the run dialog.` }
  }
  if (spec.target === '') return { ok: false, message: `--mount ${value} has no target: add target=/path/in/container.` }
  if (spec.type === 'bind' && spec.source === '') return { ok: false, message: `--mount ${value} is a bind without a source: add source=/host/folder.` }
  return { ok: true, value: spec }
}
