import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DiskKind } from '../../src-shared/models/disk'
import { SpareEngine } from '../testing/spare-engine'
import { HELPER_IMAGE } from '../volumes/helper-image'
import { rejection, volumesHarness } from '../volumes/volumes-testing'

const run = promisify(execFile)
type Harness = Awaited<ReturnType<typeof volumesHarness>>

/** go-units' HumanSizeWithPrecision: how the docker CLI prints sizes. */
function humanSize(bytes: number, precision = 4): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
  let size = bytes
  let i = 0
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000
    i++
  }
  return `${Number(size.toPrecision(precision))}${units[i]}`
}

// Everything that prunes runs on a private engine: on the shared one it would touch other suites' things.
describe('prunes remove exactly what their preview listed (spare engine)', () => {
  const spare = new SpareEngine()
  let h: Harness

  const volumeNames = async () => (await h.cli('volume', 'ls', '-q')).split('\n').filter(Boolean).sort()
  const networkNames = async () => (await h.cli('network', 'ls', '--format', '{{.Name}}')).split('\n').filter(Boolean).sort()

  beforeAll(async () => {
    await spare.start()
    await run('bash', ['-c', `docker save berth-fixture/base | DOCKER_HOST=${spare.dockerHost} docker load`], {
      env: { ...process.env, DOCKER_HOST: 'unix:///tmp/berth-test-engine/docker.sock' },
    })
    h = await volumesHarness(spare.dockerHost)
  }, 120_000)
  afterAll(async () => {
    await h?.dispose()
    await spare.dispose()
  })

  it('loads the helper image when the engine lacks it', async () => {
    await h.cli('image', 'rm', HELPER_IMAGE).catch(() => undefined)
    await expect(h.cli('image', 'inspect', HELPER_IMAGE)).rejects.toThrow()
    await h.helper.ensure(h.engine)
    expect(JSON.parse(await h.cli('image', 'inspect', HELPER_IMAGE))[0].RepoTags).toContain(HELPER_IMAGE)
    // And a browse on an engine without it works, loading it first.
    await h.cli('image', 'rm', HELPER_IMAGE)
    const v = h.name('volumes', 'fresh')
    await h.cli('volume', 'create', v)
    expect((await h.volumes.browse(h.engineId, v)).entries).toEqual([])
  })

  it('volume prune: anonymous only unless named ones are chosen, never one a stopped container uses', async () => {
    const named = h.name('volumes', 'named')
    const used = h.name('volumes', 'used')
    await h.cli('volume', 'create', named)
    await h.cli('volume', 'create', used)
    await h.cli('create', '--name', h.name('containers', 'holder'), '--network', 'none', '-v', `${used}:/d`, 'berth-fixture/base')
    // An anonymous volume left behind by a container removed without -v.
    const gone = (await h.cli('create', '--network', 'none', '-v', '/data', 'berth-fixture/base')).trim()
    const anon = JSON.parse(await h.cli('inspect', gone))[0].Mounts[0].Name as string
    await h.cli('rm', gone)

    const preview = await h.volumes.prunePreview(h.engineId, { includeNamed: false })
    expect(preview.items.map((i) => i.name)).toEqual([anon])
    const withNamed = await h.volumes.prunePreview(h.engineId, { includeNamed: true })
    expect(withNamed.items.map((i) => i.name)).toEqual(expect.arrayContaining([anon, named]))
    expect(withNamed.items.map((i) => i.name)).not.toContain(used)

    // A stale preview (it names a volume now in use) removes nothing.
    const before = await volumeNames()
    const stale = await rejection(h.volumes.prune(h.engineId, [anon, used]))
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toContain(used)
    expect(await volumeNames()).toEqual(before)

    const result = await h.volumes.prune(h.engineId, preview.items.map((i) => i.name))
    expect(result.removed).toEqual([anon])
    expect(await volumeNames()).toEqual(before.filter((n) => n !== anon))
  })

  it('network prune: exactly the unused networks it listed', async () => {
    const idle = h.name('networks', 'idle')
    const busy = h.name('networks', 'busy')
    await h.networks.create(h.engineId, { name: idle, driver: 'bridge', internal: true })
    await h.networks.create(h.engineId, { name: busy, driver: 'bridge', internal: true })
    await h.cli('create', '--name', h.name('containers', 'on-busy'), '--network', busy, 'berth-fixture/base')
    const preview = await h.networks.prunePreview(h.engineId)
    expect(preview.items.map((n) => n.name)).toEqual([idle])
    const before = await networkNames()
    const stale = await rejection(h.networks.prune(h.engineId, [...preview.items.map((n) => n.id), 'no-such-network-id']))
    expect(stale.code).toBe('CONFLICT')
    expect(await networkNames()).toEqual(before)
    expect((await h.networks.prune(h.engineId, preview.items.map((n) => n.id))).removed).toEqual([idle])
    expect(await networkNames()).toEqual(before.filter((n) => n !== idle))
  })

  it('disk usage equals `docker system df -v`', async () => {
    const filled = h.name('volumes', 'filled')
    await h.runBase(['-v', `${filled}:/d`], 'dd if=/dev/zero of=/d/blob bs=1000 count=1234 2>/dev/null')
    const usage = await h.disk.usage(h.engineId)
    const summary = (await h.cli('system', 'df', '--format', '{{json .}}')).trim().split('\n').map((l) => JSON.parse(l))
    const types: Record<string, DiskKind> = { Images: 'images', Containers: 'containers', 'Local Volumes': 'volumes', 'Build Cache': 'buildCache' }
    for (const line of summary) {
      const row = usage.rows.find((r) => r.kind === types[line.Type])
      expect(row, line.Type).toBeDefined()
      expect(String(row?.count)).toBe(line.TotalCount)
      expect(String(row?.active)).toBe(line.Active)
      expect(humanSize(row?.totalBytes ?? -1)).toBe(line.Size)
      expect(humanSize(row?.reclaimableBytes ?? -1)).toBe(line.Reclaimable.split(' ')[0])
    }
    const verbose = JSON.parse(await h.cli('system', 'df', '-v', '--format', '{{json .}}'))
    for (const v of verbose.Volumes) {
      const item = usage.items.find((i) => i.kind === 'volumes' && i.id === v.Name)
      expect(humanSize(item?.sizeBytes ?? -1), v.Name).toBe(v.Size)
      expect(item?.inUse).toBe(Number(v.Links) > 0)
    }
    for (const image of verbose.Images) {
      const item = usage.items.find((i) => i.kind === 'images' && i.id === image.ID)
      expect(humanSize(item?.sizeBytes ?? -1), image.ID).toBe(image.UniqueSize)
      expect(item?.inUse).toBe(Number(image.Containers) > 0)
    }
    expect(usage.items.filter((i) => i.kind === 'containers').length).toBe(verbose.Containers.length)
  })

  it('a full prune never lists a volume unless volumes are chosen, and removes exactly its list', async () => {
    // Something of each kind to prune: a stopped container (holding a named volume), a dangling image.
    const kept = h.name('volumes', 'kept-by-container')
    const stopped = h.name('containers', 'stopped')
    await h.cli('create', '--name', stopped, '--network', 'none', '-v', `${kept}:/d`, 'berth-fixture/base')
    for (const label of ['1', '2']) {
      await run('bash', ['-c', `printf 'FROM berth-fixture/base\\nLABEL berth.test.build=${label}\\n' | DOCKER_BUILDKIT=0 docker build --network none -q -t berth-volumes/dangling:1 -`], {
        env: { ...process.env, DOCKER_HOST: spare.dockerHost },
      })
    }
    const volumesBefore = await volumeNames()
    const allKinds: DiskKind[] = ['containers', 'images', 'buildCache']
    const preview = await h.disk.prunePreview(h.engineId, { kinds: allKinds, allImages: false })
    expect(preview.items.some((i) => i.kind === 'volumes')).toBe(false)
    expect(preview.items.filter((i) => i.kind === 'containers').map((i) => i.name)).toContain(stopped)
    expect(preview.items.filter((i) => i.kind === 'images')).toHaveLength(1)

    const containersBefore = (await h.cli('ps', '-a', '-q', '--no-trunc')).split('\n').filter(Boolean)
    const imagesBefore = (await h.cli('images', '-a', '-q', '--no-trunc')).split('\n').filter(Boolean)
    const result = await h.disk.prune(h.engineId, preview.items.map(({ kind, id }) => ({ kind, id })))
    expect(result.removed).toEqual(preview.items)
    const containersAfter = (await h.cli('ps', '-a', '-q', '--no-trunc')).split('\n').filter(Boolean)
    const imagesAfter = (await h.cli('images', '-a', '-q', '--no-trunc')).split('\n').filter(Boolean)
    const listed = (kind: DiskKind) => preview.items.filter((i) => i.kind === kind).map((i) => i.id)
    expect(containersAfter.sort()).toEqual(containersBefore.filter((id) => !listed('containers').includes(id)).sort())
    expect(imagesAfter.sort()).toEqual(imagesBefore.filter((id) => !listed('images').includes(id)).sort())
    // No named volume went with its container.
    expect(await volumeNames()).toEqual(volumesBefore)

    // Volumes only when chosen; then exactly the listed ones go.
    const withVolumes = await h.disk.prunePreview(h.engineId, { kinds: ['volumes'], allImages: false })
    expect(withVolumes.items.map((i) => i.id)).toContain(kept)
    const stale = await rejection(h.disk.prune(h.engineId, [{ kind: 'volumes', id: 'berth-volumes-never-existed' }]))
    expect(stale.code).toBe('CONFLICT')
    await h.disk.prune(h.engineId, withVolumes.items.map(({ kind, id }) => ({ kind, id })))
    expect(await volumeNames()).toEqual(volumesBefore.filter((n) => !withVolumes.items.some((i) => i.id === n)))
  })
})
