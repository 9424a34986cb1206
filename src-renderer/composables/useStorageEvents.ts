import { storeToRefs } from 'pinia'
import { onScopeDispose, watch } from 'vue'
import type { Subscription } from '../../src-shared/contract'
import { useApi } from '../api'
import { useEnginesStore } from '../stores/engines'

/**
 * Engine events invalidate; they do not mirror state. Calls `refresh` (debounced) when the current
 * engine reports an event of one of `types`, and at once when the current engine changes.
 */
export function useStorageEvents(types: readonly string[], refresh: (engineId: string) => unknown, debounceMs = 100): void {
  const api = useApi()
  const { currentEngineId } = storeToRefs(useEnginesStore())
  let subscription: Subscription | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const stop = () => {
    clearTimeout(timer)
    subscription?.cancel()
    subscription = undefined
  }
  watch(
    currentEngineId,
    (engineId) => {
      stop()
      if (!engineId) return
      void refresh(engineId)
      subscription = api.engines.events(engineId, {
        onChunk(event) {
          if (!types.includes(event.type)) return
          clearTimeout(timer)
          timer = setTimeout(() => void refresh(engineId), debounceMs)
        },
      })
    },
    { immediate: true },
  )
  onScopeDispose(stop)
}
