import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../../src-shared/contract'
import { dockerCli, requireTestEngine } from '../../testing/test-engine'
import { containersHarness, rejection, TEST_LABEL } from './containers-testing'

type Harness = Awaited<ReturnType<typeof containersHarness>>
const state = async (id: string) => (await dockerCli('inspect', '-f', '{{.State.Status}}', id)).trim()

describe('containers: list, inspect and every lifecycle action, against the test engine', () => {
  let h: Harness
  beforeAll(async () => {
    h = await containersHarness(requireTestEngine())
  })
  afterAll(() => h.dispose())

  it('lists a CLI-made container as the CLI sees it, with its Compose project', async () => {
    const name = h.name('list')
    const id = await h.cli('create', '--name', name, '--label', 'com.docker.compose.project=berth-containers-shop', '--label', 'com.docker.compose.service=web', 'berth-fixture/base', 'sleep', '30')
    const rows = await h.service.list(h.engineId)
    const row = rows.find((r) => r.id === id)
    expect(row).toMatchObject({ name, image: 'berth-fixture/base', state: 'created', status: 'Created', composeProject: 'berth-containers-shop', composeService: 'web', networkMode: 'none' })
    expect(row?.labels['berth.test']).toBe('containers')
    expect(Date.parse(row!.created)).toBeGreaterThan(Date.now() - 60_000)
    const cli = (await dockerCli('ps', '-a', '--no-trunc', '--filter', `id=${id}`, '--format', '{{.Names}} {{.Status}}')).trim()
    expect(`${row?.name} ${row?.status}`).toBe(cli)
    // Patching one row: the filter answers only the containers asked for.
    expect((await h.service.list(h.engineId, { ids: [id] })).map((r) => r.id)).toEqual([id])
  })

  it('inspects env, mounts (named, anonymous, bind read-only), labels, restart policy and the raw JSON', async () => {
    const volume = h.name('vol')
    await dockerCli('volume', 'create', '--label', TEST_LABEL, volume)
    try {
      const id = await h.cli('create', '--name', h.name('inspect'), '-e', 'A=1', '-v', `${volume}:/named`, '-v', '/anon', '-v', '/tmp:/host:ro', '--restart', 'on-failure:2', 'berth-fixture/app-a')
      const d = await h.service.inspect(h.engineId, id)
      expect(d.env).toContainEqual({ key: 'A', value: '1' })
      expect(d.env).toContainEqual({ key: 'GREETING', value: 'hello' })
      expect(d.mounts.find((m) => m.destination === '/named')).toMatchObject({ type: 'volume', name: volume, anonymous: false, readWrite: true })
      expect(d.mounts.find((m) => m.destination === '/anon')).toMatchObject({ type: 'volume', anonymous: true })
      expect(d.mounts.find((m) => m.destination === '/host')).toMatchObject({ type: 'bind', source: '/tmp', readWrite: false })
      expect(d.restartPolicy).toEqual({ name: 'on-failure', maxRetries: 2 })
      expect(d).toMatchObject({ state: 'created', workingDir: '/app', networkMode: 'none', exitCode: 0, restartCount: 0 })
      expect(d.startedAt).toBeUndefined()
      expect((d.raw as { Id: string }).Id).toBe(id)
      await h.service.remove(h.engineId, id, { removeAnonymousVolumes: true })
    } finally {
      await dockerCli('volume', 'rm', volume).catch(() => undefined)
    }
  })

  it('starts, pauses, unpauses, restarts, stops with a grace period and kills; the CLI agrees each time', async () => {
    const id = await h.cli('create', '--name', h.name('life'), 'berth-fixture/base', 'sleep', '3600')
    await h.service.start(h.engineId, id)
    expect(await state(id)).toBe('running')
    await h.service.start(h.engineId, id) // already running: done, not an error
    await h.service.pause(h.engineId, id)
    expect(await state(id)).toBe('paused')
    expect((await rejection(h.service.pause(h.engineId, id))).message).toMatch(/is already paused/)
    await h.service.unpause(h.engineId, id)
    expect(await state(id)).toBe('running')
    const before = (await h.service.inspect(h.engineId, id)).startedAt
    await h.service.restart(h.engineId, id, { timeoutSeconds: 0 })
    expect((await h.service.inspect(h.engineId, id)).startedAt).not.toBe(before)
    await h.service.stop(h.engineId, id, { timeoutSeconds: 0 })
    const stopped = await h.service.inspect(h.engineId, id)
    expect(stopped).toMatchObject({ state: 'exited', exitCode: 137 })
    expect(stopped.finishedAt).toBeDefined()
    await h.service.stop(h.engineId, id) // already stopped: done
    const notRunning = await rejection(h.service.pause(h.engineId, id))
    expect(notRunning.code).toBe('CONFLICT')
    expect(notRunning.message).toMatch(/is not running: start it first/)
    await h.service.start(h.engineId, id)
    await h.service.kill(h.engineId, id, { signal: 'SIGKILL' })
    expect(await state(id)).toBe('exited')
  })

  it('refuses to remove a running container with MUST_STOP_FIRST, and removes it when forced', async () => {
    const name = h.name('rm')
    const id = await h.cli('run', '--name', name, 'berth-fixture/base', 'sleep', '3600')
    const refused = await rejection(h.service.remove(h.engineId, id))
    expect(refused.code).toBe('MUST_STOP_FIRST')
    expect(refused.message).toBe(`"${name}" is running: stop it first, or force the removal (which kills it).`)
    expect(await state(id)).toBe('running')
    await h.service.remove(h.engineId, id, { force: true })
    expect(await dockerCli('ps', '-aq', '--filter', `id=${id}`)).toBe('')
    const gone = await rejection(h.service.inspect(h.engineId, id))
    expect(gone.code).toBe('NOT_FOUND')
    expect(gone.message).toMatch(/No container .* it may have just been removed/)
  })

  it('never removes a named volume; removes anonymous ones only when asked', async () => {
    const volume = h.name('keep')
    await dockerCli('volume', 'create', '--label', TEST_LABEL, volume)
    try {
      const volumesOf = async (id: string) => JSON.parse(await dockerCli('inspect', '-f', '{{json .Mounts}}', id)) as { Name: string }[]
      const keepAnon = await h.cli('create', '-v', `${volume}:/named`, '-v', '/anon', 'berth-fixture/base')
      const anon1 = (await volumesOf(keepAnon)).find((m) => m.Name !== volume)!.Name
      await h.service.remove(h.engineId, keepAnon)
      expect(await dockerCli('volume', 'ls', '-q', '--filter', `name=${anon1}`)).toContain(anon1)
      await dockerCli('volume', 'rm', anon1)

      const dropAnon = await h.cli('create', '-v', `${volume}:/named`, '-v', '/anon', 'berth-fixture/base')
      const anon2 = (await volumesOf(dropAnon)).find((m) => m.Name !== volume)!.Name
      await h.service.remove(h.engineId, dropAnon, { removeAnonymousVolumes: true })
      expect(await dockerCli('volume', 'ls', '-q', '--filter', `name=${anon2}`)).toBe('')
      expect((await dockerCli('volume', 'ls', '-q', '--filter', `name=${volume}`)).trim()).toBe(volume)
    } finally {
      await dockerCli('volume', 'rm', volume).catch(() => undefined)
    }
  })

  it('runs a bulk action and reports each container\'s outcome', async () => {
    const a = await h.cli('create', '--name', h.name('bulk-a'), 'berth-fixture/base', 'sleep', '3600')
    const b = await h.cli('create', '--name', h.name('bulk-b'), 'berth-fixture/base', 'sleep', '3600')
    const started = await h.service.bulk(h.engineId, 'start', [a, b, 'berth-containers-no-such'])
    expect(started.map((o) => o.ok)).toEqual([true, true, false])
    expect(started[0]!.name).toMatch(/bulk-a/)
    expect(started[2]!.error?.code).toBe('NOT_FOUND')
    expect([await state(a), await state(b)]).toEqual(['running', 'running'])
    const removed = await h.service.bulk(h.engineId, 'remove', [a, b])
    expect(removed.every((o) => !o.ok && o.error?.code === 'MUST_STOP_FIRST')).toBe(true)
    expect((await h.service.bulk(h.engineId, 'stop', [a, b], { timeoutSeconds: 0 })).every((o) => o.ok)).toBe(true)
    expect((await h.service.bulk(h.engineId, 'remove', [a, b])).every((o) => o.ok)).toBe(true)
  })

  it('acts on a whole Compose project by its label', async () => {
    const project = `berth-containers-proj-${process.pid}`
    const label = `com.docker.compose.project=${project}`
    const ids = [
      await h.cli('create', '--label', label, '--name', h.name('proj-web'), 'berth-fixture/base', 'sleep', '3600'),
      await h.cli('create', '--label', label, '--name', h.name('proj-db'), 'berth-fixture/base', 'sleep', '3600'),
    ]
    expect((await h.service.project(h.engineId, project, 'start')).every((o) => o.ok)).toBe(true)
    expect(await Promise.all(ids.map(state))).toEqual(['running', 'running'])
    expect((await h.service.project(h.engineId, project, 'stop', { timeoutSeconds: 0 })).every((o) => o.ok)).toBe(true)
    expect(await Promise.all(ids.map(state))).toEqual(['exited', 'exited'])
    const outcomes = await h.service.project(h.engineId, project, 'remove')
    expect(outcomes.map((o) => o.ok)).toEqual([true, true])
    expect((await rejection(h.service.project(h.engineId, project, 'start'))).code).toBe('NOT_FOUND')
  })

  it('rejects bad arguments at the boundary, before any service runs', () => {
    expect(contract.containers.kill.args.safeParse(['local', 'x', { signal: 'KILL; rm -rf /' }]).success).toBe(false)
    expect(contract.containers.stop.args.safeParse(['local', 'x', { timeoutSeconds: -1 }]).success).toBe(false)
    expect(contract.containers.remove.args.safeParse(['local', 'x', { volumes: true }]).success).toBe(false)
    expect(contract.containers.bulk.args.safeParse(['local', 'explode', ['x']]).success).toBe(false)
    expect(contract.containers.list.args.safeParse(['local', { ids: ['not hex'] }]).success).toBe(false)
  })
})
