import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { DiskUsage } from '../../src-shared/models/disk'
import { useApi } from '../api'
import { useEngineResource } from '../composables/useEngineResource'

/** The current engine's disk usage (GET /system/df), refetched after changes (slowly: df is costly). */
export const useDiskStore = defineStore('disk', () => {
  const api = useApi()
  const usage = shallowRef<DiskUsage>()
  const { loaded, error, refresh, engineId } = useEngineResource({
    fetch: (id) => api.disk.usage(id),
    apply: (next) => (usage.value = next),
    events: ['container', 'image', 'volume', 'builder'],
    debounceMs: 1000,
  })

  return { usage, loaded, error, refresh, engineId }
})
