import type Dockerode from 'dockerode'
import { issue, type RunIssue } from '../../../src-shared/run-spec/issues'
import { withDefaultTag } from '../../../src-shared/run-spec/reference'
import type { RunSpec } from '../../../src-shared/run-spec/schema'
import { engineErrorToAppError } from '../../engines/engine-error'
import { mapLimit } from './map-limit'

/** The container that uses a name, if any (the name filter is a regex, so anchor it). */
export async function nameOwner(docker: Dockerode, name: string): Promise<string | undefined> {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const found = await docker.listContainers({ all: true, filters: { name: [`^/${escaped}$`] } })
  return found[0] ? found[0].Id.slice(0, 12) : undefined
}

export interface PublishedPort {
  hostIp: string
  hostPort: number
  protocol: string
  owner: string
}

/**
 * Host ports the running containers publish. The list answers the live bindings; an engine
 * without a bridge (or a container still starting) shows none there, so the requested bindings
 * are read from inspect too: a clash is caught before the engine half-starts a container.
 */
export async function publishedPorts(docker: Dockerode): Promise<PublishedPort[]> {
  const running = await docker.listContainers({ all: false })
  const out: PublishedPort[] = []
  for (const c of running) {
    const name = (c.Names?.[0] ?? c.Id).replace(/^\//, '')
    for (const p of c.Ports ?? []) if (p.PublicPort) out.push({ hostIp: p.IP ?? '', hostPort: p.PublicPort, protocol: p.Type, owner: name })
  }
  const withoutPorts = running.filter((c) => !(c.Ports ?? []).some((p) => p.PublicPort) && c.HostConfig?.NetworkMode !== 'host')
  const inspected = await mapLimit(withoutPorts, 8, (c) => docker.getContainer(c.Id).inspect().catch(() => undefined))
  for (const info of inspected) {
    if (!info) continue
    const bindings = (info.HostConfig.PortBindings ?? {}) as Record<string, { HostIp?: string; HostPort?: string }[] | null>
    for (const [key, list] of Object.entries(bindings)) {
      for (const b of list ?? []) {
        if (b.HostPort && Number(b.HostPort) > 0) {
          out.push({ hostIp: b.HostIp ?? '', hostPort: Number(b.HostPort), protocol: key.split('/')[1] ?? 'tcp', owner: info.Name.replace(/^\//, '') })
        }
      }
    }
  }
  return out
}

/** The spec's host ports that a running container publishes already. */
export function portClashes(ports: PublishedPort[], spec: RunSpec): RunIssue[] {
  const issues: RunIssue[] = []
  spec.ports.forEach((p, i) => {
    if (!p.hostPort) return
    const clash = ports.find(
      (q) => q.hostPort === p.hostPort && q.protocol === p.protocol && (isWildcard(q.hostIp) || isWildcard(p.hostIp ?? '') || q.hostIp === p.hostIp),
    )
    if (clash) {
      issues.push(
        issue(`ports.${i}.hostPort`, 'port-in-use', `Host port ${p.hostPort}/${p.protocol} is already published by container "${clash.owner}": choose another host port, or leave it empty for any free port.`, {
          port: String(p.hostPort),
          owner: clash.owner,
        }),
      )
    }
  })
  return issues
}

const isWildcard = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::'

/** What the engine would refuse: the name taken, a host port published already, the image absent. */
export async function engineIssues(docker: Dockerode, spec: RunSpec): Promise<RunIssue[]> {
  const issues: RunIssue[] = []
  const name = spec.name?.trim()
  const wanted = spec.ports.map((p, i) => ({ p, i })).filter(({ p }) => p.hostPort)
  const [owner, ports, imageFound] = await Promise.all([
    name ? nameOwner(docker, name) : undefined,
    wanted.length ? publishedPorts(docker) : [],
    docker
      .getImage(spec.image.trim())
      .inspect()
      .then(
        () => true,
        (error: unknown) => {
          if (engineErrorToAppError(error)?.code === 'NOT_FOUND') return false
          throw error
        },
      ),
  ])
  if (owner && name) {
    issues.push(issue('name', 'name-in-use', `The name "${name}" is already used by container ${owner}: choose another name, or remove that container first.`, { name, owner }))
  }
  issues.push(...portClashes(ports, spec))
  if (!imageFound) {
    const image = withDefaultTag(spec.image.trim())
    issues.push(issue('image', 'image-missing', `The image ${image} is not on this engine: pull it first.`, { image }))
  }
  return issues
}
