import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogReadChunk } from '../../src-shared/models/log'
import type { StreamEvent } from '../../src-shared/models/stream'
import { createCore, type Core } from '../core'
import { FollowClient, type FollowedLine } from '../logs/testing/follow-client'
import { silentLogger } from '../platform/logger'
import { dockerCli, eventually, requireTestEngine, TEST_DOCKER_HOST } from '../testing/test-engine'

const run = promisify(execFile)
const LABEL = 'berth.test=logs'
const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/

/** `docker logs` with stdout and stderr apart, as the CLI prints them. */
async function cliLogs(id: string, flags: string[] = [], dockerHost = TEST_DOCKER_HOST) {
  const { stdout, stderr } = await run('docker', ['logs', ...flags, id], { env: { ...process.env, DOCKER_HOST: dockerHost }, maxBuffer: 64 << 20 })
  const lines = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'))
  return { stdout: lines(stdout), stderr: lines(stderr) }
}

/** The CLI's `-t` lines as `[timestamp, text]`. */
const split = (line: string) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]

const texts = (lines: FollowedLine[], stream: string) => lines.filter((l) => l.stream === stream).map((l) => l.text)

/** Runs a container of the fixture image to its end; answers its id. */
async function runToEnd(script: string, extra: string[] = []): Promise<string> {
  const id = (await dockerCli('create', '--network', 'none', '--label', LABEL, ...extra, 'berth-fixture/base', 'sh', '-c', script)).trim()
  await dockerCli('start', '-a', id).catch(() => undefined)
  return id
}

/** Saves through `logs:read` as the window does, and answers the bytes. */
async function readAll(core: Core, id: string): Promise<Buffer> {
  const parts: Buffer[] = []
  let done: (e?: unknown) => void = () => {}
  const finished = new Promise((resolve, reject) => (done = (e) => (e ? reject(e) : resolve(undefined))))
  const client = {
    emit(event: StreamEvent) {
      if (event.type === 'chunk') parts.push(Buffer.from((event.data as LogReadChunk).data, 'base64'))
      else done(event.error ? new Error(event.error.message) : undefined)
    },
  }
  const started = await core.router.invoke(client, 'logs:read', ['local', id])
  if (!started.ok) throw new Error(started.error.message)
  await finished
  return Buffer.concat(parts)
}

/** What `docker logs <id> > file 2>&1` writes: the reference a saved log must equal byte for byte. */
async function cliFile(id: string): Promise<Buffer> {
  const file = join(tmpdir(), `berth-logs-${id.slice(0, 12)}.txt`)
  await run('sh', ['-c', `docker logs "$1" > "$2" 2>&1`, 'sh', id, file], { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST } })
  const bytes = readFileSync(file)
  rmSync(file)
  return bytes
}

// stdout and stderr interleaved, multi-byte text, a 100,000-byte line and a 90,000-byte line of
// 3-byte characters (the engine cuts lines into 16 KiB pieces: 16384 is not a multiple of 3).
const MIXED = [
  'i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo "out $i 한국어 🚢"; if [ $((i % 7)) -eq 0 ]; then echo "err $i ünï" >&2; fi; done',
  'head -c 100000 /dev/zero | tr "\\0" x; echo',
  'head -c 30000 /dev/zero | tr "\\0" x | sed "s/x/가/g"; echo',
  'echo "last line without newline" >&2; printf "tail"',
].join('; ')

