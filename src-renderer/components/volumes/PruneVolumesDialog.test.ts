// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VolumePrunePreview } from '../../../src-shared/models/volumes'
import { createFakeApi, engine } from '../../testing/fake-api'
import { mountWithApp } from '../../testing/mount'

function fakeWithVolumes() {
  const fake = createFakeApi()
  const volumes = {
    list: vi.fn(async () => []),
    bindMounts: vi.fn(async () => []),
    prunePreview: vi.fn(
      async (_engine: string, options: { includeNamed: boolean }): Promise<VolumePrunePreview> => ({
        items: [
          { name: 'a'.repeat(64), sizeBytes: 100, anonymous: true },
          ...(options.includeNamed ? [{ name: 'pgdata', sizeBytes: 5000, anonymous: false }] : []),
        ],
        totalBytes: options.includeNamed ? 5100 : 100,
      }),
    ),
    prune: vi.fn(async (_engine: string, names: string[]) => ({ removed: names, reclaimedBytes: 0 })),
  }
  return Object.assign(fake, { api: Object.assign(fake.api, { volumes }) })
}

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof fakeWithVolumes> | undefined }))
vi.mock('../../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '')
}

const { default: PruneVolumesDialog } = await import('./PruneVolumesDialog.vue')

describe('PruneVolumesDialog', () => {
  beforeEach(() => {
    localStorage.clear()
    fake.current = fakeWithVolumes()
  })

  it('lists only anonymous volumes until named ones are ticked, and prunes exactly the list shown', async () => {
    const { wrapper } = mountWithApp(PruneVolumesDialog)
    fake.current!.watcher.onChunk([engine('local')])
    await flushPromises()
    expect(fake.current!.api.volumes.prunePreview).toHaveBeenLastCalledWith('local', { includeNamed: false })
    expect(wrapper.text()).not.toContain('pgdata')

    await wrapper.get('input[type="checkbox"]').setValue(true)
    await flushPromises()
    expect(wrapper.text()).toContain('pgdata')
    expect(wrapper.text()).toContain('Named volumes often hold data')

    await wrapper.findAll('button').find((b) => b.text() === 'Remove (2)')!.trigger('click')
    await flushPromises()
    expect(fake.current!.api.volumes.prune).toHaveBeenCalledWith('local', ['a'.repeat(64), 'pgdata'])
  })
})
