import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { ImageRemoveResult, ImageSummary } from '../../src-shared/models/image'
import { useApi } from '../api'
import { useEngineResource } from '../composables/useEngineResource'

/** The current engine's images (one row per tag), refetched when an image or container changes. */
export const useImagesStore = defineStore('images', () => {
  const api = useApi()
  const images = shallowRef<ImageSummary[]>([])
  const { loaded, error, refresh, requireEngineId, engineId } = useEngineResource({
    fetch: (id) => api.images.list(id),
    apply: (list) => (images.value = list),
    events: ['image', 'container'],
  })

  const engine = requireEngineId

  async function remove(reference: string, force: boolean): Promise<ImageRemoveResult> {
    const result = await api.images.remove(engine(), reference, { force })
    await refresh()
    return result
  }

  async function tag(source: string, repoTag: string): Promise<void> {
    await api.images.tag(engine(), source, repoTag)
    await refresh()
  }

  return { images, loaded, error, refresh, remove, tag, engineId }
})
