import type { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/errors'
import { MAX_CHUNK_BYTES, VolumeUploads } from './volume-uploads'

const collect = (input: PassThrough) =>
  new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = []
    input.on('data', (b: Buffer) => parts.push(b))
    input.on('end', () => resolve(Buffer.concat(parts)))
    input.on('error', reject)
  })

describe('VolumeUploads', () => {
  it('feeds the chunks, in order, to the consumer and answers the volume at the end', async () => {
    const uploads = new VolumeUploads()
    let received: Promise<Buffer> = Promise.resolve(Buffer.alloc(0))
    const id = uploads.begin('e', 'data', async (input) => {
      received = collect(input)
      await received
    })
    expect(await uploads.chunk('e', id, Buffer.from('hello ').toString('base64'))).toEqual({ bytes: 6 })
    await uploads.chunk('e', id, Buffer.from('world').toString('base64'))
    expect(await uploads.end('e', id)).toBe('data')
    expect((await received).toString()).toBe('hello world')
    // Over once ended; another engine's id never matches.
    await expect(uploads.chunk('e', id, '')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    uploads.dispose()
  })

  it('reports the engine refusing the bytes at the next chunk, and refuses oversized chunks', async () => {
    const uploads = new VolumeUploads()
    const id = uploads.begin('e', 'data', () => Promise.reject(new AppError('INVALID_INPUT', 'not a tar')))
    await new Promise((r) => setTimeout(r, 0))
    await expect(uploads.chunk('e', id, 'AAAA')).rejects.toMatchObject({ message: 'not a tar' })
    const other = uploads.begin('e', 'data', (input) => collect(input).then(() => undefined))
    await expect(uploads.chunk('x', other, 'AAAA')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(uploads.chunk('e', other, Buffer.alloc(MAX_CHUNK_BYTES + 1).toString('base64'))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    uploads.abort('e', other)
    uploads.dispose()
  })
})
