import type { KeyValue } from '../models/container'
import type { MountSpec, PortSpec, RestartPolicy, RunSpec } from './schema'
import { normalizeRunSpec } from './schema'
import { formatCpus, formatMemoryForCli, parseCpus, parseMemory } from './units'

/** The part of POST /containers/create's body a run spec sets (and inspect's Config/HostConfig give back). */
export interface CreateBody {
  Image: string
  Cmd?: string[]
  Entrypoint?: string[]
  Env?: string[]
  Labels?: Record<string, string>
  WorkingDir?: string
  User?: string
  Tty?: boolean
  OpenStdin?: boolean
  ExposedPorts?: Record<string, Record<string, never>>
  Volumes?: Record<string, Record<string, never>>
  HostConfig: {
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>
    Binds?: string[]
    Mounts?: { Type: 'volume' | 'bind'; Source?: string; Target: string; ReadOnly?: boolean }[]
    RestartPolicy?: { Name: string; MaximumRetryCount?: number }
    AutoRemove?: boolean
    Memory?: number
    NanoCpus?: number
    NetworkMode?: string
  }
}

const portKey = (p: Pick<PortSpec, 'containerPort' | 'protocol'>) => `${p.containerPort}/${p.protocol}`

/**
 * A spec as the engine's create body, the same body `docker run` sends for the same flags
 * (-v goes to Binds, an anonymous volume to Volumes), so a container made by the dialog and one
 * made by the copied CLI line inspect alike. Validate first: invalid values are dropped here.
 */
export function toCreateBody(input: RunSpec): { name?: string; body: CreateBody } {
  const spec = normalizeRunSpec(input)
  const hostConfig: CreateBody['HostConfig'] = {}
  const body: CreateBody = { Image: spec.image, HostConfig: hostConfig }
  if (spec.command) body.Cmd = spec.command
  if (spec.entrypoint !== undefined) body.Entrypoint = [spec.entrypoint]
  if (spec.env.length) body.Env = spec.env.map((e) => `${e.key}=${e.value}`)
  if (spec.labels.length) body.Labels = Object.fromEntries(spec.labels.map((l) => [l.key, l.value]))
  if (spec.workingDir) body.WorkingDir = spec.workingDir
  if (spec.user) body.User = spec.user
  if (spec.tty) body.Tty = true
  if (spec.interactive) body.OpenStdin = true

  if (spec.ports.length) {
    body.ExposedPorts = {}
    hostConfig.PortBindings = {}
    for (const p of spec.ports) {
      body.ExposedPorts[portKey(p)] = {}
      ;(hostConfig.PortBindings[portKey(p)] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ? String(p.hostPort) : '' })
    }
  }

  for (const m of spec.mounts) {
    if (m.source !== '') (hostConfig.Binds ??= []).push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`)
    else if (!m.readOnly) (body.Volumes ??= {})[m.target] = {}
    // A read-only anonymous volume has no -v form; --mount gives it one.
    else (hostConfig.Mounts ??= []).push({ Type: 'volume', Target: m.target, ReadOnly: true })
  }

  hostConfig.RestartPolicy =
    spec.restart.policy === 'on-failure' && spec.restart.maxRetries
      ? { Name: 'on-failure', MaximumRetryCount: spec.restart.maxRetries }
      : { Name: spec.restart.policy }
  if (spec.autoRemove) hostConfig.AutoRemove = true
  const memory = spec.memory ? parseMemory(spec.memory) : undefined
  if (memory !== undefined) hostConfig.Memory = memory
  const cpus = spec.cpus ? parseCpus(spec.cpus) : undefined
  if (cpus !== undefined) hostConfig.NanoCpus = cpus
  if (spec.network) hostConfig.NetworkMode = spec.network
  return spec.name ? { name: spec.name, body } : { body }
}

const toKeyValues = (pairs: string[] | undefined): KeyValue[] =>
  (pairs ?? []).map((pair) => {
    const eq = pair.indexOf('=')
    return eq < 0 ? { key: pair, value: '' } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) }
  })

/**
 * A spec back from a create body (or an inspect's Config + HostConfig, which have the same shape):
 * what "copy as docker run" of an existing container starts from. Values the image supplied
 * (its ENV, CMD) are part of an inspect's Config and come along; `imageDefaults` takes them out.
 */
export function fromCreateBody(
  body: CreateBody,
  name?: string,
  imageDefaults?: { env?: string[]; cmd?: string[]; entrypoint?: string[]; workingDir?: string; labels?: Record<string, string> },
): RunSpec {
  const hc = body.HostConfig ?? {}
  const imageEnv = new Set(imageDefaults?.env ?? [])
  const same = (a?: string[], b?: string[]) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
  const ports: PortSpec[] = Object.entries(hc.PortBindings ?? {}).flatMap(([key, bindings]) => {
    const [port, protocol] = key.split('/')
    return (bindings ?? []).map((b) => {
      const p: PortSpec = { containerPort: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp' }
      if (b.HostIp) p.hostIp = b.HostIp
      if (b.HostPort) p.hostPort = Number(b.HostPort)
      return p
    })
  })
  const mounts: MountSpec[] = [
    ...(hc.Binds ?? []).map((bind): MountSpec => {
      const [source = '', target = '', mode = ''] = bind.split(':')
      return { type: source.startsWith('/') ? 'bind' : 'volume', source, target, readOnly: mode.split(',').includes('ro') }
    }),
    ...Object.keys(body.Volumes ?? {}).map((target): MountSpec => ({ type: 'volume', source: '', target, readOnly: false })),
    ...(hc.Mounts ?? []).map((m): MountSpec => ({ type: m.Type, source: m.Source ?? '', target: m.Target, readOnly: !!m.ReadOnly })),
  ]
  const imageLabels = imageDefaults?.labels ?? {}
  const policy = (hc.RestartPolicy?.Name || 'no') as RestartPolicy
  const spec: RunSpec = {
    image: body.Image,
    env: toKeyValues(body.Env?.filter((e) => !imageEnv.has(e))),
    ports,
    mounts,
    restart: policy === 'on-failure' && hc.RestartPolicy?.MaximumRetryCount ? { policy, maxRetries: hc.RestartPolicy.MaximumRetryCount } : { policy },
    autoRemove: !!hc.AutoRemove,
    labels: Object.entries(body.Labels ?? {})
      .filter(([k, v]) => imageLabels[k] !== v)
      .map(([key, value]) => ({ key, value })),
    tty: !!body.Tty,
    interactive: !!body.OpenStdin,
  }
  if (name) spec.name = name.replace(/^\//, '')
  if (body.Cmd?.length && !same(body.Cmd, imageDefaults?.cmd)) spec.command = body.Cmd
  if (body.Entrypoint?.length && !same(body.Entrypoint, imageDefaults?.entrypoint)) spec.entrypoint = body.Entrypoint.join(' ')
  if (body.WorkingDir && body.WorkingDir !== imageDefaults?.workingDir) spec.workingDir = body.WorkingDir
  if (body.User) spec.user = body.User
  if (hc.Memory) spec.memory = formatMemoryForCli(hc.Memory)
  if (hc.NanoCpus) spec.cpus = formatCpus(hc.NanoCpus)
  if (hc.NetworkMode && hc.NetworkMode !== 'default') spec.network = hc.NetworkMode
  return normalizeRunSpec(spec)
}
