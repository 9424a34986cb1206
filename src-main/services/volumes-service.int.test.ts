import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import { requireTestEngine } from '../testing/test-engine'
import { collectingSink, rejection, TEST_LABEL, volumesHarness } from '../volumes/volumes-testing'
import { extract } from 'tar-stream'
import { Readable } from 'node:stream'

type Harness = Awaited<ReturnType<typeof volumesHarness>>

/** The names in a tar, in order. */
async function tarNames(bytes: Buffer): Promise<string[]> {
  const names: string[] = []
  const unpack = extract()
  await new Promise<void>((resolve, reject) => {
    unpack.on('entry', (header, body, next) => {
      names.push(header.name)
      body.on('end', next)
      body.resume()
    })
    unpack.on('finish', resolve)
    unpack.on('error', reject)
    Readable.from(bytes).pipe(unpack)
  })
  return names
}

describe('volumes on the test engine', () => {
  let h: Harness
  let dir: string
  let data: string

  beforeAll(async () => {
    h = await volumesHarness(requireTestEngine())
    dir = mkdtempSync(join(tmpdir(), 'berth-volumes-'))
    data = h.name('volumes', 'data')
    await h.volumes.create(h.engineId, { name: data, labels: { 'berth.test': 'volumes', 'com.docker.compose.project': 'shop' } })
    // A container writes a few files, one binary and one nested, into the volume.
    await h.runBase(['-v', `${data}:/d`], "mkdir -p /d/logs/deep && echo 'hello volume' > /d/hello.txt && dd if=/dev/urandom of=/d/logs/blob.bin bs=1024 count=64 2>/dev/null && printf 'x%.0s' $(seq 1 100) > /d/logs/deep/x.txt && ln -s hello.txt /d/link")
  })
  afterAll(async () => {
    await h.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists a volume as the CLI sees it, with labels, compose project and size', async () => {
    const volume = (await h.volumes.list(h.engineId)).find((v) => v.name === data)
    const cli = JSON.parse(await h.cli('volume', 'inspect', data))[0]
    expect(volume).toMatchObject({ name: data, driver: cli.Driver, mountpoint: cli.Mountpoint, composeProject: 'shop', anonymous: false, containers: [] })
    expect(volume?.labels['berth.test']).toBe('volumes')
    expect(volume?.createdAt).toBe(new Date(cli.CreatedAt).toISOString())
    // The symlink counts its target's name, as du does.
    expect(volume?.sizeBytes).toBe(13 + 64 * 1024 + 100 + 'hello.txt'.length)
  })

  it('refuses a bad or taken name with a message that says what to change', async () => {
    const core: Core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
    try {
      const client = { emit() {} }
      const bad = await core.router.invoke(client, 'volumes:create', [h.engineId, { name: 'my data' }])
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('a space') } })
      const dots = await core.router.invoke(client, 'volumes:readFile', [h.engineId, data, '../etc/passwd'])
      expect(dots).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    } finally {
      await core.dispose()
    }
    const taken = await rejection(h.volumes.create(h.engineId, { name: data }))
    expect(taken.code).toBe('CONFLICT')
    expect(taken.message).toContain('exists already')
  })

  it('refuses to remove a volume a stopped container uses, naming it, and keeps the data', async () => {
    const used = h.name('volumes', 'used')
    await h.volumes.create(h.engineId, { name: used, labels: { 'berth.test': 'volumes' } })
    const container = h.name('containers', 'holder')
    await h.cli('create', '--name', container, '--network', 'none', '--label', TEST_LABEL, '-v', `${used}:/data`, 'berth-fixture/base')
    const listed = (await h.volumes.list(h.engineId)).find((v) => v.name === used)
    expect(listed?.containers).toEqual([expect.objectContaining({ name: container, state: 'created' })])
    const error = await rejection(h.volumes.remove(h.engineId, used))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain(container)
    expect((await h.cli('volume', 'ls', '-q')).split('\n')).toContain(used)
    await h.cli('rm', container)
    await h.volumes.remove(h.engineId, used)
    expect((await h.cli('volume', 'ls', '-q')).split('\n')).not.toContain(used)
    expect((await rejection(h.volumes.remove(h.engineId, used))).code).toBe('NOT_FOUND')
  })

  it('browses the files a container wrote, with sizes, leaving no helper behind', async () => {
    const tree = await h.volumes.browse(h.engineId, data)
    const byPath = new Map(tree.entries.map((e) => [e.path, e]))
    expect(byPath.get('hello.txt')).toMatchObject({ type: 'file', size: 13 })
    expect(byPath.get('logs/blob.bin')).toMatchObject({ type: 'file', size: 65536 })
    expect(byPath.get('logs')).toMatchObject({ type: 'directory', size: 65536 + 100 })
    expect(byPath.get('logs/deep/x.txt')).toMatchObject({ size: 100 })
    expect(byPath.get('link')).toMatchObject({ type: 'symlink', linkTarget: 'hello.txt' })
    expect(tree).toMatchObject({ totalBytes: 13 + 65536 + 100, fileCount: 3, truncated: false })
    expect(await h.cli('ps', '-a', '-q', '--filter', 'label=dev.berth.helper')).toBe('')
    expect((await rejection(h.volumes.browse(h.engineId, 'berth-volumes-missing'))).code).toBe('NOT_FOUND')
    // Browsing a missing volume must not create it.
    expect((await h.cli('volume', 'ls', '-q')).split('\n')).not.toContain('berth-volumes-missing')
  })

  it('shows a small text file, says when a file is binary, and refuses folders', async () => {
    expect(await h.volumes.readFile(h.engineId, data, 'hello.txt')).toEqual({ path: 'hello.txt', size: 13, text: 'hello volume\n', binary: false, truncated: false })
    expect(await h.volumes.readFile(h.engineId, data, 'logs/blob.bin')).toMatchObject({ binary: true, text: '' })
    expect((await rejection(h.volumes.readFile(h.engineId, data, 'logs'))).code).toBe('INVALID_INPUT')
    expect((await rejection(h.volumes.readFile(h.engineId, data, 'nope.txt'))).message).toContain('Nothing at "nope.txt"')
  })

  it('downloads a file as its bytes and a folder as a tar', async () => {
    const file = collectingSink()
    await h.volumes.download(h.engineId, data, 'hello.txt', file)
    expect(file.bytes().toString()).toBe('hello volume\n')
    const folder = collectingSink()
    await h.volumes.download(h.engineId, data, 'logs', folder)
    expect(await tarNames(folder.bytes())).toEqual(expect.arrayContaining(['logs/', 'logs/blob.bin', 'logs/deep/x.txt']))
  })

  it('exports then imports into a new volume: the same files and bytes', async () => {
    const sink = collectingSink()
    await h.volumes.export(h.engineId, data, sink)
    const tar = sink.bytes()
    expect(sink.chunks.at(-1)?.progress).toMatchObject({ current: tar.length })
    const file = join(dir, 'export.tar')
    writeFileSync(file, tar)

    const fromPath = h.name('volumes', 'imported')
    await h.volumes.importFromPath(h.engineId, fromPath, file)
    expect(await h.checksums(fromPath)).toBe(await h.checksums(data))

    // The chunked path the window uses, in small pieces.
    const chunked = h.name('volumes', 'chunked')
    const { uploadId } = await h.volumes.importBegin(h.engineId, chunked)
    for (let at = 0; at < tar.length; at += 10_000) await h.volumes.importChunk(h.engineId, uploadId, tar.subarray(at, at + 10_000).toString('base64'))
    const imported = await h.volumes.importEnd(h.engineId, uploadId)
    expect(imported.name).toBe(chunked)
    expect(await h.checksums(chunked)).toBe(await h.checksums(data))
  })

  it('writes an export to a path, never replacing a file unless asked', async () => {
    const file = join(dir, 'to-path.tar')
    const { bytes } = await h.volumes.exportToPath(h.engineId, data, file, { overwrite: false })
    expect(readFileSync(file).length).toBe(bytes)
    expect(await tarNames(readFileSync(file))).toEqual(expect.arrayContaining(['./hello.txt', './logs/blob.bin']))
    expect((await rejection(h.volumes.exportToPath(h.engineId, data, file, { overwrite: false }))).code).toBe('CONFLICT')
    await h.volumes.exportToPath(h.engineId, data, file, { overwrite: true })
  })

  it('refuses to import into a volume that holds files, and leaves it untouched', async () => {
    const before = await h.checksums(data)
    const error = await rejection(h.volumes.importBegin(h.engineId, data))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain('only into a new or empty volume')
    expect(await h.checksums(data)).toBe(before)
    // An existing but empty volume is fine.
    const empty = h.name('volumes', 'empty')
    await h.volumes.create(h.engineId, { name: empty })
    const file = join(dir, 'export.tar')
    await h.volumes.importFromPath(h.engineId, empty, file)
    expect(await h.checksums(empty)).toBe(before)
  })

  it('says a file that is not a tar cannot be unpacked', async () => {
    const file = join(dir, 'not-a-tar.txt')
    writeFileSync(file, 'this is not a tar archive at all\n'.repeat(40))
    const target = h.name('volumes', 'bad-import')
    const error = await rejection(h.volumes.importFromPath(h.engineId, target, file))
    expect(error.code).toBe('INVALID_INPUT')
    expect((await rejection(h.volumes.importFromPath(h.engineId, h.name('volumes', 'x'), join(dir, 'missing.tar')))).code).toBe('NOT_FOUND')
  })

  it('clones a volume into a new one with the same files and bytes, refusing a taken name', async () => {
    const copy = h.name('volumes', 'clone')
    const cloned = await h.volumes.clone(h.engineId, data, copy)
    expect(cloned.labels['dev.berth.cloned-from']).toBe(data)
    expect(await h.checksums(copy)).toBe(await h.checksums(data))
    const error = await rejection(h.volumes.clone(h.engineId, data, copy))
    expect(error.code).toBe('CONFLICT')
    expect((await rejection(h.volumes.clone(h.engineId, 'berth-volumes-nothing', h.name('volumes', 'y')))).code).toBe('NOT_FOUND')
  })

  it('lists bind mounts as host folders with the containers that map them', async () => {
    const container = h.name('containers', 'binder')
    await h.cli('create', '--name', container, '--network', 'none', '--label', TEST_LABEL, '-v', `${dir}:/host:ro`, 'berth-fixture/base')
    const bind = (await h.volumes.bindMounts(h.engineId)).find((b) => b.source === dir)
    expect(bind?.containers).toEqual([expect.objectContaining({ name: container, destination: '/host', readOnly: true, state: 'created' })])
  })
})
