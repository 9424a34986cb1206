import { createReadStream } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { join, posix, relative, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import * as tar from 'tar-stream'
import { AppError } from '../../src-shared/errors'

/** One `.dockerignore` rule as a regular expression; `!` rules re-include. */
interface IgnoreRule {
  negate: boolean
  pattern: RegExp
}

/** `.dockerignore` patterns (Go's filepath.Match plus `**`), in order; the last match wins. */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!')
      const raw = posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '')
      let re = ''
      for (let i = 0; i < raw.length; i++) {
        const c = raw[i] as string
        if (c === '*' && raw[i + 1] === '*') {
          re += '.*'
          i++
          if (raw[i + 1] === '/') i++
        } else if (c === '*') re += '[^/]*'
        else if (c === '?') re += '[^/]'
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
      }
      // A pattern matching a directory also excludes everything inside it.
      return { negate, pattern: new RegExp(`^${re}(?:/.*)?$`) }
    })
}

export function isIgnored(path: string, rules: IgnoreRule[]): boolean {
  let ignored = false
  for (const rule of rules) if (rule.pattern.test(path)) ignored = !rule.negate
  return ignored
}

/**
 * The build context as a tar stream, made in main (the renderer only names the folder). Honours
 * `.dockerignore`, but always sends the Dockerfile and .dockerignore, like the CLI.
 */
export async function packContext(contextPath: string, dockerfile: string, signal: AbortSignal): Promise<NodeJS.ReadableStream> {
  let rules: IgnoreRule[] = []
  try {
    rules = parseDockerignore(await readFile(join(contextPath, '.dockerignore'), 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  try {
    if (!(await lstat(join(contextPath, dockerfile))).isFile()) throw new Error('not a file')
  } catch {
    throw new AppError('INVALID_INPUT', `No ${dockerfile} in ${contextPath}: pick the folder that holds the Dockerfile.`)
  }
  const keep = new Set([posix.normalize(dockerfile), '.dockerignore'])
  const pack = tar.pack()
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (signal.aborted) throw new AppError('CANCELLED', 'The build was cancelled.')
      const full = join(dir, name)
      const rel = relative(contextPath, full).split(sep).join('/')
      const stat = await lstat(full)
      const ignored = isIgnored(rel, rules) && !keep.has(rel)
      if (stat.isDirectory()) {
        // An ignored folder may still hold a `!`-included file, so only skip when no rule re-includes.
        if (ignored && !rules.some((r) => r.negate)) continue
        if (!ignored) await entry({ name: rel, type: 'directory', mode: stat.mode, mtime: stat.mtime })
        await walk(full)
      } else if (ignored) {
        continue
      } else if (stat.isSymbolicLink()) {
        await entry({ name: rel, type: 'symlink', linkname: await readlink(full), mode: stat.mode, mtime: stat.mtime })
      } else if (stat.isFile()) {
        const sink = pack.entry({ name: rel, size: stat.size, mode: stat.mode, mtime: stat.mtime })
        await pipeline(createReadStream(full), sink)
      }
    }
  }
  const entry = (header: Parameters<typeof pack.entry>[0]) => new Promise<void>((resolve, reject) => pack.entry(header, (err) => (err ? reject(err) : resolve())))
  walk(contextPath).then(
    () => pack.finalize(),
    (error) => pack.destroy(error),
  )
  return pack as unknown as NodeJS.ReadableStream
}
