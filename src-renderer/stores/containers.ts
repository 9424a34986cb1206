import { defineStore } from 'pinia'
import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { Subscription } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { ActionOptions, BulkOutcome, ContainerAction, ContainerSummary } from '../../src-shared/models/container'
import type { EngineEvent } from '../../src-shared/models/engine'
import { useApi } from '../api'
import { useEnginesStore } from './engines'

/** Events are gathered this long before one refetch: a `docker compose up` is dozens of events. */
export const EVENT_DEBOUNCE_MS = 100
/** More changed containers than this in one batch: refetch the whole list instead of patching. */
const PATCH_LIMIT = 100
const RETRY_MS = 2000

/** Exec and attach events change nothing the list shows. */
const IGNORED_ACTIONS = /^(exec_|attach|resize|top|archive-path|extract-to-dir|export|copy|commit)/

/**
 * The current engine's containers, kept live by its event stream (never by polling): each
 * container event marks its row stale; after a short debounce the stale rows are fetched and
 * patched in, or the whole list when many changed or the stream was reconnected.
 */
export const useContainersStore = defineStore('containers', () => {
  const api = useApi()
  const engines = useEnginesStore()

  const containers = shallowRef<ContainerSummary[]>([])
  const loaded = ref(false)
  const error = shallowRef<AppError>()
  /** Actions running now, by container id: the rows show progress while they run. */
  const pending = ref<Record<string, ContainerAction>>({})
  /** When the list last changed because of an event (for the latency benchmark and tests). */
  const lastPatchedAt = ref(0)

  let engineId: string | undefined
  let events: Subscription | undefined
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let stale = new Set<string>()
  let wholeListStale = false
  let generation = 0

  async function refetch(): Promise<void> {
    const id = engineId
    if (!id) return
    const mine = ++generation
    try {
      const list = await api.containers.list(id)
      if (mine !== generation || id !== engineId) return
      containers.value = list
      loaded.value = true
      error.value = undefined
    } catch (e) {
      if (mine === generation) error.value = e instanceof AppError ? e : new AppError('INTERNAL', String(e))
    }
  }

  async function flush(): Promise<void> {
    flushTimer = undefined
    const id = engineId
    if (!id) return
    const ids = [...stale]
    const whole = wholeListStale || ids.length > PATCH_LIMIT
    stale = new Set()
    wholeListStale = false
    if (whole) return refetch()
    try {
      const fresh = await api.containers.list(id, { ids })
      if (id !== engineId) return
      const byId = new Map(fresh.map((c) => [c.id, c]))
      const next = containers.value.filter((c) => !ids.includes(c.id) || byId.has(c.id)).map((c) => byId.get(c.id) ?? c)
      for (const c of fresh) if (!containers.value.some((old) => old.id === c.id)) next.push(c)
      containers.value = next
      lastPatchedAt.value = Date.now()
    } catch {
      // The next event or reconnect refetches everything.
      wholeListStale = true
    }
  }

  function onEvent(event: EngineEvent): void {
    if (event.type !== 'container' || IGNORED_ACTIONS.test(event.action)) return
    if (event.action === 'destroy') {
      // Nothing to fetch: the row goes now.
      containers.value = containers.value.filter((c) => c.id !== event.id)
      lastPatchedAt.value = Date.now()
      stale.delete(event.id)
      return
    }
    stale.add(event.id)
    // Trailing, not resetting: a storm of events still shows within EVENT_DEBOUNCE_MS of its start.
    flushTimer ??= setTimeout(() => void flush(), EVENT_DEBOUNCE_MS)
  }

  function follow(id: string | undefined): void {
    events?.cancel()
    events = undefined
    clearTimeout(retryTimer)
    clearTimeout(flushTimer)
    flushTimer = undefined
    stale = new Set()
    if (engineId !== id) {
      containers.value = []
      loaded.value = false
    }
    engineId = id
    if (!id) return
    events = api.engines.events(id, {
      onChunk: onEvent,
      onEnd(e) {
        events = undefined
        if (!e) return
        retryTimer = setTimeout(() => follow(engineId), RETRY_MS)
      },
    })
    void refetch()
  }

  watch(() => engines.currentEngineId, (id) => follow(id), { immediate: true })
  // Events missed while the engine was away: refetch once it is back.
  watch(
    () => engines.current?.state.status,
    (status, before) => {
      if (status === 'connected' && before && before !== 'connected') follow(engineId)
    },
  )

  function requireEngine(): string {
    if (!engineId) throw new AppError('ENGINE_UNREACHABLE', 'No engine is selected: pick one on the Engines page.')
    return engineId
  }

  /** One action on one container; the row shows it as pending until the engine answers. */
  async function act(action: ContainerAction, id: string, options: ActionOptions = {}): Promise<void> {
    const engine = requireEngine()
    pending.value = { ...pending.value, [id]: action }
    try {
      const c = api.containers
      // Options always travel as an object: an absent argument would arrive as null, which the schema refuses.
      const grace = options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }
      switch (action) {
        case 'start': await c.start(engine, id); break
        case 'stop': await c.stop(engine, id, grace); break
        case 'restart': await c.restart(engine, id, grace); break
        case 'pause': await c.pause(engine, id); break
        case 'unpause': await c.unpause(engine, id); break
        case 'kill': await c.kill(engine, id, options.signal ? { signal: options.signal } : {}); break
        case 'remove': await c.remove(engine, id, { force: !!options.force, removeAnonymousVolumes: !!options.removeAnonymousVolumes }); break
      }
    } finally {
      const { [id]: _, ...rest } = pending.value
      pending.value = rest
    }
  }

  async function bulk(action: ContainerAction, ids: string[], options: ActionOptions = {}): Promise<BulkOutcome[]> {
    const engine = requireEngine()
    pending.value = { ...pending.value, ...Object.fromEntries(ids.map((id) => [id, action])) }
    try {
      return await api.containers.bulk(engine, action, ids, options)
    } finally {
      pending.value = Object.fromEntries(Object.entries(pending.value).filter(([id]) => !ids.includes(id)))
    }
  }

  async function project(name: string, action: 'start' | 'stop' | 'restart' | 'remove', options: ActionOptions = {}): Promise<BulkOutcome[]> {
    const ids = containers.value.filter((c) => c.composeProject === name).map((c) => c.id)
    pending.value = { ...pending.value, ...Object.fromEntries(ids.map((id) => [id, action])) }
    try {
      return await api.containers.project(requireEngine(), name, action, options)
    } finally {
      pending.value = Object.fromEntries(Object.entries(pending.value).filter(([id]) => !ids.includes(id)))
    }
  }

  onScopeDispose(() => {
    events?.cancel()
    clearTimeout(retryTimer)
    clearTimeout(flushTimer)
  })

  return { containers, loaded, error, pending, lastPatchedAt, refetch, act, bulk, project, engineId: () => engineId }
})
