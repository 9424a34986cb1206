import { createReadStream, createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { TransferChunk, VolumeFileContent, VolumeTree } from '../../src-shared/models/volumes'
import type { EngineConnection } from '../engines/engine-connection'
import { engineCall } from '../services/engine-call'
import type { HelperImage } from './helper-image'
import { archiveIsEmpty, fileFromArchive, isFolder, treeFromArchive } from './volume-archive'
import { extract } from 'tar-stream'

/** Chunks pushed to a window are about this big before base64. */
const CHUNK_BYTES = 256 * 1024

/**
 * A volume's files, read and written only through the engine's archive API on stopped helper
 * containers: browse, view, download, export, import, clone.
 */
export class VolumeFiles {
  constructor(private readonly helper: HelperImage) {}

  async browse(engine: EngineConnection, volume: string): Promise<VolumeTree> {
    await requireVolume(engine, volume)
    return this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: true }], async (c) =>
      treeFromArchive(volume, (await engineCall(engine, () => c.getArchive({ path: '/v/.' }))) as Readable),
    )
  }

  async readFile(engine: EngineConnection, volume: string, path: string): Promise<VolumeFileContent> {
    await requireVolume(engine, volume)
    return this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: true }], async (c) => {
      const archive = await engineCall(engine, () => c.getArchive({ path: `/v/${trimSlashes(path)}` })).catch(notInVolume(volume, path))
      return fileFromArchive(path, archive as Readable)
    })
  }

  /** A file's own bytes; a folder (or the whole volume, path '') as a tar. */
  async download(engine: EngineConnection, volume: string, path: string, sink: StreamSink<TransferChunk>): Promise<void> {
    await requireVolume(engine, volume)
    const inner = trimSlashes(path)
    await this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: true }], async (c) => {
      const target = inner === '' ? '/v/.' : `/v/${inner}`
      const folder = inner === '' || (await engineCall(engine, () => isFolder(c, target)).catch(notInVolume(volume, path)))
      const archive = (await engineCall(engine, () => c.getArchive({ path: target })).catch(notInVolume(volume, path))) as Readable
      if (folder) return pump(archive, sink, -1, inner || volume)
      // A file: send its bytes, not a one-file tar.
      const unpack = extract()
      await new Promise<void>((resolve, reject) => {
        unpack.once('entry', (header, body) => {
          pump(body, sink, header.size ?? -1, inner).then(() => {
            archive.destroy()
            resolve()
          }, reject)
        })
        unpack.on('error', reject)
        archive.on('error', reject)
        archive.pipe(unpack)
      })
    })
  }

  /** Progress is indeterminate: the tar's length is known only at its end. */
  async export(engine: EngineConnection, volume: string, sink: StreamSink<TransferChunk>): Promise<void> {
    await requireVolume(engine, volume)
    await this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: true }], async (c) => {
      const archive = (await engineCall(engine, () => c.getArchive({ path: '/v/.' }))) as Readable
      await pump(archive, sink, -1, volume)
    })
  }

  async exportToPath(engine: EngineConnection, volume: string, file: string, overwrite: boolean): Promise<{ bytes: number }> {
    await requireVolume(engine, volume)
    return this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: true }], async (c) => {
      const out = createWriteStream(file, { flags: overwrite ? 'w' : 'wx' })
      await new Promise<void>((resolve, reject) => {
        out.once('open', () => resolve())
        out.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'EEXIST'
              ? new AppError('CONFLICT', `A file exists at ${file} already: choose another name, or allow replacing it.`)
              : new AppError('INVALID_INPUT', `Cannot write ${file}: ${error.message}`),
          ),
        )
      })
      const archive = (await engineCall(engine, () => c.getArchive({ path: '/v/.' }))) as Readable
      await pipeline(archive, out)
      return { bytes: out.bytesWritten }
    })
  }

  /**
   * Makes sure `volume` may receive an import: creates it when missing, refuses one that holds
   * anything (an import never overwrites data).
   */
  async prepareImportTarget(engine: EngineConnection, volume: string): Promise<void> {
    const exists = await volumeExists(engine, volume)
    if (!exists) {
      await engineCall(engine, () => engine.docker.createVolume({ Name: volume }))
      return
    }
    const empty = await this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: true }], async (c) =>
      archiveIsEmpty((await engineCall(engine, () => c.getArchive({ path: '/v/.' }))) as Readable),
    )
    if (!empty) {
      throw new AppError(
        'CONFLICT',
        `The volume "${volume}" already holds files. Berth imports only into a new or empty volume, so nothing is overwritten: give a new volume name.`,
      )
    }
  }

  /** Unpacks a tar (plain or gzip) into a prepared volume. */
  async unpackInto(engine: EngineConnection, volume: string, tar: Readable): Promise<void> {
    await this.helper.withContainer(engine, [{ volume, target: '/v', readOnly: false }], async (c) => {
      await engineCall(engine, () => c.putArchive(tar, { path: '/v' })).catch((error: unknown) => {
        if (error instanceof AppError && error.code !== 'ENGINE_UNREACHABLE' && error.code !== 'CANCELLED') {
          throw new AppError('INVALID_INPUT', `The engine could not unpack the file into "${volume}": ${error.message}. Is it a .tar archive?`)
        }
        throw error
      })
    })
  }

  async importFromPath(engine: EngineConnection, volume: string, file: string): Promise<void> {
    const input = createReadStream(file)
    await new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve())
      input.once('error', (error: NodeJS.ErrnoException) =>
        reject(new AppError(error.code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_INPUT', `Cannot read ${file}: ${error.message}`)),
      )
    })
    try {
      await this.prepareImportTarget(engine, volume)
      await this.unpackInto(engine, volume, input)
    } finally {
      input.destroy()
    }
  }

  /** Copies every file of `source` into the new volume `target` (which must not exist). */
  async clone(engine: EngineConnection, source: string, target: string): Promise<void> {
    await requireVolume(engine, source)
    if (await volumeExists(engine, target)) {
      throw new AppError('CONFLICT', `A volume named "${target}" exists already: clone into a new name, so nothing is overwritten.`)
    }
    // A plain local volume, never the source's driver options: those may point at the source's own folder.
    await engineCall(engine, () => engine.docker.createVolume({ Name: target, Labels: { 'dev.berth.cloned-from': source } }))
    const mounts = [
      { volume: source, target: '/src', readOnly: true },
      { volume: target, target: '/dst', readOnly: false },
    ]
    await this.helper.withContainer(engine, mounts, async (c) => {
      const archive = (await engineCall(engine, () => c.getArchive({ path: '/src/.' }))) as Readable
      await engineCall(engine, () => c.putArchive(archive, { path: '/dst' }))
    })
  }
}

