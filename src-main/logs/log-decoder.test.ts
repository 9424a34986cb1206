import { describe, expect, it } from 'vitest'
import { FrameDemuxer, type OutputStream } from './demux'
import { LogDecoder } from './log-decoder'

const enc = new TextEncoder()

/** One frame as moby's stdcopy writes it. */
function frame(type: number, payload: string | Uint8Array): Uint8Array {
  const body = typeof payload === 'string' ? enc.encode(payload) : payload
  const out = new Uint8Array(8 + body.length)
  out[0] = type
  new DataView(out.buffer).setUint32(4, body.length)
  out.set(body, 8)
  return out
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Splits bytes into chunks at the given sizes, cycling. */
function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!
    out.push(bytes.subarray(at, at + size))
    at += size
  }
  return out
}

type Line = [OutputStream, string, string]

function decode(chunks: Uint8Array[], options: { tty?: boolean; timestamps?: boolean; maxLineLength?: number } = {}) {
  const lines: Line[] = []
  const errors: string[] = []
  const decoder = new LogDecoder({
    tty: options.tty ?? false,
    timestamps: options.timestamps ?? false,
    maxLineLength: options.maxLineLength,
    onLine: (stream, text, ts) => lines.push([stream, text, ts]),
    onSystemError: (m) => errors.push(m),
  })
  for (const c of chunks) decoder.push(c)
  decoder.end()
  return { lines, errors }
}

const TS1 = '2024-05-01T10:00:00.000000001Z'
const TS2 = '2024-05-01T10:00:00.000000002Z'
const TS3 = '2024-05-01T10:00:00.000000003Z'

describe('FrameDemuxer', () => {
  it('hands payloads on as views of the input, whatever the chunking', () => {
    const bytes = concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, ''), frame(0, 'stdin\n')])
    for (const sizes of [[bytes.length], [1], [3], [7, 1, 9], [8], [9]]) {
      const seen: string[] = []
      const starts: string[] = []
      const demux = new FrameDemuxer({
        frameStart: (s, size) => starts.push(`${s}:${size}`),
        data: (s, b) => seen.push(`${s}:${new TextDecoder().decode(b)}`),
      })
      for (const c of chunked(bytes, sizes)) demux.push(c)
      expect(demux.atFrameBoundary).toBe(true)
      expect(starts).toEqual(['stdout:8', 'stderr:8', 'stdout:0', 'stdout:6'])
      const joined = seen.reduce<string[]>((acc, s) => {
        const [stream, text] = [s.slice(0, 6), s.slice(7)]
        const last = acc[acc.length - 1]
        if (last?.startsWith(stream) && !last.endsWith('\n')) acc[acc.length - 1] = last + text
        else acc.push(`${stream}:${text}`)
        return acc
      }, [])
      expect(joined).toEqual(['stdout:out one\n', 'stderr:err one\n', 'stdout:stdin\n'])
    }
  })

  it('does not copy payloads (views share the input buffer)', () => {
    const input = frame(1, 'abc\n')
    let view: Uint8Array | undefined
    new FrameDemuxer({ frameStart: () => {}, data: (_s, b) => (view = b) }).push(input)
    expect(view!.buffer).toBe(input.buffer)
  })

  it('is linear: 100,000 frames in one 1.5 MB chunk', () => {
    const frames: Uint8Array[] = []
    for (let i = 0; i < 100_000; i++) frames.push(frame(i % 7 === 0 ? 2 : 1, `line ${i}\n`))
    const { lines } = decode([concat(frames)])
    expect(lines).toHaveLength(100_000)
    expect(lines[99_999]).toEqual(['stdout', 'line 99999', ''])
    expect(lines[7]).toEqual(['stderr', 'line 7', ''])
  })

  it('reports the engine\'s own errors (type 3) and refuses garbage headers', () => {
    const { errors } = decode([frame(3, 'something broke')])
    expect(errors).toEqual(['something broke'])
    expect(() => new FrameDemuxer({ frameStart: () => {}, data: () => {} }).push(enc.encode('hello, world\n'))).toThrow(/TTY/)
  })

  it('is mid-frame until the payload is complete', () => {
    const demux = new FrameDemuxer({ frameStart: () => {}, data: () => {} })
    const f = frame(1, 'abc')
    demux.push(f.subarray(0, 5))
    expect(demux.atFrameBoundary).toBe(false)
    demux.push(f.subarray(5, 10))
    expect(demux.atFrameBoundary).toBe(false)
    demux.push(f.subarray(10))
    expect(demux.atFrameBoundary).toBe(true)
  })
})

