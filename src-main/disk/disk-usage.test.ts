import { describe, expect, it } from 'vitest'
import { summarizeDiskUsage } from './disk-usage'

describe('summarizeDiskUsage', () => {
  it('sums like `docker system df`', () => {
    const usage = summarizeDiskUsage({
      LayersSize: 1000,
      Images: [
        { Id: 'sha256:aaa', RepoTags: ['app:1'], Size: 600, SharedSize: 100, Containers: 1 },
        { Id: 'sha256:bbbbbbbbbbbbbbbb', RepoTags: ['<none>:<none>'], Size: 300, SharedSize: 100, Containers: 0 },
      ],
      Containers: [
        { Id: 'c1', Names: ['/web'], SizeRw: 10, State: 'running' },
        { Id: 'c2', Names: ['/old'], SizeRw: 20, State: 'exited' },
        { Id: 'c3', Names: ['/berth-helper-x'], SizeRw: 5, State: 'created', Labels: { 'dev.berth.helper': '1' } },
      ],
      Volumes: [
        { Name: 'used', UsageData: { Size: 50, RefCount: 1 } },
        { Name: 'idle', UsageData: { Size: 70, RefCount: 0 } },
        { Name: 'remote', UsageData: { Size: -1, RefCount: 0 } },
      ],
      BuildCache: [
        { ID: 'b1', Type: 'regular', Description: 'RUN make', InUse: false, Shared: false, Size: 40 },
        { ID: 'b2', InUse: true, Shared: false, Size: 5 },
        { ID: 'b3', InUse: false, Shared: true, Size: 7 },
      ],
    })
    expect(usage.rows).toEqual([
      { kind: 'images', count: 2, active: 1, totalBytes: 1000, reclaimableBytes: 500 },
      { kind: 'containers', count: 2, active: 1, totalBytes: 30, reclaimableBytes: 20 },
      { kind: 'volumes', count: 3, active: 1, totalBytes: 120, reclaimableBytes: 70 },
      { kind: 'buildCache', count: 3, active: 1, totalBytes: 45, reclaimableBytes: 40 },
    ])
    expect(usage.items.find((i) => i.id === 'sha256:bbbbbbbbbbbbbbbb')).toMatchObject({ name: 'bbbbbbbbbbbb', sizeBytes: 200, inUse: false })
    expect(usage.items.find((i) => i.id === 'b1')).toMatchObject({ name: 'RUN make', sizeBytes: 40 })
    expect(usage.items.some((i) => i.name.startsWith('berth-helper'))).toBe(false)
  })
})
