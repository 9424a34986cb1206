import type Dockerode from 'dockerode'
import {
  COMPOSE_PROJECT_LABEL,
  COMPOSE_SERVICE_LABEL,
  CONTAINER_STATES,
  type ContainerDetail,
  type ContainerMount,
  type ContainerState,
  type ContainerSummary,
  type PortMapping,
} from '../../../src-shared/models/container'

/** What the engine answers, read loosely: engines (Podman, older Dockers) leave fields out. */
type Loose = Record<string, unknown>

const toState = (state: unknown): ContainerState =>
  (CONTAINER_STATES as readonly string[]).includes(String(state).toLowerCase()) ? (String(state).toLowerCase() as ContainerState) : 'dead'

const toProtocol = (type: unknown): PortMapping['protocol'] => (type === 'udp' || type === 'sctp' ? type : 'tcp')

const iso = (seconds: unknown): string => new Date((typeof seconds === 'number' ? seconds : 0) * 1000).toISOString()

/** Docker's "zero time" means "never". */
const whenOrUndefined = (text: unknown): string | undefined =>
  typeof text === 'string' && text !== '' && !text.startsWith('0001-01-01') ? text : undefined

export function toSummary(c: Dockerode.ContainerInfo): ContainerSummary {
  const labels = c.Labels ?? {}
  const summary: ContainerSummary = {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command ?? '',
    state: toState(c.State),
    status: c.Status ?? '',
    ports: (c.Ports ?? []).map((p) => {
      const port: PortMapping = { containerPort: p.PrivatePort, protocol: toProtocol(p.Type) }
      if (p.IP) port.hostIp = p.IP
      if (p.PublicPort) port.hostPort = p.PublicPort
      return port
    }),
    created: iso(c.Created),
    labels,
  }
  if (labels[COMPOSE_PROJECT_LABEL]) summary.composeProject = labels[COMPOSE_PROJECT_LABEL]
  if (labels[COMPOSE_SERVICE_LABEL]) summary.composeService = labels[COMPOSE_SERVICE_LABEL]
  if (c.HostConfig?.NetworkMode) summary.networkMode = c.HostConfig.NetworkMode
  return summary
}

/** Published ports from inspect: the live ones when there are, else what the container asked for. */
export function portsOf(raw: Loose): PortMapping[] {
  const settings = (raw.NetworkSettings as Loose | undefined)?.Ports as Record<string, { HostIp: string; HostPort: string }[] | null> | undefined
  const requested = (raw.HostConfig as Loose | undefined)?.PortBindings as Record<string, { HostIp: string; HostPort: string }[] | null> | undefined
  const exposed = Object.keys(((raw.Config as Loose | undefined)?.ExposedPorts as Loose | undefined) ?? {})
  const source = settings && Object.keys(settings).length > 0 ? settings : (requested ?? {})
  const out: PortMapping[] = []
  for (const key of new Set([...Object.keys(source), ...exposed])) {
    const [port, proto] = key.split('/')
    const base = { containerPort: Number(port), protocol: toProtocol(proto) }
    const bindings = source[key]
    if (!bindings || bindings.length === 0) out.push(base)
    for (const b of bindings ?? []) {
      const mapping: PortMapping = { ...base }
      if (b.HostIp) mapping.hostIp = b.HostIp
      if (b.HostPort) mapping.hostPort = Number(b.HostPort)
      out.push(mapping)
    }
  }
  return out
}

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/

export function toDetail(raw: Loose): ContainerDetail {
  const config = (raw.Config ?? {}) as Loose
  const host = (raw.HostConfig ?? {}) as Loose
  const state = (raw.State ?? {}) as Loose
  const labels = (config.Labels ?? {}) as Record<string, string>
  const health = state.Health as { Status?: string; FailingStreak?: number; Log?: { Output?: string }[] } | undefined
  const networks = (((raw.NetworkSettings ?? {}) as Loose).Networks ?? {}) as Record<string, Loose>
  const restart = (host.RestartPolicy ?? {}) as { Name?: string; MaximumRetryCount?: number }
  const detail: ContainerDetail = {
    id: String(raw.Id),
    name: String(raw.Name ?? '').replace(/^\//, ''),
    image: String(config.Image ?? ''),
    imageId: String(raw.Image ?? ''),
    command: (config.Cmd as string[] | null) ?? [],
    entrypoint: (config.Entrypoint as string[] | null) ?? [],
    state: toState(state.Status),
    created: String(raw.Created ?? ''),
    exitCode: Number(state.ExitCode ?? 0),
    restartCount: Number(raw.RestartCount ?? 0),
    oomKilled: !!state.OOMKilled,
    pid: Number(state.Pid ?? 0),
    env: ((config.Env as string[] | null) ?? []).map((pair) => {
      const eq = pair.indexOf('=')
      return eq < 0 ? { key: pair, value: '' } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) }
    }),
    ports: portsOf(raw),
    mounts: ((raw.Mounts as Loose[] | null) ?? []).map((m) => {
      const mount: ContainerMount = {
        type: (m.Type as ContainerMount['type']) ?? 'volume',
        source: String(m.Source ?? ''),
        destination: String(m.Destination ?? ''),
        readWrite: m.RW !== false,
      }
      if (m.Name) {
        mount.name = String(m.Name)
        mount.anonymous = ANONYMOUS_VOLUME.test(mount.name)
      }
      return mount
    }),
    networks: Object.entries(networks).map(([name, n]) => ({
      name,
      networkId: String(n.NetworkID ?? ''),
      ipAddress: String(n.IPAddress ?? ''),
      gateway: String(n.Gateway ?? ''),
      macAddress: String(n.MacAddress ?? ''),
      aliases: (n.Aliases as string[] | null) ?? [],
    })),
    labels,
    networkMode: String(host.NetworkMode ?? ''),
    restartPolicy: { name: restart.Name || 'no', maxRetries: restart.MaximumRetryCount ?? 0 },
    workingDir: String(config.WorkingDir ?? ''),
    user: String(config.User ?? ''),
    tty: !!config.Tty,
    autoRemove: !!host.AutoRemove,
    raw,
  }
  const startedAt = whenOrUndefined(state.StartedAt)
  if (startedAt) detail.startedAt = startedAt
  const finishedAt = whenOrUndefined(state.FinishedAt)
  if (finishedAt) detail.finishedAt = finishedAt
  if (state.Error) detail.error = String(state.Error)
  if (health?.Status) {
    detail.health = {
      status: health.Status as NonNullable<ContainerDetail['health']>['status'],
      failingStreak: health.FailingStreak ?? 0,
    }
    const last = health.Log?.[health.Log.length - 1]?.Output
    if (last) detail.health.lastOutput = last
  }
  if (labels[COMPOSE_PROJECT_LABEL]) detail.composeProject = labels[COMPOSE_PROJECT_LABEL]
  return detail
}
