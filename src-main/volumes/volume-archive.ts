import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import { extract, type Header } from 'tar-stream'
import { AppError } from '../../src-shared/errors'
import type { VolumeEntry, VolumeFileContent, VolumeTree } from '../../src-shared/models/volumes'

/** How many entries a browse lists before it stops reading (the tree says it was cut short). */
export const MAX_BROWSE_ENTRIES = 20_000
/** The most of a file the viewer reads. */
export const MAX_VIEW_BYTES = 256 * 1024

/** `./logs/app.log/` → `logs/app.log`; the archive root `./` → ''. */
export function normalizeEntryName(name: string): string {
  return name.replace(/^\.\/?/, '').replace(/\/+$/, '')
}

function entryType(type: Header['type']): VolumeEntry['type'] {
  if (type === 'file' || type === 'contiguous-file' || type === 'link') return 'file'
  if (type === 'directory') return 'directory'
  if (type === 'symlink') return 'symlink'
  return 'other'
}

/**
 * Reads a tar of a volume's root (entries `./…`) into a flat list, folders sized as the sum of
 * what is under them. Only headers are kept; file bodies are skipped as they stream past.
 */
export async function treeFromArchive(volume: string, archive: Readable, maxEntries = MAX_BROWSE_ENTRIES): Promise<VolumeTree> {
  const entries: VolumeEntry[] = []
  const byPath = new Map<string, VolumeEntry>()
  let totalBytes = 0
  let fileCount = 0
  let truncated = false
  const unpack = extract()
  await new Promise<void>((resolve, reject) => {
    unpack.on('entry', (header, body, next) => {
      const path = normalizeEntryName(header.name)
      if (path !== '') {
        if (entries.length >= maxEntries) {
          truncated = true
          body.resume()
          archive.unpipe(unpack)
          ;(archive as Readable & { destroy?: () => void }).destroy?.()
          resolve()
          return
        }
        const type = entryType(header.type)
        const size = type === 'file' ? (header.size ?? 0) : 0
        const entry: VolumeEntry = {
          path,
          type,
          size,
          mode: (header.mode ?? 0) & 0o7777,
          ...(header.mtime ? { modifiedAt: header.mtime.toISOString() } : {}),
          ...(header.linkname ? { linkTarget: header.linkname } : {}),
        }
        entries.push(entry)
        byPath.set(path, entry)
        if (type === 'file') {
          fileCount++
          totalBytes += size
          // Add the file's bytes to each folder above it.
          for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            const parent = byPath.get(path.slice(0, i))
            if (parent) parent.size += size
          }
        }
      }
      body.on('end', next)
      body.resume()
    })
    unpack.on('finish', resolve)
    unpack.on('error', reject)
    archive.on('error', reject)
    archive.pipe(unpack)
  })
  return { volume, entries, totalBytes, fileCount, truncated }
}

/** True when a tar of a volume's root holds nothing but the root itself. */
export async function archiveIsEmpty(archive: Readable): Promise<boolean> {
  const unpack = extract()
  return new Promise<boolean>((resolve, reject) => {
    unpack.on('entry', (header, body, next) => {
      if (normalizeEntryName(header.name) !== '') {
        archive.unpipe(unpack)
        archive.destroy()
        resolve(false)
        return
      }
      body.on('end', next)
      body.resume()
    })
    unpack.on('finish', () => resolve(true))
    unpack.on('error', reject)
    archive.on('error', reject)
    archive.pipe(unpack)
  })
}

/** The first `maxBytes` of the one file in a tar of a file (GET archive of a file's path). */
export async function fileFromArchive(path: string, archive: Readable, maxBytes = MAX_VIEW_BYTES): Promise<VolumeFileContent> {
  const unpack = extract()
  return new Promise<VolumeFileContent>((resolve, reject) => {
    let answered = false
    unpack.on('entry', (header, body) => {
      if (answered) {
        body.resume()
        return
      }
      answered = true
      if (header.type === 'directory') {
        archive.destroy()
        reject(new AppError('INVALID_INPUT', `"${path}" is a folder, not a file: open it in the tree instead.`))
        return
      }
      const size = header.size ?? 0
      const parts: Buffer[] = []
      let got = 0
      body.on('data', (data: unknown) => {
        const b = data as Buffer
        if (got < maxBytes) parts.push(b.subarray(0, maxBytes - got))
        got += b.length
        if (got >= maxBytes) {
          archive.unpipe(unpack)
          archive.destroy()
          finish()
        }
      })
      body.on('end', finish)
      let done = false
      function finish() {
        if (done) return
        done = true
        const bytes = Buffer.concat(parts)
        const binary = looksBinary(bytes)
        resolve({ path, size, text: binary ? '' : bytes.toString('utf8'), binary, truncated: size > bytes.length })
      }
    })
    unpack.on('finish', () => {
      if (!answered) reject(new AppError('NOT_FOUND', `"${path}" is not a file in this volume.`))
    })
    unpack.on('error', reject)
    archive.on('error', reject)
    archive.pipe(unpack)
  })
}

/** A NUL byte, or bytes that are not UTF-8, say "not text". */
export function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192)
  if (head.includes(0)) return true
  try {
    // `stream: true` keeps a character cut at the end from counting as an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return false
  } catch {
    return true
  }
}

/** Whether a path in a helper container is a folder (HEAD archive's stat header; Go's os.ModeDir bit). */
export async function isFolder(container: Dockerode.Container, path: string): Promise<boolean> {
  const response = (await container.infoArchive({ path })) as unknown as IncomingMessage
  response.resume()
  const stat = response.headers['x-docker-container-path-stat']
  if (typeof stat !== 'string') return false
  const { mode = 0 } = JSON.parse(Buffer.from(stat, 'base64').toString('utf8')) as { mode?: number }
  // ModeDir is 1 << 31: past JavaScript's 32-bit signed bit operations, so divide.
  return Math.floor(mode / 2 ** 31) % 2 === 1
}
