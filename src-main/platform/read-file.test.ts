import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readFileIfAny, readFrom, readTail, readTextIfAny } from './read-file'

const dir = mkdtempSync(join(tmpdir(), 'berth-read-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('reading optional and growing files', () => {
  it('answers undefined or empty for a missing file, never throws', () => {
    const missing = join(dir, 'missing')
    expect(readFileIfAny(missing)).toBeUndefined()
    expect(readTextIfAny(missing)).toBeUndefined()
    expect(readFrom(missing, 0).length).toBe(0)
    expect(readTail(missing, 10)).toBe('')
  })

  it('reads a growing log from an offset, and only its tail when asked', () => {
    const log = join(dir, 'console.log')
    writeFileSync(log, 'one\n')
    const first = readFrom(log, 0)
    expect(first.toString()).toBe('one\n')
    expect(readFrom(log, first.length).length).toBe(0)
    appendFileSync(log, 'two\nthree\n')
    expect(readFrom(log, first.length).toString()).toBe('two\nthree\n')
    expect(readTail(log, 6)).toBe('three\n')
    expect(readTail(log, 1000)).toBe('one\ntwo\nthree\n')
    expect(readTextIfAny(log)).toBe('one\ntwo\nthree\n')
  })
})
