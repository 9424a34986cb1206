import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Logger } from './logger'

/**
 * A small JSON settings file, one top-level key per owner (`engines` …). Writes go to a temporary
 * file renamed over the old one, so a crash never leaves half a file. Without a directory it
 * keeps everything in memory: tests and other embedders remember nothing unless they ask to.
 */
export class SettingsStore {
  private data: Record<string, unknown> = {}
  readonly path?: string

  constructor(
    dataDir: string | undefined,
    private readonly logger: Logger,
  ) {
    if (!dataDir) return
    this.path = join(dataDir, 'settings.json')
    this.data = this.load(this.path)
  }

  /** The value under `key`, or undefined; readers validate what they get. */
  get(key: string): unknown {
    return this.data[key]
  }

  set(key: string, value: unknown): void {
    this.data = { ...this.data, [key]: value }
    if (!this.path) return
    try {
      mkdirSync(dirname(this.path), { recursive: true })
      const temporary = `${this.path}.${process.pid}.tmp`
      writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 })
      renameSync(temporary, this.path)
    } catch (error) {
      this.logger.error(`Could not save settings to ${this.path}`, error)
    }
  }

  private load(path: string): Record<string, unknown> {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      return {}
    }
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    } catch {
      // fall through: keep the unreadable file aside rather than overwrite what the person had
    }
    const aside = `${path}.unreadable`
    this.logger.warn(`Settings file ${path} is not valid JSON; moved it to ${aside} and started afresh.`)
    try {
      renameSync(path, aside)
    } catch {
      // nothing more to do
    }
    return {}
  }
}
