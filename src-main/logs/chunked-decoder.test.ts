import { describe, expect, it } from 'vitest'
import { ChunkedDecoder } from './chunked-decoder'

/** Encodes parts as chunks (hex sizes in either case, an extension on some), then the last chunk. */
function encode(parts: string[], trailer = ''): Buffer {
  const chunks = parts.map((p, i) => {
    const data = Buffer.from(p, 'utf8')
    const size = i % 2 ? data.length.toString(16).toUpperCase() : data.length.toString(16)
    return Buffer.concat([Buffer.from(`${size}${i % 3 === 2 ? ';name=value' : ''}\r\n`), data, Buffer.from('\r\n')])
  })
  return Buffer.concat([...chunks, Buffer.from(`0\r\n${trailer}\r\n`)])
}

/** Feeds `input` in the pieces given by the cut positions; answers the data and whether it ended. */
function decodeIn(input: Buffer, cuts: number[]): { data: string; done: boolean } {
  const decoder = new ChunkedDecoder()
  const out: Buffer[] = []
  let from = 0
  for (const cut of [...cuts, input.length]) {
    const piece = input.subarray(from, cut)
    const output = Buffer.alloc(piece.length)
    out.push(output.subarray(0, decoder.decode(piece, output)))
    from = cut
  }
  return { data: Buffer.concat(out).toString('utf8'), done: decoder.done }
}

describe('ChunkedDecoder', () => {
  const parts = ['\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0006hello\n', 'x'.repeat(300), 'é한\n', '', 'last']
  // (An empty chunk would end the body: encode never makes one but the list may hold one.)
  const body = encode(parts.filter((p) => p !== ''), 'X-Trailer: 1\r\n')
  const expected = parts.join('')

  it('decodes a body read in one piece and says when it is complete', () => {
    expect(decodeIn(body, [])).toEqual({ data: expected, done: true })
  })

  it('decodes a body cut at every position into two pieces', () => {
    for (let cut = 0; cut <= body.length; cut++) expect(decodeIn(body, [cut]), `cut at ${cut}`).toEqual({ data: expected, done: true })
  })

  it('decodes a body fed one byte at a time', () => {
    expect(decodeIn(body, Array.from({ length: body.length }, (_, i) => i))).toEqual({ data: expected, done: true })
  })

  it('is not complete before the last chunk, and ignores what follows it', () => {
    const cut = body.indexOf('0\r\n', body.length - 20)
    expect(decodeIn(body.subarray(0, cut), []).done).toBe(false)
    expect(decodeIn(Buffer.concat([encode(['ab']), Buffer.from('HTTP/1.1 200 OK\r\n')]), [])).toEqual({ data: 'ab', done: true })
  })

  it('rejects a malformed coding instead of passing garbage on', () => {
    const decoder = new ChunkedDecoder()
    expect(() => decoder.decode(Buffer.from('zz\r\n'), Buffer.alloc(8))).toThrow(/chunk size/)
    expect(() => new ChunkedDecoder().decode(Buffer.from('2\r\nabXY'), Buffer.alloc(8))).toThrow(/chunk coding/)
    expect(() => new ChunkedDecoder().decode(Buffer.from('ffffffffffffff\r\n'), Buffer.alloc(32))).toThrow(/too large/)
  })
})
