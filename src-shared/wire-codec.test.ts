import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from './wire-codec'

describe('wire codec', () => {
  it('keeps plain messages as JSON text', () => {
    const message = { kind: 'result', id: 3, result: { ok: true, value: [1, 'a', null] } }
    const wire = encodeWire(message)
    expect(typeof wire).toBe('string')
    expect(decodeWire(wire)).toEqual(message)
  })

  it('round-trips a log frame as one binary message, typed arrays as their bytes', () => {
    const frame = {
      text: 'één\n\x1b[31mred\x1b[0m\n\n',
      stderr: Uint8Array.of(0, 1, 0),
      seconds: Float64Array.of(1704067200, 1704067201, Number.NaN),
      nanos: Uint32Array.of(1, 999_999_999, 0),
      markers: [{ kind: 'stopped', index: 3, at: 'x' }],
    }
    const message = { kind: 'event', channel: 'stream:event', event: { streamId: 's1', type: 'chunk', data: frame } }
    const wire = encodeWire(message)
    expect(wire).toBeInstanceOf(Uint8Array)
    // A frame is a few bytes a line, not a JSON list of numbers.
    expect((wire as Uint8Array).length).toBeLessThan(JSON.stringify(frame.text).length + 3 * 8 + 3 * 4 + 3 + 300)
    const back = decodeWire((wire as Uint8Array).slice().buffer) as typeof message
    expect(back.event.data.text).toBe(frame.text)
    expect(back.event.data.stderr).toBeInstanceOf(Uint8Array)
    expect(Array.from(back.event.data.stderr)).toEqual([0, 1, 0])
    expect(back.event.data.seconds).toBeInstanceOf(Float64Array)
    expect(Array.from(back.event.data.seconds)).toEqual([1704067200, 1704067201, Number.NaN])
    expect(Array.from(back.event.data.nanos)).toEqual([1, 999_999_999, 0])
    expect(back.event.data.markers).toEqual(frame.markers)
    expect(back.event.streamId).toBe('s1')
  })

  it('handles empty and unaligned arrays, and a view at an odd offset', () => {
    const big = new Uint8Array(17).fill(7)
    const message = { a: new Float64Array(0), b: big.subarray(3, 8), c: Float64Array.of(0.5) }
    const wire = encodeWire(message) as Uint8Array
    const shifted = new Uint8Array(wire.length + 1)
    shifted.set(wire, 1)
    const back = decodeWire(shifted.subarray(1)) as typeof message
    expect(Array.from(back.a)).toEqual([])
    expect(Array.from(back.b)).toEqual([7, 7, 7, 7, 7])
    expect(Array.from(back.c)).toEqual([0.5])
  })

  it('refuses references outside the message', () => {
    const wire = encodeWire({ a: Uint32Array.of(1, 2) }) as Uint8Array
    expect(() => decodeWire(wire.subarray(0, wire.length - 8))).toThrow()
  })
})
