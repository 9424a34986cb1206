import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'

/** A file's bytes, or undefined when it cannot be read (missing, not ours): for optional files. */
export function readFileIfAny(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}

export function readTextIfAny(path: string): string | undefined {
  return readFileIfAny(path)?.toString('utf8')
}

/** A growing file's bytes from `start` to its end now (empty when it is missing or not longer). */
export function readFrom(path: string, start: number): Buffer {
  return readRange(path, () => start)
}

/** At most the last `maxBytes` of a file, as text ('' when it is missing). */
export function readTail(path: string, maxBytes: number): string {
  return readRange(path, (size) => Math.max(0, size - maxBytes)).toString('utf8')
}

/** Reads from where `startOf(size)` says to the end, without reading what comes before. */
function readRange(path: string, startOf: (size: number) => number): Buffer {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return Buffer.alloc(0)
  }
  try {
    const size = fstatSync(fd).size
    const start = startOf(size)
    if (size <= start) return Buffer.alloc(0)
    const buffer = Buffer.alloc(size - start)
    const n = readSync(fd, buffer, 0, buffer.length, start)
    return buffer.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}
