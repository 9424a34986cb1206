import type { ContainerRef } from './volumes'

export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'null'] as const
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number]

/** One address range of a network. */
export interface NetworkSubnet {
  subnet: string
  gateway?: string
}

/** One network, with the containers attached to it (running or not). */
export interface NetworkSummary {
  id: string
  name: string
  driver: string
  scope: string
  internal: boolean
  attachable: boolean
  ipv6: boolean
  subnets: NetworkSubnet[]
  labels: Record<string, string>
  createdAt?: string
  /** bridge, host and none: made by the engine, never removable. */
  builtIn: boolean
  composeProject?: string
  containers: Array<ContainerRef & { ipv4?: string }>
}

/** What `networks.create` takes. */
export interface NetworkCreateRequest {
  name: string
  driver: NetworkDriver
  subnet?: string
  gateway?: string
  /** No route out of the network. */
  internal?: boolean
  labels?: Record<string, string>
  /** macvlan and ipvlan: the host interface to attach to (`eth0`). */
  parent?: string
}

/** One network a prune would remove. */
export interface NetworkPruneItem {
  id: string
  name: string
  driver: string
}

/** The exact list a network prune removes; pass the ids back to `prune`. */
export interface NetworkPrunePreview {
  items: NetworkPruneItem[]
}
