import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { getOverSocket } from './socket-stream'

// Answers that no healthy engine sends, from a socket that stands in for one.
let server: Server | undefined
let dir: string | undefined
afterEach(() => {
  server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function answering(response: string): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'berth-socket-stream-'))
  const path = join(dir, 'engine.sock')
  server = createServer((socket) => socket.once('data', () => socket.end(response)))
  await new Promise<void>((resolve) => server!.listen(path, resolve))
  return path
}

function readAll(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    stream.on('data', (b: Buffer) => (text += b.toString('latin1')))
    stream.on('end', () => resolve(text))
    stream.on('error', reject)
  })
}

describe('getOverSocket, on answers an engine should not give', () => {
  it('fails the body with an error on a malformed chunk coding, instead of throwing out of its socket handler', async () => {
    const path = await answering('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n')
    const body = await getOverSocket(path, '/x', new AbortController().signal)
    await expect(readAll(body)).rejects.toThrow(/malformed HTTP chunk size/)
  })

  it('reads a body with neither chunks nor a length to the end of the connection', async () => {
    const path = await answering('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it')
    expect(await readAll(await getOverSocket(path, '/x', new AbortController().signal))).toBe('all of it')
  })
})
