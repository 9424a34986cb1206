import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockerCli, requireTestEngine } from '../../testing/test-engine'
import { containersHarness, rejection } from './containers-testing'

type Harness = Awaited<ReturnType<typeof containersHarness>>
const rootfsLayers = async (image: string) => JSON.parse(await dockerCli('image', 'inspect', '-f', '{{json .RootFS.Layers}}', image)) as string[]

describe('containers as layers: the stack, the changes, the size, and commit', () => {
  let h: Harness
  let id: string
  const committed: string[] = []
  beforeAll(async () => {
    h = await containersHarness(requireTestEngine())
    id = await h.cli('run', '--name', h.name('layers'), 'berth-fixture/app-a')
  })
  afterAll(async () => {
    if (committed.length) await dockerCli('rmi', '-f', ...committed).catch(() => undefined)
    await h.dispose()
  })

  it('draws the image\'s layers bottom first with the writable layer on top', async () => {
    const stack = await h.service.layers(h.engineId, id)
    const history = JSON.parse(`[${(await dockerCli('history', '--no-trunc', '--format', '{{json .}}', 'berth-fixture/app-a')).trim().split('\n').join(',')}]`) as { CreatedBy: string }[]
    expect(stack.layers).toHaveLength(history.length + 1)
    expect(stack.layers.at(-1)).toMatchObject({ kind: 'writable' })
    expect(stack.layers.slice(0, -1).every((l) => l.kind === 'image')).toBe(true)
    // Bottom first: the base's COPY of busybox is the first layer, app-a's CMD the last image step.
    expect(stack.layers[0]!.createdBy).toMatch(/COPY .*busybox/)
    expect(stack.layers[0]!.sizeBytes).toBeGreaterThan(500_000)
    expect(stack.layers.at(-2)!.createdBy).toMatch(/^CMD/)
    expect(stack.layers.at(-2)!.hasFilesystem).toBe(false)
    expect(stack.layers.find((l) => /RUN .*hello\.txt/.test(l.createdBy))?.hasFilesystem).toBe(true)
    expect(stack.imageId).toBe((await dockerCli('image', 'inspect', '-f', '{{.Id}}', 'berth-fixture/app-a')).trim())
  })

  it('lists /newfile as added after `docker exec … touch /newfile`, and the writable layer grows', async () => {
    const before = await h.service.size(h.engineId, id)
    expect((await h.service.changes(h.engineId, id)).some((c) => c.path === '/newfile')).toBe(false)
    await dockerCli('exec', id, 'sh', '-c', 'touch /newfile && head -c 65536 /dev/zero > /app/blob && rm /app/hello.txt')
    const changes = await h.service.changes(h.engineId, id)
    expect(changes).toContainEqual({ path: '/newfile', kind: 'added' })
    expect(changes).toContainEqual({ path: '/app', kind: 'modified' })
    expect(changes).toContainEqual({ path: '/app/blob', kind: 'added' })
    expect(changes).toContainEqual({ path: '/app/hello.txt', kind: 'deleted' })
    const after = await h.service.size(h.engineId, id)
    expect(after.sizeRw).toBeGreaterThanOrEqual(before.sizeRw + 65536)
    expect(after.sizeRootFs).toBeGreaterThan(after.sizeRw)
    expect((await h.service.layers(h.engineId, id)).layers.at(-1)!.sizeBytes).toBe(after.sizeRw)
  })

  it('commits the writable layer as a new image whose top layer is exactly that layer', async () => {
    const sizeRw = (await h.service.size(h.engineId, id)).sizeRw
    const repository = `berth-containers-commit-${process.pid}`
    const result = await h.service.commit(h.engineId, id, { repository, tag: 'v1', message: 'with newfile', author: 'Berth Test <t@example.com>' })
    committed.push(result.reference)
    expect(result.reference).toBe(`${repository}:v1`)
    const [base, made] = await Promise.all([rootfsLayers('berth-fixture/app-a'), rootfsLayers(result.reference)])
    expect(made.slice(0, -1)).toEqual(base)
    expect(made).toHaveLength(base.length + 1)
    const top = JSON.parse((await dockerCli('history', '--no-trunc', '--format', '{{json .}}', result.reference)).split('\n')[0]!) as { Comment: string }
    expect(top.Comment).toBe('with newfile')
    expect((await dockerCli('image', 'inspect', '-f', '{{.Author}} {{.Id}}', result.reference)).trim()).toBe(`Berth Test <t@example.com> ${result.imageId}`)
    // A container of the new image sees the changes, and starts with an empty writable layer.
    const child = await h.cli('create', result.reference)
    expect((await h.service.layers(h.engineId, child)).layers.at(-2)!.sizeBytes).toBe(sizeRw)
    const files = await dockerCli('run', '--rm', '--network', 'none', result.reference, 'sh', '-c', 'ls /newfile /app')
    expect(files).toContain('/newfile')
    expect(files).toContain('blob')
  })

  it('refuses a repository that is not a valid reference', async () => {
    const error = await rejection(h.service.commit(h.engineId, id, { repository: 'Berth/Bad' }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/lowercase/)
  })
})
