import { describe, expect, it } from 'vitest'
import { jsonLines, TransferProgress, transferError, type JsonMessage } from './transfer-progress'

describe('TransferProgress', () => {
  it('sums a pull\'s layers (download then extraction) into one bar that reaches its end', () => {
    const p = new TransferProgress('pull')
    const feed = (m: JsonMessage) => p.feed(m)
    expect(feed({ status: 'Pulling from team/app', id: '1' })).toEqual({ type: 'status', message: '1: Pulling from team/app' })
    feed({ status: 'Already exists', id: 'aaaaaaaaaaaa' })
    feed({ status: 'Pulling fs layer', id: 'bbbbbbbbbbbb' })
    feed({ status: 'Downloading', id: 'bbbbbbbbbbbb', progressDetail: { current: 50, total: 100 } })
    let chunk = p.progress()
    // a: 1 byte known, done (2 of 2); b: 50 of 200.
    expect(chunk).toEqual({ current: 2 + 50, max: 2 + 200, description: 'Pulling: 1 of 2 layers done' })
    feed({ status: 'Download complete', id: 'bbbbbbbbbbbb' })
    feed({ status: 'Extracting', id: 'bbbbbbbbbbbb', progressDetail: { current: 40, total: 100 } })
    expect(p.progress().current).toBe(2 + 140)
    const last = feed({ status: 'Pull complete', id: 'bbbbbbbbbbbb' })
    chunk = p.progress()
    expect(chunk.current).toBe(chunk.max)
    expect(last).toMatchObject({ type: 'progress', layers: [{ id: 'aaaaaaaaaaaa', done: true, status: 'Already exists' }, { id: 'bbbbbbbbbbbb', done: true }] })
  })

  it('is indeterminate before any layer, and complete() ends the bar', () => {
    const p = new TransferProgress('push')
    expect(p.progress().max).toBe(-1)
    expect(p.complete()).toMatchObject({ current: 1, max: 1 })
  })

  it('turns registry errors into codes', () => {
    const p = new TransferProgress('push')
    expect(() => p.feed({ errorDetail: { message: 'unauthorized: authentication required' }, error: 'x' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }))
    expect(transferError('manifest unknown', 'pull').code).toBe('NOT_FOUND')
    expect(transferError('dial tcp 127.0.0.1:1: connect: connection refused', 'pull').code).toBe('INVALID_INPUT')
  })
})

describe('jsonLines', () => {
  it('parses messages split across chunks', () => {
    const got: JsonMessage[] = []
    const feed = jsonLines((m) => got.push(m))
    feed('{"status":"a"}\n{"sta')
    feed('tus":"b"}\n')
    expect(got).toEqual([{ status: 'a' }, { status: 'b' }])
  })
})
