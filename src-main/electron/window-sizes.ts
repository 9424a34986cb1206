import { readFileSync, renameSync, writeFileSync } from 'node:fs'

/**
 * Remembers the size of the windows Berth opens beside the main one (the log window), in a small
 * JSON file in the app's userData: `{"logs":{"width":1200,"height":800}}`. Pure but for the file
 * access, which is injectable; only `trackWindowSize`'s caller touches Electron.
 */

export interface WindowSize {
  width: number
  height: number
}

/** The kinds of window whose size is kept, by their route. */
export type SizedWindow = 'logs'

export interface SizeFileIo {
  /** The file's text, or undefined when there is none. */
  read(path: string): string | undefined
  write(path: string, text: string): void
}

/** Smaller than this a window is useless; larger is a corrupt file, not a screen. */
const MIN = { width: 400, height: 300 }
const MAX = 20_000

export const DEFAULT_SIZES: Record<SizedWindow, WindowSize> = { logs: { width: 1000, height: 680 } }

/** Which remembered kind a window opened for this URL is, if any (`#/logs/…`, project logs included). */
export function sizedWindowOf(url: string): SizedWindow | undefined {
  const at = url.indexOf('#')
  return at >= 0 && url.startsWith('#/logs/', at) ? 'logs' : undefined
}

/** A size as read from the file: whole pixels within bounds, or undefined for anything else. */
export function validSize(value: unknown): WindowSize | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { width, height } = value as Record<string, unknown>
  const ok = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isFinite(n) && n >= min && n <= MAX
  if (!ok(width, MIN.width) || !ok(height, MIN.height)) return undefined
  return { width: Math.round(width), height: Math.round(height) }
}

/** The file's sizes; a missing, unreadable or corrupt file is no sizes (never an error at startup). */
export function parseSizes(text: string | undefined): Partial<Record<SizedWindow, WindowSize>> {
  if (!text) return {}
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof data !== 'object' || data === null) return {}
  const out: Partial<Record<SizedWindow, WindowSize>> = {}
  for (const kind of Object.keys(DEFAULT_SIZES) as SizedWindow[]) {
    const size = validSize((data as Record<string, unknown>)[kind])
    if (size) out[kind] = size
  }
  return out
}

export const fileIo: SizeFileIo = {
  read(path) {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return undefined
    }
  },
  write(path, text) {
    // Written beside and renamed: a crash mid-write leaves the old file, not half a file.
    const temporary = `${path}.tmp`
    writeFileSync(temporary, text)
    renameSync(temporary, path)
  },
}

export class WindowSizes {
  private sizes?: Partial<Record<SizedWindow, WindowSize>>
  private timer?: ReturnType<typeof setTimeout>
  private dirty = false

  constructor(
    private readonly file: string,
    private readonly io: SizeFileIo = fileIo,
    /** Resizing sends dozens of events a second: the file is written once they pause. */
    private readonly debounceMs = 500,
  ) {}

  /** The remembered size of this kind of window, or its default. */
  get(kind: SizedWindow): WindowSize {
    return { ...(this.load()[kind] ?? DEFAULT_SIZES[kind]) }
  }

  /** Remembers a size; saved after `debounceMs` without another. Invalid sizes are ignored. */
  set(kind: SizedWindow, size: WindowSize): void {
    const valid = validSize(size)
    if (!valid) return
    const sizes = this.load()
    const old = sizes[kind]
    if (old && old.width === valid.width && old.height === valid.height) return
    sizes[kind] = valid
    this.dirty = true
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.flush(), this.debounceMs)
  }

  /** Saves now, if anything changed (a window closing, the app quitting). */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!this.dirty) return
    this.dirty = false
    try {
      this.io.write(this.file, `${JSON.stringify(this.load())}\n`)
    } catch {
      // A read-only profile costs the remembered size, nothing else.
    }
  }

  private load(): Partial<Record<SizedWindow, WindowSize>> {
    this.sizes ??= parseSizes(this.io.read(this.file))
    return this.sizes
  }
}

/** What `trackWindowSize` needs of a BrowserWindow. */
export interface ResizableWindow {
  on(event: 'resize' | 'close', listener: () => void): unknown
  getNormalBounds(): { width: number; height: number }
  isDestroyed(): boolean
}

/** Keeps `sizes` up to date with a window: each resize (debounced by `sizes`), and at close at once. */
export function trackWindowSize(window: ResizableWindow, kind: SizedWindow, sizes: WindowSizes): void {
  // Normal bounds: a maximised or full-screen window remembers the size it goes back to.
  const remember = () => {
    if (window.isDestroyed()) return
    const { width, height } = window.getNormalBounds()
    sizes.set(kind, { width, height })
  }
  window.on('resize', remember)
  window.on('close', () => {
    remember()
    sizes.flush()
  })
}
