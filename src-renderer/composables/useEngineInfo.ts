import { ref, shallowRef, watch, type Ref } from 'vue'
import { AppError } from '../../src-shared/errors'
import type { EngineInfo, EngineSummary } from '../../src-shared/models/engine'
import { useApi } from '../api'

/**
 * `system.info` of an engine, read again each time it (re)connects. While it is away the last
 * answer stays, so the page does not jump; `error` says when reading failed.
 */
export function useEngineInfo(engine: Ref<EngineSummary | undefined>) {
  const api = useApi()
  const info = shallowRef<EngineInfo>()
  const error = shallowRef<AppError>()
  const loading = ref(false)
  // Answers can arrive out of order when the engine flaps: only the latest request counts.
  let request = 0

  async function load(engineId: string): Promise<void> {
    const mine = ++request
    loading.value = true
    try {
      const answer = await api.system.info(engineId)
      if (mine !== request) return
      info.value = answer
      error.value = undefined
    } catch (e) {
      if (mine !== request) return
      error.value = e instanceof AppError ? e : new AppError('INTERNAL', String(e))
    } finally {
      if (mine === request) loading.value = false
    }
  }

  watch(
    () => [engine.value?.id, engine.value?.state.status] as const,
    ([id, status], previous) => {
      if (id !== previous?.[0]) {
        request++
        info.value = undefined
        error.value = undefined
        loading.value = false
      }
      if (id && status === 'connected') void load(id)
    },
    { immediate: true },
  )

  return { info, error, loading }
}