describe('logs service against the test engine', () => {
  let core: Core
  const created: string[] = []

  beforeAll(async () => {
    core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine')
  })

  afterAll(async () => {
    if (created.length) await dockerCli('rm', '-f', ...created).catch(() => undefined)
    await core.dispose()
  })

  it('demultiplexes real frames: interleaved streams, long lines, UTF-8, as the CLI prints them', async () => {
    const id = await runToEnd(MIXED)
    created.push(id)
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.markerKinds().includes('stopped'), 20_000, 'stopped marker')
    const lines = client.lines()
    const cli = await cliLogs(id)
    // The CLI ends its stdout with "tail" and no newline: the last line is still a line.
    expect(texts(lines, 'stdout')).toEqual(cli.stdout)
    expect(texts(lines, 'stderr')).toEqual(cli.stderr)
    expect(texts(lines, 'stdout')).toContain('x'.repeat(100_000))
    // json-file stores each 16 KiB piece as a JSON string, so a character cut at a piece's edge
    // comes back from the engine itself as U+FFFD; the CLI shows the same (compared above).
    const hangul = texts(lines, 'stdout').find((t) => t.startsWith('가가'))!
    expect(hangul.replace(/\uFFFD/g, '')).toMatch(/^가{29990,30000}$/)
    expect(texts(lines, 'stderr')[0]).toBe('err 7 ünï')
    expect(lines.every((l) => TS.test(l.timestamp))).toBe(true)
    // The timestamps are the engine's: the CLI's -t shows the same ones for the short lines.
    const stamped = (await cliLogs(id, ['-t'])).stdout.slice(0, 300).map(split)
    expect(lines.filter((l) => l.stream === 'stdout').slice(0, 300).map((l) => [l.timestamp, l.text])).toEqual(stamped)
    expect(client.markers.find((m) => m.kind === 'stopped')?.exitCode).toBe(0)
    // Never one message per line: 300+ lines came in a handful of batches.
    expect(client.batches.length).toBeLessThan(20)
    expect(client.batches[0]!.source).toMatchObject({ id, tty: false, running: false })
    await client.cancel()
  })

  it('saves the whole log byte for byte as `docker logs > file 2>&1`, invalid UTF-8 included', async () => {
    const id = await runToEnd(`${MIXED}; printf "\\377\\376 raw bytes\\n" >&2`)
    created.push(id)
    const saved = await readAll(core, id)
    const reference = await cliFile(id)
    expect(reference.length).toBeGreaterThan(190_000)
    expect(saved.equals(reference)).toBe(true)
  })

  it('reads TTY containers raw: one stream, no frames, and saves them as the CLI does', async () => {
    const id = await runToEnd('echo "tty 하나"; echo "tty two" >&2; printf "no newline"', ['-t'])
    created.push(id)
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.markerKinds().includes('stopped'), 10_000, 'stopped marker')
    expect(client.lines().map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'tty 하나'],
      ['stdout', 'tty two'],
      ['stdout', 'no newline'],
    ])
    expect(client.batches[0]!.source?.tty).toBe(true)
    expect((await readAll(core, id)).equals(await cliFile(id))).toBe(true)
    await client.cancel()
  })

  it('starts from `tail` lines, or from `since`', async () => {
    const id = await runToEnd('seq 1 50')
    created.push(id)
    const tail = await new FollowClient(core).follow('local', id, { tail: 10 })
    await eventually(() => tail.markerKinds().includes('stopped'), 10_000, 'stopped')
    expect(tail.lines().map((l) => l.text)).toEqual((await cliLogs(id, ['--tail', '10'])).stdout)
    expect(tail.lines().map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => String(41 + i)))
    const thirtieth = (await cliLogs(id, ['-t'])).stdout.map(split)[29]![0]!
    const since = await new FollowClient(core).follow('local', id, { tail: 'all', since: thirtieth })
    await eventually(() => since.markerKinds().includes('stopped'), 10_000, 'stopped')
    expect(since.lines()[0]).toMatchObject({ text: '30', timestamp: thirtieth })
    expect(since.lines().at(-1)?.text).toBe('50')
    const none = await new FollowClient(core).follow('local', id, { tail: 0 })
    await eventually(() => none.markerKinds().includes('stopped'), 10_000, 'stopped')
    expect(none.lines()).toEqual([])
    await Promise.all([tail.cancel(), since.cancel(), none.cancel()])
  })

  it('goes on when the container starts again, with markers and without repeating a line', async () => {
    const id = await runToEnd('echo "run at $(cat /proc/uptime)"; seq 1 5')
    created.push(id)
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.markerKinds().includes('stopped'), 10_000, 'stopped')
    await dockerCli('start', id)
    await eventually(() => client.lines().length === 12 && client.markerKinds().length >= 3, 15_000, 'second run')
    expect(client.markerKinds().slice(0, 3)).toEqual(['stopped', 'started', 'stopped'])
    const cli = (await cliLogs(id, ['-t'])).stdout.map(split)
    expect(client.lines().map((l) => [l.timestamp, l.text])).toEqual(cli)
    expect(client.entries.map((e) => (e.stream === 'marker' ? e.text : e.text.replace(/run at .*/, 'run'))))
      .toEqual(['run', '1', '2', '3', '4', '5', 'stopped', 'started', 'run', '1', '2', '3', '4', '5', 'stopped'])
    await client.cancel()
  })

  it('gets every line of a quick run that exits while the reopened log is still scanning a long one', async () => {
    // Each run after the first waits half a second, writes 20,000 lines and exits. Berth follows
    // from the end (tail 0), so on the restart it reopens the log `since` the stop, and the
    // engine scans the first run's 600,000 lines to get there; Docker 20.10 then ends the follow
    // at the exit without the lines written meanwhile (seen in bench/logs).
    const script = '[ -e /tmp/ran ] && { sleep 0.5; seq 1 20000; exit 0; }; touch /tmp/ran; seq 1 600000'
    const id = await runToEnd(script)
    created.push(id)
    const client = await new FollowClient(core, true).follow('local', id, { tail: 0 })
    await eventually(() => client.markerKinds().includes('stopped') || undefined, 10_000, 'the stopped container')
    await dockerCli('start', id)
    await eventually(() => (client.markerKinds().filter((k) => k === 'stopped').length >= 2 && client.lineCount >= 20_000) || undefined, 60_000, 'the second run')
    expect(client.lineCount).toBe(20_000)
    await client.cancel()
  }, 150_000)

  it('goes on across `docker restart` of a running container', async () => {
    const script = 'trap "exit 3" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'
    const id = (await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, 'berth-fixture/base', 'sh', '-c', script)).trim()
    created.push(id)
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.lines().length >= 5, 10_000, 'first ticks')
    await dockerCli('restart', '-t', '5', id)
    await eventually(() => client.markerKinds().includes('started') && client.lines().at(-1)?.text === 'tick 3', 15_000, 'ticks after restart')
    await dockerCli('stop', '-t', '5', id)
    await eventually(() => client.markerKinds().at(-1) === 'stopped' && client.markers.length >= 3, 15_000, 'stopped')
    const cli = (await cliLogs(id, ['-t'])).stdout.map(split)
    expect(client.lines().map((l) => [l.timestamp, l.text])).toEqual(cli)
    expect(client.markerKinds()).toEqual(['stopped', 'started', 'stopped'])
    expect(client.markers[0]!.exitCode).toBe(3)
    await client.cancel()
  })

  it('ends with a marker when the container is removed, and says what is wrong for a missing one', async () => {
    const id = (await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, 'berth-fixture/base', 'sh', '-c', 'echo hi; sleep 60')).trim()
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.lines().length === 1, 10_000, 'hi')
    await dockerCli('rm', '-f', id)
    await eventually(() => client.end, 15_000, 'end')
    expect(client.markerKinds().at(-1)).toBe('removed')
    expect(client.end?.error).toBeUndefined()

    const missing = await new FollowClient(core).follow('local', 'berth-logs-no-such-container', { tail: 'all' })
    await eventually(() => missing.end, 5000, 'end')
    expect(missing.end?.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No such container/i) })
  })

  it('refuses bad arguments before the engine sees them', async () => {
    const client = new FollowClient(core)
    for (const args of [
      ['local', 'bad name!', { tail: 10 }],
      ['local', 'x', { tail: -1 }],
      ['local', 'x', { tail: 10, since: 'yesterday' }],
      ['local', 'x', { tail: 10, extra: true }],
    ]) {
      const result = await core.router.invoke(client, 'logs:follow', args)
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
  })

  it('leaves no stream behind when cancelled', async () => {
    const id = (await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, 'berth-fixture/base', 'sh', '-c', 'while true; do echo x; sleep 0.2; done')).trim()
    created.push(id)
    const before = core.router.liveStreamCount
    const client = await new FollowClient(core).follow('local', id, { tail: 'all' })
    await eventually(() => client.lines().length > 0, 10_000, 'lines')
    await client.cancel()
    expect(core.router.liveStreamCount).toBe(before)
    expect(client.end?.error?.code).toBe('CANCELLED')
  })
})
