import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type { Subscription } from '../../src-shared/contract'
import type { AppError } from '../../src-shared/errors'
import type { EngineConfig, EngineSummary, EngineTestResult } from '../../src-shared/models/engine'
import { useApi } from '../api'
import { pickEngine } from '../presentation/engine'

const CURRENT_KEY = 'berth.currentEngine'
/** How long to wait before watching again after the watch stream died (e.g. the bridge dropped). */
export const WATCH_RETRY_MS = 2000

/** The engines Berth knows and which one this window shows, kept live by `engines.watch`. */
export const useEnginesStore = defineStore('engines', () => {
  const api = useApi()

  const engines = shallowRef<EngineSummary[]>([])
  /** True once the first list arrived. */
  const loaded = ref(false)
  /** Why the watch stream last ended, while it is being restarted; cleared by the next list. */
  const watchError = shallowRef<AppError>()
  const wantedId = ref<string | null>(localStorage.getItem(CURRENT_KEY))

  const current = computed(() => pickEngine(engines.value, wantedId.value))
  const currentEngineId = computed(() => current.value?.id)

  let subscription: Subscription | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  function watchEngines(): void {
    subscription?.cancel()
    subscription = api.engines.watch({
      onChunk(list) {
        engines.value = list
        loaded.value = true
        watchError.value = undefined
      },
      onEnd(error) {
        subscription = undefined
        // An end without error means main closed it on purpose; with one, the stream died.
        if (!error) return
        watchError.value = error
        clearTimeout(retryTimer)
        retryTimer = setTimeout(watchEngines, WATCH_RETRY_MS)
      },
    })
  }

  /** Shows this engine here, and makes it the one main remembers for the next run. */
  function selectEngine(id: string): void {
    wantedId.value = id
    localStorage.setItem(CURRENT_KEY, id)
    api.engines.setCurrent(id).catch(() => undefined)
  }

  /** Replaces one row with a fresher summary (the watch stream will also bring it). */
  function patch(summary: EngineSummary): EngineSummary {
    const known = engines.value.some((e) => e.id === summary.id)
    engines.value = known ? engines.value.map((e) => (e.id === summary.id ? summary : e)) : [...engines.value, summary]
    return summary
  }

  async function add(config: EngineConfig): Promise<EngineSummary> {
    return patch(await api.engines.add(config))
  }

  async function update(id: string, config: EngineConfig): Promise<EngineSummary> {
    return patch(await api.engines.update(id, config))
  }

  async function remove(id: string): Promise<void> {
    await api.engines.remove(id)
    engines.value = engines.value.filter((e) => e.id !== id)
    if (wantedId.value === id) {
      wantedId.value = null
      localStorage.removeItem(CURRENT_KEY)
    }
  }

  async function setEnabled(id: string, enabled: boolean): Promise<void> {
    patch(await api.engines.setEnabled(id, enabled))
  }

  function test(config: EngineConfig, passphrase?: string, password?: string): Promise<EngineTestResult> {
    // An undefined argument would travel as null: only the password's place accepts null before it.
    if (password !== undefined) return api.engines.test(config, passphrase ?? null, password)
    return passphrase === undefined ? api.engines.test(config) : api.engines.test(config, passphrase)
  }

  function trustHostKey(host: string, port: number, fingerprint: string): Promise<void> {
    return api.engines.trustHostKey(host, port, fingerprint)
  }

  async function unlock(id: string, secret: string, remember: boolean, kind?: 'passphrase' | 'password'): Promise<void> {
    patch(await (kind ? api.engines.unlock(id, secret, remember, kind) : api.engines.unlock(id, secret, remember)))
  }

  /** Asks main to try now instead of at the next backoff step; the new state also arrives by watch. */
  async function reconnect(id: string): Promise<void> {
    const summary = await api.engines.reconnect(id)
    engines.value = engines.value.map((e) => (e.id === summary.id ? summary : e))
  }

  function stop(): void {
    clearTimeout(retryTimer)
    subscription?.cancel()
    subscription = undefined
  }

  watchEngines()
  onScopeDispose(stop)

  return { engines, loaded, watchError, current, currentEngineId, selectEngine, reconnect, add, update, remove, setEnabled, test, trustHostKey, unlock }
})
