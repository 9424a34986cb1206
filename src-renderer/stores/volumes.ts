import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { BindMount, VolumeCreateRequest, VolumeSummary } from '../../src-shared/models/volumes'
import { useApi } from '../api'
import { useEngineResource } from '../composables/useEngineResource'

/** The current engine's volumes and bind mounts, refetched when a volume or container changes. */
export const useVolumesStore = defineStore('volumes', () => {
  const api = useApi()
  const volumes = shallowRef<VolumeSummary[]>([])
  const bindMounts = shallowRef<BindMount[]>([])
  const { loaded, error, refresh, requireEngineId, engineId } = useEngineResource({
    fetch: (id) => Promise.all([api.volumes.list(id), api.volumes.bindMounts(id)]),
    apply: ([list, binds]) => {
      volumes.value = list
      bindMounts.value = binds
    },
    events: ['volume', 'container'],
  })

  const engine = requireEngineId

  async function create(request: VolumeCreateRequest): Promise<VolumeSummary> {
    const created = await api.volumes.create(engine(), request)
    await refresh()
    return created
  }

  async function remove(name: string): Promise<void> {
    await api.volumes.remove(engine(), name)
    volumes.value = volumes.value.filter((v) => v.name !== name)
  }

  async function clone(source: string, target: string): Promise<VolumeSummary> {
    const cloned = await api.volumes.clone(engine(), source, target)
    await refresh()
    return cloned
  }

  return { volumes, bindMounts, loaded, error, refresh, create, remove, clone, engineId }
})