export async function volumeExists(engine: EngineConnection, volume: string): Promise<boolean> {
  return engineCall(engine, () => engine.docker.getVolume(volume).inspect()).then(
    () => true,
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return false
      throw error
    },
  )
}

/** Checked before any helper mounts a volume: mounting a missing name would create it. */
export async function requireVolume(engine: EngineConnection, volume: string): Promise<void> {
  if (!(await volumeExists(engine, volume))) throw new AppError('NOT_FOUND', `No volume named "${volume}" on this engine: it may have been removed.`)
}

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, '')

const notInVolume = (volume: string, path: string) => (error: unknown) => {
  if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', `Nothing at "${path}" in the volume "${volume}".`)
  throw error
}

/** Streams bytes to a window as base64 chunks with progress; stops (quietly) when the window cancels. */
/** Node's and streamx's readables both fit. */
interface ByteSource {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown
  destroy(): void
}

function pump(source: ByteSource, sink: StreamSink<TransferChunk>, max: number, description: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let pending: Buffer[] = []
    let pendingBytes = 0
    let sent = 0
    const flush = () => {
      if (pendingBytes === 0) return
      const data = Buffer.concat(pending)
      sent += data.length
      pending = []
      pendingBytes = 0
      sink.next({ data: data.toString('base64'), progress: { current: sent, max, description } })
    }
    const onAbort = () => {
      source.destroy()
      resolve()
    }
    sink.signal.addEventListener('abort', onAbort, { once: true })
    source.on('data', (b: Buffer) => {
      pending.push(b)
      pendingBytes += b.length
      if (pendingBytes >= CHUNK_BYTES) flush()
    })
    source.on('end', () => {
      flush()
      sink.signal.removeEventListener('abort', onAbort)
      resolve()
    })
    source.on('error', (error: Error) => {
      sink.signal.removeEventListener('abort', onAbort)
      if (sink.signal.aborted) resolve()
      else reject(error)
    })
  })
}
