import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lineTexts } from '../../src-shared/log-frame'
import type { ProjectLogBatch } from '../../src-shared/models/log'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import { LogsService } from './logs-service'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'

const PROJECT = `berth-logs-project-${process.pid}-${Date.now()}`

/** Creates a container of the project, runs it to its end; answers its name. */
async function projectContainer(suffix: string, script: string): Promise<string> {
  const name = `${PROJECT}-${suffix}`
  await dockerCli('create', '--network', 'none', '--label', 'berth.test=logs', '--label', `com.docker.compose.project=${PROJECT}`, '--name', name, 'berth-fixture/base', 'sh', '-c', script)
  await dockerCli('start', '-a', name)
  return name
}

describe('logs.followProject against the test engine', () => {
  let core: Core
  const names: string[] = []

  beforeAll(async () => {
    core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine')
    names.push(await projectContainer('web', 'echo "web one"; echo "web two"'))
    names.push(await projectContainer('db', 'echo "db one"; echo "db oops" >&2'))
  })

  afterAll(async () => {
    if (names.length) await dockerCli('rm', '-f', ...names).catch(() => undefined)
    await core?.dispose()
  })

  it('merges the containers’ lines, each tagged with its container, takes in a newcomer and lets a removed one go', async () => {
    const lines: { container: string; stream: string; text: string }[] = []
    const markers: { container: string; kind: string }[] = []
    const controller = new AbortController()
    const sink = {
      signal: controller.signal,
      next(batch: ProjectLogBatch) {
        lineTexts(batch).forEach((text, i) => lines.push({ container: batch.container, stream: batch.stderr[i] ? 'stderr' : 'stdout', text }))
        batch.markers?.forEach((m) => markers.push({ container: batch.container, kind: m.kind }))
      },
    }
    const done = new LogsService(core.engines, silentLogger).followProject('local', PROJECT, { tail: 1000 }, sink)
    try {
      const [web, db] = names as [string, string]
      await eventually(() => lines.length >= 4 || undefined, 10_000, 'both containers’ lines')
      expect(lines.filter((l) => l.container === web).map((l) => l.text)).toEqual(['web one', 'web two'])
      // stdout and stderr reach the engine through separate pipes: their order between them is the engine's.
      const dbLines = lines.filter((l) => l.container === db)
      expect(dbLines).toHaveLength(2)
      expect(dbLines).toEqual(
        expect.arrayContaining([
          { container: db, stream: 'stdout', text: 'db one' },
          { container: db, stream: 'stderr', text: 'db oops' },
        ]),
      )

      // A container that starts with the project's label later joins the merged log.
      names.push(await projectContainer('late', 'echo "late arrival"'))
      const late = names[2]!
      await eventually(() => lines.find((l) => l.text === 'late arrival'), 10_000, 'the newcomer’s line')
      expect(lines.find((l) => l.text === 'late arrival')?.container).toBe(late)
      // Nothing from outside the project, nothing twice.
      expect(lines.map((l) => l.text).sort()).toEqual(['db one', 'db oops', 'late arrival', 'web one', 'web two'])

      // A container that is removed leaves the project's log with a marker saying so.
      await dockerCli('rm', '-f', late)
      await eventually(() => markers.find((m) => m.container === late && m.kind === 'removed'), 10_000, 'the removal marker')
    } finally {
      controller.abort()
      await done
    }
  })

  it('rejects a malformed project name before it reaches the engine', async () => {
    const started = await core.router.invoke({ emit() {} }, 'logs:followProject', ['local', '../evil', { tail: 10 }])
    expect(started.ok).toBe(false)
    if (!started.ok) expect(started.error.code).toBe('INVALID_INPUT')
  })
})
