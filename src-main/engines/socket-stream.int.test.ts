import type { Readable } from 'node:stream'
import Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLogStream, type LogQuery } from '../logs/log-request'
import { dockerCli, requireTestEngine, TEST_ENGINE_DIR } from '../testing/test-engine'
import { engineErrorToAppError } from './engine-error'
import { getOverSocket } from './socket-stream'

const LABEL = 'berth.test=socket-stream'
const SOCKET = `${TEST_ENGINE_DIR}/docker.sock`

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

describe('getOverSocket (against the test engine)', () => {
  let container = ''
  beforeAll(async () => {
    requireTestEngine()
    // stdout and stderr interleaved, a line longer than 64 KiB, UTF-8, and a last line without a newline.
    const script = 'for i in $(seq 1 300); do echo "out $i 한글"; echo "err $i" >&2; done; head -c 70000 /dev/zero | tr "\\0" x; echo; printf end'
    container = (await dockerCli('create', '--network', 'none', '--label', LABEL, 'berth-fixture/base', 'sh', '-c', script)).trim()
    await dockerCli('start', '-a', container).catch(() => undefined)
  })
  afterAll(async () => {
    if (container) await dockerCli('rm', '-f', container).catch(() => undefined)
  })

  it('reads a log response byte for byte as Node’s HTTP client does', async () => {
    const query: LogQuery = { follow: false, timestamps: true, tail: 'all' }
    // A Dockerode with an agent takes the HTTP client's path; one with only a socket path, this one.
    const viaSocket = await readAll(await openLogStream(new Dockerode({ socketPath: SOCKET }), container, query, new AbortController().signal))
    const viaHttp = await readAll(
      await openLogStream(new Dockerode({ socketPath: SOCKET, agent: new (await import('node:http')).Agent() } as Dockerode.DockerOptions), container, query, new AbortController().signal),
    )
    expect(viaSocket.length).toBeGreaterThan(70_000 + 600 * 8)
    expect(viaSocket.equals(viaHttp)).toBe(true)
  })

  it('reads a body sent with a length instead of chunks', async () => {
    expect((await readAll(await getOverSocket(SOCKET, '/_ping', new AbortController().signal))).toString()).toBe('OK')
  })

  it('fails with the engine’s own message for a missing container, read as NOT_FOUND', async () => {
    const error = await getOverSocket(SOCKET, '/containers/berth-no-such-container/logs?stdout=1', new AbortController().signal, { 404: 'no such container' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, reason: 'no such container' })
    expect(engineErrorToAppError(error)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No such container: berth-no-such-container/) })
  })

  it('says the engine is unreachable when nothing listens on the socket', async () => {
    const error = await getOverSocket(`${TEST_ENGINE_DIR}/no-engine.sock`, '/_ping', new AbortController().signal).catch((e: unknown) => e)
    expect(engineErrorToAppError(error)).toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/ENOENT.*Is the engine running\?/) })
  })

  it('ends a followed log when its signal aborts, and refuses to start after one', async () => {
    const running = (await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, 'berth-fixture/base', 'sh', '-c', 'echo first; sleep 600')).trim()
    try {
      const controller = new AbortController()
      const stream = await getOverSocket(SOCKET, `/containers/${running}/logs?follow=1&stdout=1`, controller.signal)
      const closed = new Promise((resolve) => stream.once('close', resolve))
      stream.on('error', () => undefined)
      const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve))
      expect(first.toString('latin1')).toContain('first')
      controller.abort()
      await closed
      expect(stream.destroyed).toBe(true)
      await expect(getOverSocket(SOCKET, '/_ping', controller.signal)).rejects.toMatchObject({ name: 'AbortError' })
    } finally {
      await dockerCli('rm', '-f', running).catch(() => undefined)
    }
  })
})
