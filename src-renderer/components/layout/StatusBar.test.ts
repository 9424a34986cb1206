// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { AppError } from '../../../src-shared/errors'
import { createFakeApi, engine } from '../../testing/fake-api'
import { mountWithApp } from '../../testing/mount'

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeApi> | undefined }))
vi.mock('../../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))

const { default: StatusBar } = await import('./StatusBar.vue')

describe('StatusBar', () => {
  beforeEach(() => {
    localStorage.clear()
    fake.current = createFakeApi()
  })
  afterEach(() => vi.useRealTimers())

  it('is a status region named for the engine', () => {
    const { wrapper } = mountWithApp(StatusBar)
    const bar = wrapper.get('[role="status"]')
    expect(bar.attributes('aria-label')).toBe('Engine status')
    expect(bar.text()).toContain('Looking for engines')
  })

  it('shows a connected engine with its version and platform', async () => {
    const { wrapper } = mountWithApp(StatusBar)
    fake.current!.watcher.onChunk([engine('local', { name: 'Local Docker' })])
    await nextTick()
    const text = wrapper.text()
    expect(text).toContain('Local Docker')
    expect(text).toContain('Connected')
    expect(text).toContain('Docker 20.10.24')
    expect(text).toContain('linux/amd64')
    expect(wrapper.find('.tone-ok').exists()).toBe(true)
  })

  it('shows connecting in amber', async () => {
    const { wrapper } = mountWithApp(StatusBar)
    fake.current!.watcher.onChunk([engine('a', { state: { status: 'connecting', attempt: 1 } })])
    await nextTick()
    expect(wrapper.text()).toContain('Connecting…')
    expect(wrapper.find('.tone-warn').exists()).toBe(true)
  })

  it('shows why an engine is disconnected and when it retries', async () => {
    vi.useFakeTimers({ now: Date.parse('2024-01-01T00:00:00Z') })
    const { wrapper } = mountWithApp(StatusBar)
    fake.current!.watcher.onChunk([
      engine('a', {
        state: { status: 'disconnected', reason: 'Cannot reach unix:///x.sock', retryAt: '2024-01-01T00:00:03Z' },
      }),
    ])
    await nextTick()
    expect(wrapper.text()).toContain('Disconnected')
    expect(wrapper.text()).toContain('Cannot reach unix:///x.sock')
    expect(wrapper.text()).toContain('retrying in 3s')
    expect(wrapper.find('.tone-error').exists()).toBe(true)
  })

  it('says so when the connection to Berth itself is lost', async () => {
    const { wrapper } = mountWithApp(StatusBar)
    fake.current!.watcher.onEnd?.(new AppError('ENGINE_UNREACHABLE', 'lost'))
    await nextTick()
    expect(wrapper.text()).toContain('Lost the connection to Berth')
  })

  it('speaks Korean', async () => {
    const { wrapper } = mountWithApp(StatusBar, { locale: 'ko' })
    fake.current!.watcher.onChunk([engine('a')])
    await nextTick()
    expect(wrapper.get('[role="status"]').attributes('aria-label')).toBe('엔진 상태')
    expect(wrapper.text()).toContain('연결됨')
  })

  it('shows the built-in VM starting, with its progress, beside the engine', async () => {
    const { wrapper } = mountWithApp(StatusBar)
    fake.current!.watcher.onChunk([engine('local', { name: 'Local Docker' })])
    const vm = { accelerator: 'tcg', settings: { cpus: 2, memoryMiB: 2048, diskGiB: 32 }, firstRun: false, hostPlatform: 'darwin' } as const
    fake.current!.vmStatus({ ...vm, state: { status: 'starting', phase: 'booting', since: '', progress: { current: 0, max: 2, description: 'booting' } } })
    await nextTick()
    expect(wrapper.text()).toMatch(/Built-in VM\s+Starting… booting/)
    expect(wrapper.get('progress[aria-label="VM start progress"]').attributes('max')).toBe('2')
    fake.current!.vmStatus({ ...vm, state: { status: 'starting', phase: 'engineStarting', since: '', progress: { current: 1, max: 2, description: '' } } })
    await nextTick()
    expect(wrapper.text()).toContain('Starting… engine starting')
    fake.current!.vmStatus({ ...vm, state: { status: 'running', since: '' } })
    await nextTick()
    expect(wrapper.text()).not.toContain('Built-in VM')
    fake.current!.vmStatus({ ...vm, state: { status: 'crashed', reason: 'QEMU exited (signal SIGKILL)' } })
    await nextTick()
    expect(wrapper.text()).toMatch(/Built-in VM\s+Stopped unexpectedly/)
  })
})
