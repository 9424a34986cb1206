// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../src-shared/errors'
import { createFakeApi, engine } from '../testing/fake-api'

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeApi> | undefined }))
vi.mock('../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))

const { useEnginesStore, WATCH_RETRY_MS } = await import('./engines')

describe('useEnginesStore', () => {
  beforeEach(() => {
    localStorage.clear()
    fake.current = createFakeApi()
    setActivePinia(createPinia())
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps the list from the watch stream and defaults to the first engine', () => {
    const store = useEnginesStore()
    expect(store.loaded).toBe(false)
    fake.current!.watcher.onChunk([engine('a'), engine('b')])
    expect(store.loaded).toBe(true)
    expect(store.engines.map((e) => e.id)).toEqual(['a', 'b'])
    expect(store.currentEngineId).toBe('a')
  })

  it('remembers the chosen engine across windows', () => {
    useEnginesStore().selectEngine('b')
    setActivePinia(createPinia())
    const again = useEnginesStore()
    fake.current!.watcher.onChunk([engine('a'), engine('b')])
    expect(again.currentEngineId).toBe('b')
  })

  it('falls back to the first engine when the remembered one is gone', () => {
    localStorage.setItem('berth.currentEngine', 'gone')
    const store = useEnginesStore()
    fake.current!.watcher.onChunk([engine('a')])
    expect(store.currentEngineId).toBe('a')
  })

  it('watches again after the stream died, and not after a clean end', () => {
    const store = useEnginesStore()
    expect(fake.current!.watchCount()).toBe(1)
    fake.current!.watcher.onEnd?.(new AppError('ENGINE_UNREACHABLE', 'lost'))
    expect(store.watchError?.code).toBe('ENGINE_UNREACHABLE')
    vi.advanceTimersByTime(WATCH_RETRY_MS)
    expect(fake.current!.watchCount()).toBe(2)
    fake.current!.watcher.onChunk([engine('a')])
    expect(store.watchError).toBeUndefined()

    fake.current!.watcher.onEnd?.()
    vi.advanceTimersByTime(WATCH_RETRY_MS * 5)
    expect(fake.current!.watchCount()).toBe(2)
  })

  it('patches the engine that reconnected', async () => {
    const store = useEnginesStore()
    fake.current!.watcher.onChunk([engine('a', { state: { status: 'disconnected', reason: 'down' } })])
    await store.reconnect('a')
    expect(fake.current!.api.engines.reconnect).toHaveBeenCalledWith('a')
    expect(store.current?.state.status).toBe('connected')
  })

  it('cancels the stream and the retry when disposed', () => {
    const store = useEnginesStore()
    fake.current!.watcher.onEnd?.(new AppError('ENGINE_UNREACHABLE', 'lost'))
    store.$dispose()
    vi.advanceTimersByTime(WATCH_RETRY_MS * 2)
    expect(fake.current!.watchCount()).toBe(1)

    const other = useEnginesStore()
    other.$dispose()
    expect(fake.current!.cancels).toHaveBeenCalled()
  })
})
