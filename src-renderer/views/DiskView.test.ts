// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DiskPrunePreview, DiskUsage } from '../../src-shared/models/disk'
import { createFakeApi, engine } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'

const usage: DiskUsage = {
  rows: [
    { kind: 'images', count: 2, active: 1, totalBytes: 3_000_000, reclaimableBytes: 1_000_000 },
    { kind: 'containers', count: 1, active: 0, totalBytes: 10, reclaimableBytes: 10 },
    { kind: 'volumes', count: 1, active: 0, totalBytes: 500, reclaimableBytes: 500 },
    { kind: 'buildCache', count: 0, active: 0, totalBytes: 0, reclaimableBytes: 0 },
  ],
  items: [],
}
const preview: DiskPrunePreview = {
  kinds: ['containers', 'images', 'buildCache'],
  items: [
    { kind: 'containers', id: 'c1', name: 'old-web', sizeBytes: 10 },
    { kind: 'images', id: 'sha256:aa', name: 'aaaaaaaaaaaa', sizeBytes: 1_000_000 },
  ],
  totalBytes: 1_000_010,
}

function fakeWithDisk() {
  const fake = createFakeApi()
  const disk = {
    usage: vi.fn(async () => usage),
    prunePreview: vi.fn(async () => preview),
    prune: vi.fn(async () => ({ removed: preview.items, reclaimedBytes: preview.totalBytes })),
  }
  // Added in place: spreading would read the fake's `watcher` getter too early.
  return Object.assign(fake, { api: Object.assign(fake.api, { disk }) })
}

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof fakeWithDisk> | undefined }))
vi.mock('../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))
// happy-dom has no modal dialogs; opening one only needs to not throw.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '')
}

const { default: DiskView } = await import('./DiskView.vue')

describe('DiskView', () => {
  beforeEach(() => {
    localStorage.clear()
    fake.current = fakeWithDisk()
  })

  it('previews a full clean-up without volumes unless ticked, then removes exactly the listed items', async () => {
    const { wrapper } = mountWithApp(DiskView)
    fake.current!.watcher.onChunk([engine('local')])
    await flushPromises()
    expect(fake.current!.api.disk.usage).toHaveBeenCalledWith('local')
    expect(wrapper.text()).toContain('3 MB')

    const volumesBox = wrapper.findAll('input[type="checkbox"]').find((i) => i.element.parentElement?.textContent?.trim() === 'Volumes')
    expect((volumesBox?.element as HTMLInputElement).checked).toBe(false)

    await wrapper.findAll('button').find((b) => b.text() === 'Show the list')!.trigger('click')
    await flushPromises()
    expect(fake.current!.api.disk.prunePreview).toHaveBeenCalledWith('local', { kinds: ['containers', 'images', 'buildCache'], allImages: false })
    expect(wrapper.text()).toContain('Volumes are not included')
    expect(wrapper.text()).toContain('old-web')

    await wrapper.findAll('button').find((b) => b.text() === 'Remove (2)')!.trigger('click')
    await flushPromises()
    expect(fake.current!.api.disk.prune).toHaveBeenCalledWith('local', [
      { kind: 'containers', id: 'c1' },
      { kind: 'images', id: 'sha256:aa' },
    ])
  })

  it('includes volumes only once the person ticks them', async () => {
    const { wrapper } = mountWithApp(DiskView)
    fake.current!.watcher.onChunk([engine('local')])
    await flushPromises()
    const volumesBox = wrapper.findAll('input[type="checkbox"]').find((i) => i.element.parentElement?.textContent?.trim() === 'Volumes')!
    await volumesBox.setValue(true)
    expect(wrapper.text()).toContain('Volumes hold data that may exist nowhere else')
    await wrapper.findAll('button').find((b) => b.text() === 'Show the list')!.trigger('click')
    await flushPromises()
    expect(fake.current!.api.disk.prunePreview).toHaveBeenCalledWith('local', { kinds: ['containers', 'images', 'buildCache', 'volumes'], allImages: false })
  })

  it("shows why instead of zeros when the engine's disk figures are unusable (Podman)", async () => {
    const { AppError } = await import('../../src-shared/errors')
    const { wrapper } = mountWithApp(DiskView)
    fake.current!.watcher.onChunk([engine('local')])
    await flushPromises()
    expect(wrapper.text()).toContain('3 MB')
    fake.current!.api.disk.usage.mockRejectedValueOnce(new AppError('UNSUPPORTED', "Podman's /system/df answers unusable figures"))
    await wrapper.findAll('button').find((b) => b.text() === 'Refresh')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('unusable figures')
    expect(wrapper.text()).not.toContain('3 MB')
    expect(wrapper.findAll('table')).toHaveLength(0)
  })
})
