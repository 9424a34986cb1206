import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticFile {
  body: Buffer
  contentType: string
}

/** A file of the built renderer; paths outside its folder are never read. Unknown paths give index.html. */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const base = resolve(root)
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  const candidate = resolve(join(base, normalize(decoded)))
  if (candidate !== base && !candidate.startsWith(base + sep)) return undefined
  const file = (await isFile(candidate)) ? candidate : join(base, 'index.html')
  if (!(await isFile(file))) return undefined
  return { body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
