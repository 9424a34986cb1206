import type Dockerode from 'dockerode'
import type { BindMount, ContainerRef } from '../../src-shared/models/volumes'
import type { EngineConnection } from '../engines/engine-connection'
import { engineCall } from '../services/engine-call'
import { HELPER_LABEL } from './helper-image'

/** Who uses what, from one GET /containers/json?all=1: volumes, host folders and networks. */
export interface ContainerUsage {
  volumes: Map<string, ContainerRef[]>
  bindMounts: BindMount[]
  /** By network name AND id, for the networks page. */
  networks: Map<string, Array<ContainerRef & { ipv4?: string }>>
}

const refOf = (c: Dockerode.ContainerInfo): ContainerRef => ({
  id: c.Id,
  name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
  state: c.State,
})

/** Reads every container, running or not. Berth's own helper containers are left out. */
export async function readContainerUsage(engine: EngineConnection): Promise<ContainerUsage> {
  const containers = await engineCall(engine, () => engine.docker.listContainers({ all: true }))
  return containerUsageOf(containers)
}

/** Pure: the maps from a container list (unit-tested). */
export function containerUsageOf(containers: Dockerode.ContainerInfo[]): ContainerUsage {
  const volumes = new Map<string, ContainerRef[]>()
  const binds = new Map<string, BindMount>()
  const networks = new Map<string, Array<ContainerRef & { ipv4?: string }>>()
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key)
    if (list) list.push(value)
    else map.set(key, [value])
  }
  for (const c of containers) {
    if (c.Labels?.[HELPER_LABEL]) continue
    const ref = refOf(c)
    for (const m of c.Mounts ?? []) {
      if (m.Type === 'volume' && m.Name) {
        if (!volumes.get(m.Name)?.some((r) => r.id === ref.id)) push(volumes, m.Name, ref)
      } else if (m.Type === 'bind') {
        const entry = binds.get(m.Source) ?? { source: m.Source, containers: [] }
        entry.containers.push({ ...ref, destination: m.Destination, readOnly: m.RW === false })
        binds.set(m.Source, entry)
      }
    }
    for (const [name, settings] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      const attached = { ...ref, ...(settings.IPAddress ? { ipv4: settings.IPAddress } : {}) }
      push(networks, name, attached)
      if (settings.NetworkID) push(networks, settings.NetworkID, attached)
    }
  }
  const bindMounts = [...binds.values()].sort((a, b) => a.source.localeCompare(b.source))
  return { volumes, bindMounts, networks }
}

/** "web (running), db (exited)": how refusals name the containers in the way. */
export const nameContainers = (refs: ContainerRef[]): string => refs.map((r) => `${r.name} (${r.state})`).join(', ')