describe('LogDecoder lines', () => {
  it('splits several lines per frame and keeps the streams apart', () => {
    const { lines } = decode([concat([frame(1, 'a\nb\n'), frame(2, 'E\n'), frame(1, 'c\n')])])
    expect(lines.map(([s, t]) => `${s}:${t}`)).toEqual(['stdout:a', 'stdout:b', 'stderr:E', 'stdout:c'])
  })

  it('joins a line split across frames and chunks, each stream on its own', () => {
    const bytes = concat([frame(1, 'hel'), frame(2, 'err'), frame(1, 'lo\n'), frame(2, 'or\n')])
    for (const sizes of [[1], [2], [5], [bytes.length]]) {
      const { lines } = decode(chunked(bytes, sizes))
      expect(lines.map(([s, t]) => `${s}:${t}`)).toEqual(['stdout:hello', 'stderr:error'])
    }
  })

  it('keeps UTF-8 characters split across chunks and across frames', () => {
    const text = '한국어 로그 🚢 ünïcode\n'
    const bytes = enc.encode(text)
    // Cut the payload into 1-byte frames: every multi-byte character is split across frames.
    const frames = concat(Array.from(bytes, (b) => frame(1, Uint8Array.of(b))))
    for (const sizes of [[1], [3], [10], [frames.length]]) {
      expect(decode(chunked(frames, sizes)).lines).toEqual([['stdout', text.slice(0, -1), '']])
    }
  })

  it('handles lines longer than 64 KiB, in 16 KiB engine pieces, with one timestamp', () => {
    const long = 'x'.repeat(100_000) + '끝'
    const payload = enc.encode(`${long}\n`)
    const pieces: Uint8Array[] = []
    const stamps = [TS1, TS2, TS3, TS3, TS3, TS3, TS3]
    for (let at = 0, i = 0; at < payload.length; at += 16384, i++) {
      pieces.push(frame(1, concat([enc.encode(`${stamps[i]} `), payload.subarray(at, at + 16384)])))
    }
    const next = frame(1, `${TS3} after\n`)
    for (const sizes of [[65536], [4096, 3], [1_000_000]]) {
      const { lines } = decode(chunked(concat([...pieces, next]), sizes), { timestamps: true })
      expect(lines).toEqual([
        ['stdout', long, TS1],
        ['stdout', 'after', TS3],
      ])
    }
  })

  it('cuts a line that never ends at maxLineLength', () => {
    const { lines } = decode([frame(1, 'abcdefghij\n')], { maxLineLength: 4 })
    expect(lines.map((l) => l[1])).toEqual(['abcd', 'efgh', 'ij'])
  })

  it('splits a UTF-8 character cut by the engine\'s 16 KiB pieces, timestamps in between', () => {
    const bytes = enc.encode('가나\n')
    const a = frame(1, concat([enc.encode(`${TS1} `), bytes.subarray(0, 2)]))
    const b = frame(1, concat([enc.encode(`${TS2} `), bytes.subarray(2)]))
    expect(decode([a, b], { timestamps: true }).lines).toEqual([['stdout', '가나', TS1]])
  })

  it('reads the timestamp even when a chunk ends inside it', () => {
    const bytes = concat([frame(1, `${TS1} one\n`), frame(2, `${TS2} two\n`), frame(1, `${TS3} three\n`)])
    for (const sizes of [[1], [13], [20, 3]]) {
      expect(decode(chunked(bytes, sizes), { timestamps: true }).lines).toEqual([
        ['stdout', 'one', TS1],
        ['stderr', 'two', TS2],
        ['stdout', 'three', TS3],
      ])
    }
  })

  it('emits a last line without a newline at the end, and empty lines as lines', () => {
    expect(decode([frame(1, '\n\nlast')]).lines.map((l) => l[1])).toEqual(['', '', 'last'])
    expect(decode([frame(1, `${TS1} \n`)], { timestamps: true }).lines).toEqual([['stdout', '', TS1]])
  })

  it('takes text that does not start with a timestamp as text', () => {
    const odd = 'y'.repeat(50)
    expect(decode([frame(1, `${odd} z\n`)], { timestamps: true }).lines.map((l) => l[1])).toEqual([`${odd} z`])
  })
})

describe('LogDecoder raw (TTY) streams', () => {
  it('has one stream and drops the \\r of \\r\\n', () => {
    const bytes = enc.encode('one\r\ntwo\r\nthree')
    for (const sizes of [[1], [4], [bytes.length]]) {
      expect(decode(chunked(bytes, sizes), { tty: true }).lines).toEqual([
        ['stdout', 'one', ''],
        ['stdout', 'two', ''],
        ['stdout', 'three', ''],
      ])
    }
  })

  it('reads a timestamp at the start of every line', () => {
    const bytes = enc.encode(`${TS1} 하나\r\n${TS2} two\r\n${TS3} \r\n`)
    for (const sizes of [[1], [5], [bytes.length]]) {
      expect(decode(chunked(bytes, sizes), { tty: true, timestamps: true }).lines).toEqual([
        ['stdout', '하나', TS1],
        ['stdout', 'two', TS2],
        ['stdout', '', TS3],
      ])
    }
  })

  it('never treats a raw stream as frames, even when it looks like a header', () => {
    const bytes = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 2, 0x41, 0x0a)
    expect(decode([bytes], { tty: true }).lines).toEqual([['stdout', '\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0002A', '']])
  })
})

describe('LogDecoder on Node Buffers (the engine response)', () => {
  it('gives the same lines as on plain bytes, half characters and all', () => {
    const stamped = (ts: string, s: string) => `${ts} ${s}`
    const euro = enc.encode('€')
    const long = enc.encode(`${'x'.repeat(5)}`)
    const bytes = concat([
      frame(1, stamped(TS1, 'plain\n')),
      frame(1, concat([enc.encode(`${TS2} a`), euro.subarray(0, 2)])),
      frame(1, concat([enc.encode(`${TS3} `), euro.subarray(2), enc.encode('b\n')])),
      frame(2, stamped(TS1, 'ünï\ncode\n')),
      frame(1, concat([enc.encode(`${TS2} `), long, enc.encode('\n')])),
    ])
    for (const sizes of [[bytes.length], [1], [5, 3], [13]]) {
      const plain = decode(chunked(bytes, sizes), { timestamps: true }).lines
      const buffers = decode(chunked(Buffer.from(bytes), sizes).map((c) => Buffer.from(c)), { timestamps: true }).lines
      expect(buffers).toEqual(plain)
      expect(plain).toEqual([
        ['stdout', 'plain', TS1],
        ['stdout', 'a€b', TS2],
        ['stderr', 'ünï', TS1],
        ['stderr', 'code', TS1],
        ['stdout', 'xxxxx', TS2],
      ])
    }
  })
})
