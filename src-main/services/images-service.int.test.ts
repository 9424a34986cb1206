import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildChunk, ImageSummary } from '../../src-shared/models/image'
import { createCore, type Core } from '../core'
import { collectStream } from '../images/testing/router-stream'
import { silentLogger } from '../platform/logger'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'

const PREFIX = 'berth-images-test'
const client = { emit: () => undefined }

describe('images service on the test engine', () => {
  let core: Core
  const dirs: string[] = []
  const invoke = async (channel: string, ...args: unknown[]) => core.router.invoke(client, channel, args)

  beforeAll(async () => {
    core = createCore({ env: { DOCKER_HOST: requireTestEngine(), DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'berth-images-cfg-')) }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 15_000, 'engine')
  })

  afterAll(async () => {
    const out = await dockerCli('ps', '-aq', '--filter', 'label=berth.test=images')
    for (const id of out.split('\n').filter(Boolean)) await dockerCli('rm', '-f', id).catch(() => undefined)
    const tags = await dockerCli('images', '--format', '{{.Repository}}:{{.Tag}}', `${PREFIX}*`)
    for (const tag of tags.split('\n').filter(Boolean)) await dockerCli('rmi', '-f', tag).catch(() => undefined)
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
    await core?.dispose()
  })

  const list = async () => {
    const result = await invoke('images:list', 'local')
    if (!result.ok) throw new Error(result.error.message)
    return result.value as ImageSummary[]
  }

  it('lists one row per tag, with the same ids and sizes as docker images', async () => {
    await dockerCli('tag', 'berth-fixture/base', `${PREFIX}-multi:one`)
    await dockerCli('tag', 'berth-fixture/base', `${PREFIX}-multi:two`)
    const rows = await list()
    const base = (await dockerCli('image', 'inspect', '--format', '{{.Id}} {{.Size}}', 'berth-fixture/base')).trim().split(' ')
    const ofBase = rows.filter((r) => r.id === base[0])
    expect(ofBase.map((r) => r.repoTag)).toEqual(expect.arrayContaining(['berth-fixture/base:latest', `${PREFIX}-multi:one`, `${PREFIX}-multi:two`]))
    expect(new Set(ofBase.map((r) => r.key)).size).toBe(ofBase.length)
    expect(ofBase.every((r) => r.size === Number(base[1]))).toBe(true)
    const row = ofBase.find((r) => r.tag === 'one')
    expect(row).toMatchObject({ repository: `${PREFIX}-multi`, tag: 'one', dangling: false })
  })

  it('untags one tag without deleting the image', async () => {
    const result = await invoke('images:remove', 'local', `${PREFIX}-multi:one`, { force: false })
    expect(result).toMatchObject({ ok: true, value: { untagged: [`${PREFIX}-multi:one`], deleted: [] } })
    expect((await dockerCli('image', 'inspect', '--format', '{{json .RepoTags}}', 'berth-fixture/base'))).toContain(`${PREFIX}-multi:two`)
    await invoke('images:remove', 'local', `${PREFIX}-multi:two`, { force: false })
  })

  it('tags an image, and refuses a malformed name before it reaches the engine', async () => {
    expect(await invoke('images:tag', 'local', 'berth-fixture/app-a', `${PREFIX}-tagged:v1`)).toEqual({ ok: true, value: { repoTag: `${PREFIX}-tagged:v1` } })
    expect(await dockerCli('image', 'inspect', '--format', '{{.Id}}', `${PREFIX}-tagged:v1`)).toBe(await dockerCli('image', 'inspect', '--format', '{{.Id}}', 'berth-fixture/app-a'))
    const bad = await invoke('images:tag', 'local', 'berth-fixture/app-a', 'Bad Name!')
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const missing = await invoke('images:tag', 'local', `${PREFIX}-nope:1`, `${PREFIX}-x:1`)
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('refuses to delete an image a container uses, naming the container; force removes it', async () => {
    // An image of its own, so forcing it never touches a fixture.
    await dockerCli('tag', 'berth-fixture/base', `${PREFIX}-used:1`)
    const dir = mkdtempSync(join(tmpdir(), 'berth-images-ctx-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${PREFIX}-used:1\nLABEL berth.test=images-used\n`)
    await dockerCli('build', '-q', '--network', 'none', '-t', `${PREFIX}-used:1`, dir)
    await dockerCli('create', '--network', 'none', '--label', 'berth.test=images', '--name', `${PREFIX}-user`, `${PREFIX}-used:1`, 'true')
    const refused = await invoke('images:remove', 'local', `${PREFIX}-used:1`, { force: false })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    if (!refused.ok) expect(refused.error.message).toContain(`${PREFIX}-user`)
    const forced = await invoke('images:remove', 'local', `${PREFIX}-used:1`, { force: true })
    expect(forced).toMatchObject({ ok: true, value: { untagged: [`${PREFIX}-used:1`] } })
  })

  it('builds a folder, streaming steps and log, and names the failing step with its output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-images-build-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'Dockerfile'), 'ARG WHO=nobody\nFROM berth-fixture/base AS first\nARG WHO\nRUN echo "hi $WHO" > /who.txt\nFROM first AS second\nRUN echo second\n')
    writeFileSync(join(dir, 'ignored.txt'), 'x')
    writeFileSync(join(dir, '.dockerignore'), 'ignored.txt\n')
    const ok = await collectStream<BuildChunk>(core, 'images:build', ['local', { contextPath: dir, tags: [`${PREFIX}-built:1`], buildArgs: { WHO: 'berth' }, target: 'first', noCache: true }])
    expect(ok.error).toBeUndefined()
    const steps = ok.chunks.filter((c) => c.type === 'step')
    expect(steps.map((s) => s.type === 'step' && s.instruction)).toEqual(['ARG WHO=nobody', 'FROM berth-fixture/base AS first', 'ARG WHO', 'RUN echo "hi $WHO" > /who.txt'])
    const done = ok.chunks.at(-1)
    expect(done).toMatchObject({ type: 'done', tags: [`${PREFIX}-built:1`] })
    expect(await dockerCli('run', '--rm', '--network', 'none', '--label', 'berth.test=images', `${PREFIX}-built:1`, 'cat', '/who.txt')).toBe('hi berth\n')

    // It fails at the first step that would commit an image, so a failed build leaves no dangling one behind.
    writeFileSync(join(dir, 'Dockerfile'), 'FROM berth-fixture/base\nRUN echo "this breaks" && exit 3\nRUN echo never\n')
    const failed = await collectStream<BuildChunk>(core, 'images:build', ['local', { contextPath: dir, tags: [`${PREFIX}-broken:1`], buildArgs: {}, noCache: true }])
    expect(failed.error?.code).toBe('INVALID_INPUT')
    expect(failed.error?.message).toMatch(/step 2\/3 \(RUN echo "this breaks" && exit 3\).*returned a non-zero code: 3/)
    expect(failed.error?.details).toMatchObject({ step: 2, total: 3, output: ['this breaks'] })
  })

  it('refuses a build folder without a Dockerfile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-images-empty-'))
    dirs.push(dir)
    const result = await collectStream<BuildChunk>(core, 'images:build', ['local', { contextPath: dir, tags: [], buildArgs: {}, noCache: false }])
    expect(result.error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(result.error?.message).toContain('No Dockerfile')
  })

  it('pulling a name the engine cannot reach fails with a clear code, not a hang', async () => {
    const result = await collectStream(core, 'images:pull', ['local', '127.0.0.1:1/berth/nothing:1'])
    expect(result.error?.code).toBe('INVALID_INPUT')
  })
})
