import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { NetworkCreateRequest, NetworkSummary } from '../../src-shared/models/networks'
import { useApi } from '../api'
import { useEngineResource } from '../composables/useEngineResource'

/** The current engine's networks, refetched when a network or container changes. */
export const useNetworksStore = defineStore('networks', () => {
  const api = useApi()
  const networks = shallowRef<NetworkSummary[]>([])
  const { loaded, error, refresh, requireEngineId, engineId } = useEngineResource({
    fetch: (id) => api.networks.list(id),
    apply: (list) => (networks.value = list),
    events: ['network', 'container'],
  })

  const engine = requireEngineId

  async function create(request: NetworkCreateRequest): Promise<void> {
    await api.networks.create(engine(), request)
    await refresh()
  }
  async function remove(id: string): Promise<void> {
    await api.networks.remove(engine(), id)
    networks.value = networks.value.filter((n) => n.id !== id)
  }
  async function connect(network: string, container: string): Promise<void> {
    await api.networks.connect(engine(), network, container)
    await refresh()
  }
  async function disconnect(network: string, container: string): Promise<void> {
    await api.networks.disconnect(engine(), network, container)
    await refresh()
  }

  return { networks, loaded, error, refresh, create, remove, connect, disconnect, engineId }
})
