import { storeToRefs } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AppError } from '../../src-shared/errors'
import { useEnginesStore } from '../stores/engines'
import { useStorageEvents } from './useStorageEvents'

export interface EngineResourceOptions<T> {
  /** Reads the resource from the engine. */
  fetch: (engineId: string) => Promise<T>
  /** Puts a fresh answer into the store's state. */
  apply: (value: T) => void
  /** The engine event types that make it stale (`container`, `image` …). */
  events: readonly string[]
  debounceMs?: number
}

/**
 * What a domain store holds of the current engine: fetched when the engine changes, refetched
 * (debounced) when its events say so. An answer overtaken by a newer fetch, or for an engine the
 * window has left, is dropped.
 */
export function useEngineResource<T>(options: EngineResourceOptions<T>) {
  const { currentEngineId } = storeToRefs(useEnginesStore())
  const loaded = ref(false)
  const error = shallowRef<AppError>()
  let generation = 0

  async function refresh(engineId = currentEngineId.value): Promise<void> {
    if (!engineId) return
    const mine = ++generation
    try {
      const value = await options.fetch(engineId)
      if (mine !== generation) return
      options.apply(value)
      error.value = undefined
    } catch (e) {
      if (mine === generation) error.value = e as AppError
    } finally {
      if (mine === generation) loaded.value = true
    }
  }

  useStorageEvents(options.events, refresh, options.debounceMs)

  /** The engine an action goes to; actions are only offered while there is one. */
  function requireEngineId(): string {
    if (!currentEngineId.value) throw new Error('no engine')
    return currentEngineId.value
  }

  return { loaded, error, refresh, requireEngineId, engineId: currentEngineId }
}
