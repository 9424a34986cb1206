import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { Subscription } from '../../src-shared/contract'
import type { StatsSample } from '../../src-shared/models/stats'
import { useApi } from '../api'
import { StatsHistory } from './stats-history'

/**
 * A container's live stats while `active` is true: one `stats.follow` stream, cancelled as soon
 * as the owner is hidden or goes. The history survives a pause (hidden, then shown again).
 */
export function useStats(engineId: Ref<string | undefined>, containerId: Ref<string | undefined>, active: Ref<boolean>, windowMs?: number) {
  const history = shallowRef(new StatsHistory(windowMs))
  const latest = shallowRef<StatsSample>()
  const stopped = ref(false)
  const error = ref<string>()
  /** Bumped on every change: the history is mutated in place, for cheap appends. */
  const version = ref(0)
  let subscription: Subscription | undefined

  function stop(): void {
    subscription?.cancel()
    subscription = undefined
  }

  function start(engine: string, container: string): void {
    error.value = undefined
    subscription = useApi().stats.follow(engine, container, {
      onChunk(chunk) {
        if (chunk.type === 'sample') {
          stopped.value = false
          latest.value = chunk.sample
          history.value.push(chunk.sample)
        } else {
          stopped.value = true
          history.value.gap(Date.now())
        }
        version.value++
      },
      onEnd(e) {
        subscription = undefined
        if (e) error.value = e.message
      },
    })
  }

  watch(
    [engineId, containerId, active],
    ([engine, container, on], before) => {
      const [oldEngine, oldContainer] = before ?? []
      if (engine !== oldEngine || container !== oldContainer) {
        stop()
        history.value = new StatsHistory(windowMs)
        latest.value = undefined
        version.value++
      }
      if (!on || !engine || !container) stop()
      else if (!subscription) start(engine, container)
    },
    { immediate: true },
  )
  onScopeDispose(stop)
  return { history, latest, stopped, error, version }
}
