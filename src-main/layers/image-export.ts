import type { Readable } from 'node:stream'
import * as tar from 'tar-stream'
import { AppError } from '../../src-shared/errors'
import type { FileNode } from '../../src-shared/models/layer'
import { toLayerEntry, type LayerEntry } from './file-tree'
import { TarScanner } from './tar-scan'

/** What one pass over `docker save` gives: each layer's entries in RootFS order. */
export interface ExportedLayers {
  layers: LayerEntry[][]
  /** The layer tars' paths in the export, bottom to top (from manifest.json). */
  layerPaths: string[]
}

const TYPES: Record<string, FileNode['type']> = { file: 'file', directory: 'dir', symlink: 'symlink', link: 'hardlink' }

/**
 * Reads an image export (GET /images/{name}/get) in one pass, never writing it to disk: the outer
 * tar holds each layer as a tar (`<id>/layer.tar`, or `blobs/sha256/<hex>` in the OCI layout), each
 * parsed as it streams by; file contents are skipped, not kept. `onBytes` reports progress.
 */
export async function readExport(source: Readable, signal: AbortSignal, onBytes: (bytes: number) => void): Promise<ExportedLayers> {
  const outer = tar.extract()
  const parsed = new Map<string, LayerEntry[]>()
  const aliases = new Map<string, string>()
  let manifest: { Layers?: string[] }[] | undefined
  let bytes = 0
  const onAbort = () => {
    source.destroy()
    outer.destroy(new AppError('CANCELLED', 'The layer analysis was cancelled.'))
  }
  if (signal.aborted) onAbort()
  signal.addEventListener('abort', onAbort, { once: true })
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    onBytes(bytes)
  })
  source.on('error', (error) => outer.destroy(error))
  source.pipe(outer)
  try {
    for await (const entry of outer) {
      const { name, type, linkname } = entry.header
      if (type === 'symlink' && linkname) {
        // Newer engines link a repeated layer to its first copy.
        aliases.set(name, joinPath(name, linkname))
        entry.resume()
      } else if (type === 'file' && name === 'manifest.json') {
        manifest = JSON.parse((await readAll(entry as unknown as Readable)).toString()) as { Layers?: string[] }[]
      } else if (type === 'file' && name.endsWith('/layer.tar')) {
        parsed.set(name, await readLayer(entry as unknown as Readable))
      } else if (type === 'file' && name.startsWith('blobs/')) {
        // The OCI layout mixes layers with JSON blobs: look for a tar header before parsing.
        const head = await peek(entry as unknown as Readable, 512)
        if (head.bytes.length >= 262 && head.bytes.toString('latin1', 257, 262) === 'ustar') {
          parsed.set(name, await readLayer(head.rest))
        } else {
          head.rest.resume()
          await new Promise((r) => head.rest.on('end', r))
        }
      } else {
        entry.resume()
      }
    }
  } catch (error) {
    if (signal.aborted) throw new AppError('CANCELLED', 'The layer analysis was cancelled.')
    throw error
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
  if (signal.aborted) throw new AppError('CANCELLED', 'The layer analysis was cancelled.')
  const layerPaths = manifest?.[0]?.Layers
  if (!layerPaths) throw new AppError('INTERNAL', 'The image export has no manifest.json: the engine sent something Berth does not know.')
  const layers = layerPaths.map((path) => {
    const entries = parsed.get(path) ?? parsed.get(aliases.get(path) ?? '')
    // An empty layer tar (1024 zero bytes) carries no ustar header: it holds nothing.
    return entries ?? []
  })
  return { layers, layerPaths }
}

/**
 * One layer tar's entries (names, types, sizes), read as it streams out of the outer tar; contents
 * skipped. The headers are scanned directly: a layer may hold 100,000 entries.
 */
async function readLayer(stream: Readable): Promise<LayerEntry[]> {
  const entries: LayerEntry[] = []
  const scanner = new TarScanner((h) => {
    const e = toLayerEntry(h.name, TYPES[h.type] ?? 'other', h.size, h.mode, h.linkname || undefined)
    if (e) entries.push(e)
  })
  for await (const chunk of stream) scanner.push(chunk as Buffer)
  return entries
}

/** Reads a small entry whole. */
async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

/** The first `n` bytes of a stream, and a stream that replays them before the rest. */
async function peek(stream: Readable, n: number): Promise<{ bytes: Buffer; rest: Readable }> {
  const { PassThrough } = await import('node:stream')
  const rest = new PassThrough({ highWaterMark: 1 << 20 })
  const head: Buffer[] = []
  let got = 0
  let resolveHead!: (b: Buffer) => void
  const headReady = new Promise<Buffer>((r) => (resolveHead = r))
  stream.on('data', (chunk: Buffer) => {
    if (got < n) {
      head.push(chunk)
      got += chunk.length
      if (got >= n) resolveHead(Buffer.concat(head))
    }
    if (!rest.write(chunk)) {
      stream.pause()
      rest.once('drain', () => stream.resume())
    }
  })
  stream.on('end', () => {
    if (got < n) resolveHead(Buffer.concat(head))
    rest.end()
  })
  stream.on('error', (e) => rest.destroy(e))
  return { bytes: await headReady, rest }
}

function joinPath(from: string, link: string): string {
  const parts = from.split('/').slice(0, -1)
  for (const p of link.split('/')) {
    if (p === '..') parts.pop()
    else if (p !== '.' && p !== '') parts.push(p)
  }
  return parts.join('/')
}
