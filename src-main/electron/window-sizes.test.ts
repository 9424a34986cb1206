import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SIZES, parseSizes, sizedWindowOf, trackWindowSize, WindowSizes, type ResizableWindow, type SizeFileIo } from './window-sizes'

/** An in-memory file system for the sizes file. */
function memoryIo(initial?: string) {
  const files = new Map<string, string>()
  if (initial !== undefined) files.set('/data/window-sizes.json', initial)
  const writes: string[] = []
  const io: SizeFileIo = {
    read: (path) => files.get(path),
    write: (path, text) => {
      writes.push(text)
      files.set(path, text)
    },
  }
  return { io, files, writes }
}

const FILE = '/data/window-sizes.json'

describe('sizedWindowOf', () => {
  it('knows log windows, a container’s or a project’s, and nothing else', () => {
    expect(sizedWindowOf('file:///app/index.html#/logs/local/abc123')).toBe('logs')
    expect(sizedWindowOf('http://localhost:5173/#/logs/local/project/shop')).toBe('logs')
    expect(sizedWindowOf('file:///app/index.html#/terminal/local/abc')).toBeUndefined()
    expect(sizedWindowOf('file:///app/index.html#/containers')).toBeUndefined()
    expect(sizedWindowOf('file:///app/logs/index.html')).toBeUndefined()
  })
})

describe('parseSizes', () => {
  it('reads valid sizes and drops anything else', () => {
    expect(parseSizes('{"logs":{"width":1200.4,"height":800}}')).toEqual({ logs: { width: 1200, height: 800 } })
    expect(parseSizes(undefined)).toEqual({})
    expect(parseSizes('not json')).toEqual({})
    expect(parseSizes('null')).toEqual({})
    expect(parseSizes('{"logs":{"width":10,"height":800}}')).toEqual({})
    expect(parseSizes('{"logs":{"width":"1200","height":800}}')).toEqual({})
    expect(parseSizes('{"logs":{"width":1e9,"height":800}}')).toEqual({})
  })
})

describe('WindowSizes', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('gives the default until a size is remembered, and a copy each time', () => {
    const sizes = new WindowSizes(FILE, memoryIo().io)
    const size = sizes.get('logs')
    expect(size).toEqual(DEFAULT_SIZES.logs)
    size.width = 1
    expect(sizes.get('logs')).toEqual(DEFAULT_SIZES.logs)
  })

  it('reads the last saved size from the file', () => {
    const sizes = new WindowSizes(FILE, memoryIo('{"logs":{"width":1300,"height":900}}').io)
    expect(sizes.get('logs')).toEqual({ width: 1300, height: 900 })
  })

  it('saves once resizing pauses, not per event', () => {
    const { io, writes, files } = memoryIo()
    const sizes = new WindowSizes(FILE, io, 500)
    for (let w = 900; w <= 1200; w += 10) sizes.set('logs', { width: w, height: 700 })
    expect(writes).toHaveLength(0)
    expect(sizes.get('logs')).toEqual({ width: 1200, height: 700 })
    vi.advanceTimersByTime(499)
    expect(writes).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(writes).toHaveLength(1)
    expect(JSON.parse(files.get(FILE)!)).toEqual({ logs: { width: 1200, height: 700 } })
    // The same size again is no write; a new file reads what was saved.
    sizes.set('logs', { width: 1200, height: 700 })
    vi.advanceTimersByTime(1000)
    expect(writes).toHaveLength(1)
    expect(new WindowSizes(FILE, io).get('logs')).toEqual({ width: 1200, height: 700 })
  })

  it('ignores invalid sizes and survives a failing write', () => {
    const io: SizeFileIo = {
      read: () => undefined,
      write: () => {
        throw new Error('read-only')
      },
    }
    const sizes = new WindowSizes(FILE, io)
    sizes.set('logs', { width: 0, height: -5 })
    sizes.set('logs', { width: Number.NaN, height: 700 })
    expect(sizes.get('logs')).toEqual(DEFAULT_SIZES.logs)
    sizes.set('logs', { width: 1100, height: 700 })
    expect(() => sizes.flush()).not.toThrow()
    expect(sizes.get('logs')).toEqual({ width: 1100, height: 700 })
  })
})

describe('trackWindowSize', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('remembers the window’s normal size on resize, and saves at once on close', () => {
    const listeners = new Map<string, () => void>()
    let bounds = { width: 1000, height: 680 }
    const window: ResizableWindow = {
      on: (event, listener) => listeners.set(event, listener),
      getNormalBounds: () => bounds,
      isDestroyed: () => false,
    }
    const { io, writes, files } = memoryIo()
    const sizes = new WindowSizes(FILE, io, 500)
    trackWindowSize(window, 'logs', sizes)
    bounds = { width: 1400, height: 900 }
    listeners.get('resize')!()
    expect(writes).toHaveLength(0)
    bounds = { width: 1500, height: 950 }
    listeners.get('close')!()
    expect(writes).toHaveLength(1)
    expect(JSON.parse(files.get(FILE)!)).toEqual({ logs: { width: 1500, height: 950 } })
    vi.advanceTimersByTime(1000)
    expect(writes).toHaveLength(1)
  })
})
