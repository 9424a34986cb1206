/**
 * The browser bridge's message encoding. A message without typed arrays is JSON text, as before;
 * one with typed arrays (a log frame) is one binary WebSocket message, so the arrays travel as
 * their bytes instead of as JSON lists of numbers:
 *
 *   u32 LE  length of the header in bytes
 *   header  UTF-8 JSON of the message, each typed array replaced by
 *           {"$typed": [kind, offset, byteLength]}, its place in the body
 *   pad     to a multiple of 8
 *   body    the arrays' bytes, each starting at a multiple of 8 (so the receiver can view them
 *           in place: a Float64Array must start at a multiple of 8)
 *
 * Electron's IPC needs none of this: structured clone carries typed arrays itself.
 */

const KINDS = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const
type Kind = keyof typeof KINDS
type Typed = InstanceType<(typeof KINDS)[Kind]>
const TYPED_KEY = '$typed'

const kindOf = (value: unknown): Kind | undefined => {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined
  const name = value.constructor.name
  return name in KINDS ? (name as Kind) : undefined
}

const pad8 = (n: number) => (n + 7) & ~7
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A message for the socket: a string (text message) or bytes (binary message). */
export function encodeWire(message: unknown): string | Uint8Array {
  const arrays: Typed[] = []
  let bodySize = 0
  const json = JSON.stringify(message, (_key, value: unknown) => {
    const kind = kindOf(value)
    if (!kind) return value
    const array = value as Typed
    arrays.push(array)
    const offset = bodySize
    bodySize += pad8(array.byteLength)
    return { [TYPED_KEY]: [kind, offset, array.byteLength] }
  })
  if (arrays.length === 0) return json
  const header = encoder.encode(json)
  const bodyStart = pad8(4 + header.length)
  const out = new Uint8Array(bodyStart + bodySize)
  new DataView(out.buffer).setUint32(0, header.length, true)
  out.set(header, 4)
  let at = bodyStart
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at)
    at += pad8(a.byteLength)
  }
  return out
}

/** The message back from what `encodeWire` made; typed arrays are views of `data`, not copies. */
export function decodeWire(data: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof data === 'string') return JSON.parse(data)
  let bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  // Views need 8-byte alignment from the buffer's start.
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice()
  if (bytes.length < 4) throw new Error('Truncated message.')
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true)
  const bodyStart = pad8(4 + headerLength)
  if (4 + headerLength > bytes.length) throw new Error('Truncated message.')
  const header = decoder.decode(bytes.subarray(4, 4 + headerLength))
  const body = bytes.byteOffset + bodyStart
  return JSON.parse(header, (_key, value: unknown) => {
    const ref = (value as Record<string, unknown> | null)?.[TYPED_KEY]
    if (!Array.isArray(ref)) return value
    const [kind, offset, byteLength] = ref as [unknown, unknown, unknown]
    if (typeof kind !== 'string' || !(kind in KINDS) || !Number.isInteger(offset) || !Number.isInteger(byteLength)) return value
    const Ctor = KINDS[kind as Kind]
    const start = body + (offset as number)
    if ((offset as number) < 0 || start + (byteLength as number) > bytes.byteOffset + bytes.length || (byteLength as number) % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new Error('Typed array outside the message.')
    }
    return new Ctor(bytes.buffer as ArrayBuffer, start, (byteLength as number) / Ctor.BYTES_PER_ELEMENT)
  }) as unknown
}
