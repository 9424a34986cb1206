import type Dockerode from 'dockerode'
import type { NetworksApi } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { NetworkCreateRequest, NetworkPrunePreview, NetworkSummary } from '../../src-shared/models/networks'
import type { ContainerRef, PruneResult } from '../../src-shared/models/volumes'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { nameContainers, readContainerUsage } from '../volumes/container-usage'
import { engineCall } from './engine-call'

/** Made by the engine itself; no one may remove them. */
export const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none'])

type Attached = ContainerRef & { ipv4?: string }

export class NetworksService implements NetworksApi {
  constructor(private readonly registry: EngineRegistry) {}

  async list(engineId: string): Promise<NetworkSummary[]> {
    const engine = this.registry.get(engineId)
    const [networks, usage] = await Promise.all([engineCall(engine, () => engine.docker.listNetworks()), readContainerUsage(engine)])
    return networks.map((n) => toSummary(n, attachedTo(usage.networks, n))).sort((a, b) => a.name.localeCompare(b.name))
  }

  async create(engineId: string, request: NetworkCreateRequest): Promise<NetworkSummary> {
    const engine = this.registry.get(engineId)
    if ((await this.list(engineId)).some((n) => n.name === request.name)) {
      throw new AppError('CONFLICT', `A network named "${request.name}" exists already: pick another name.`)
    }
    const created = await engineCall(engine, () =>
      engine.docker.createNetwork({
        Name: request.name,
        Driver: request.driver,
        Internal: request.internal ?? false,
        CheckDuplicate: true,
        Labels: request.labels ?? {},
        ...(request.parent ? { Options: { parent: request.parent } } : {}),
        ...(request.subnet
          ? { IPAM: { Driver: 'default', Config: [{ Subnet: request.subnet, ...(request.gateway ? { Gateway: request.gateway } : {}) }] } }
          : {}),
      }),
    ).catch((error: unknown) => {
      if (error instanceof AppError && /overlap/i.test(error.message)) {
        throw new AppError('CONFLICT', `The subnet ${request.subnet ?? ''} overlaps another network's addresses: pick a different range. (${error.message})`)
      }
      throw error
    })
    const summary = (await this.list(engineId)).find((n) => n.id === created.id)
    if (!summary) throw new AppError('NOT_FOUND', `The network "${request.name}" vanished right after it was made.`)
    return summary
  }

  async remove(engineId: string, ref: string): Promise<void> {
    const engine = this.registry.get(engineId)
    const network = await this.find(engine, ref)
    if (network.builtIn) throw builtIn(network.name)
    if (network.containers.length > 0) throw inUse(network.name, network.containers)
    await engineCall(engine, () => engine.docker.getNetwork(network.id).remove())
  }

  async connect(engineId: string, ref: string, container: string): Promise<void> {
    const engine = this.registry.get(engineId)
    const network = await this.find(engine, ref)
    await engineCall(engine, () => engine.docker.getNetwork(network.id).connect({ Container: container })).catch(explainContainer(container, network.name))
  }

  async disconnect(engineId: string, ref: string, container: string): Promise<void> {
    const engine = this.registry.get(engineId)
    const network = await this.find(engine, ref)
    // Never forced: a forced disconnect is for endpoints the engine lost track of.
    await engineCall(engine, () => engine.docker.getNetwork(network.id).disconnect({ Container: container, Force: false })).catch(
      explainContainer(container, network.name),
    )
  }

  async prunePreview(engineId: string): Promise<NetworkPrunePreview> {
    return { items: (await this.unused(this.registry.get(engineId))).map(({ id, name, driver }) => ({ id, name, driver })) }
  }

  async prune(engineId: string, ids: string[]): Promise<PruneResult> {
    const engine = this.registry.get(engineId)
    const unused = new Map((await this.unused(engine)).map((n) => [n.id, n]))
    const changed = ids.filter((id) => !unused.has(id))
    if (changed.length > 0) {
      throw new AppError('CONFLICT', `Nothing was removed: ${changed.length} of the networks listed ${changed.length === 1 ? 'is' : 'are'} now in use or gone since the preview. Look at the list again.`, {
        changed,
      })
    }
    const removed: string[] = []
    for (const id of new Set(ids)) {
      await engineCall(engine, () => engine.docker.getNetwork(id).remove())
      removed.push(unused.get(id)?.name ?? id)
    }
    return { removed, reclaimedBytes: 0 }
  }

  private async unused(engine: EngineConnection): Promise<NetworkSummary[]> {
    return (await this.list(engine.id)).filter((n) => !n.builtIn && n.containers.length === 0)
  }

  /** By id, id prefix or name, the way the CLI finds one. */
  private async find(engine: EngineConnection, ref: string): Promise<NetworkSummary> {
    const networks = await this.list(engine.id)
    const network = networks.find((n) => n.id === ref || n.name === ref) ?? networks.find((n) => ref.length >= 6 && n.id.startsWith(ref))
    if (!network) throw new AppError('NOT_FOUND', `No network "${ref}" on this engine: it may have been removed.`)
    return network
  }
}

function attachedTo(byNetwork: Map<string, Attached[]>, n: Dockerode.NetworkInspectInfo): Attached[] {
  const seen = new Map<string, Attached>()
  for (const c of [...(byNetwork.get(n.Name) ?? []), ...(byNetwork.get(n.Id) ?? [])]) seen.set(c.id, c)
  return [...seen.values()]
}

function toSummary(n: Dockerode.NetworkInspectInfo, containers: Attached[]): NetworkSummary {
  const labels = n.Labels ?? {}
  const raw = n as Dockerode.NetworkInspectInfo & { Created?: string }
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: n.Internal ?? false,
    attachable: n.Attachable ?? false,
    ipv6: n.EnableIPv6 ?? false,
    subnets: (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet as string, ...(c.Gateway ? { gateway: c.Gateway } : {}) })),
    labels,
    ...(raw.Created ? { createdAt: new Date(raw.Created).toISOString() } : {}),
    builtIn: BUILT_IN_NETWORKS.has(n.Name),
    ...(labels['com.docker.compose.project'] ? { composeProject: labels['com.docker.compose.project'] } : {}),
    containers,
  }
}

const builtIn = (name: string) => new AppError('CONFLICT', `"${name}" is one of the engine's own networks and cannot be removed.`)

function inUse(name: string, users: ContainerRef[]): AppError {
  return new AppError(
    'CONFLICT',
    `The network "${name}" has ${users.length === 1 ? 'the container' : 'the containers'} ${nameContainers(users)} attached. Disconnect or remove ${users.length === 1 ? 'it' : 'them'} first.`,
    { containers: users },
  )
}

const explainContainer = (container: string, network: string) => (error: unknown) => {
  if (error instanceof AppError && error.code === 'NOT_FOUND') {
    throw new AppError('NOT_FOUND', `No container "${container}" on this engine (or it is not attached to "${network}").`)
  }
  throw error
}
