import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImagePrunePreview, ImagePruneResult } from '../../src-shared/models/image'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import { SpareEngine } from '../testing/spare-engine'
import { eventually, requireTestEngine, TEST_DOCKER_HOST } from '../testing/test-engine'

const run = promisify(execFile)
const client = { emit: () => undefined }

describe('image prune removes exactly what its preview listed (private spare engine)', () => {
  const spare = new SpareEngine()
  let core: Core
  const onSpare = (...args: string[]) => run('docker', args, { env: { ...process.env, DOCKER_HOST: spare.dockerHost }, maxBuffer: 64 << 20 }).then((r) => r.stdout)
  const call = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const result = await core.router.invoke(client, channel, args)
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
    return result.value as T
  }

  beforeAll(async () => {
    requireTestEngine()
    await spare.start()
    await run('sh', ['-c', 'docker save berth-fixture/base berth-fixture/app-a berth-fixture/app-b | DOCKER_HOST="$1" docker load', 'sh', spare.dockerHost], { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST } })
    // A dangling image: app-b's tag moved away from it (to app-a's image).
    await onSpare('tag', 'berth-fixture/app-a', 'berth-fixture/app-b:latest')
    // base is used by a container, so no prune may touch it.
    await onSpare('create', '--network', 'none', '--name', 'berth-images-prune-user', 'berth-fixture/base', 'true')
    core = createCore({ env: { DOCKER_HOST: spare.dockerHost }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 15_000, 'engine')
  }, 180_000)

  afterAll(async () => {
    await core?.dispose()
    await spare.dispose()
  }, 60_000)

  const ids = async () => new Set((await onSpare('images', '-q', '--no-trunc')).trim().split('\n').filter(Boolean))

  it('dangling: previews app-b\'s old image with the bytes only it holds, then removes exactly it', async () => {
    const preview = await call<ImagePrunePreview>('images:prunePreview', 'local', 'dangling')
    expect(preview.images).toHaveLength(1)
    expect(preview.images[0]?.repoTags).toEqual([])
    // Its own layer: the 512 KiB blob (plus the mkdir), which no other image holds.
    const df = JSON.parse((await onSpare('system', 'df', '-v', '--format', '{{json .Images}}')).trim()) as { ID: string; UniqueSize: string }[]
    expect(df.find((r) => r.ID === preview.images[0]?.id)?.UniqueSize).toBe('524.3kB')
    expect(preview.spaceReclaimed).toBe(512 * 1024)
    expect(preview.images[0]?.size).toBe(512 * 1024)
    const before = await ids()
    const result = await call<ImagePruneResult>('images:prune', 'local', 'dangling', preview.images.map((i) => i.id))
    expect(result.removed).toEqual(preview.images)
    const after = await ids()
    expect([...before].filter((id) => !after.has(id))).toEqual(preview.images.map((i) => i.id))
  })

  it('unused: refuses when the set changed since the preview, then removes exactly the new list', async () => {
    const preview = await call<ImagePrunePreview>('images:prunePreview', 'local', 'unused')
    expect(preview.images.map((i) => i.repoTags)).toEqual([['berth-fixture/app-a:latest', 'berth-fixture/app-b:latest']])
    // A container now uses app-a: the previewed list is stale.
    await onSpare('create', '--network', 'none', '--name', 'berth-images-prune-late', 'berth-fixture/app-a', 'true')
    await expect(call('images:prune', 'local', 'unused', preview.images.map((i) => i.id))).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await ids()).has(preview.images[0]?.id as string)).toBe(true)
    await onSpare('rm', 'berth-images-prune-late')
    const again = await call<ImagePrunePreview>('images:prunePreview', 'local', 'unused')
    const result = await call<ImagePruneResult>('images:prune', 'local', 'unused', again.images.map((i) => i.id))
    expect(result.removed.map((i) => i.id)).toEqual(again.images.map((i) => i.id))
    const left = await ids()
    expect(left.has(again.images[0]?.id as string)).toBe(false)
    // base stays: a container uses it.
    expect(left.size).toBe(1)
  })
})
