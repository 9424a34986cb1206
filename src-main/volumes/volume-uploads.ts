import { randomUUID } from 'node:crypto'
import { PassThrough } from 'node:stream'
import { AppError } from '../../src-shared/errors'

/** An upload with no chunk for this long is abandoned (its window went away mid-import). */
const IDLE_MS = 120_000
/** At most one decoded chunk is this big. */
export const MAX_CHUNK_BYTES = 1024 * 1024

interface Upload {
  engineId: string
  volume: string
  input: PassThrough
  /** Settles when the engine has unpacked everything (or failed). */
  done: Promise<void>
  failure?: unknown
  bytes: number
  timer: NodeJS.Timeout
}

/**
 * Imports that arrive in pieces (the window reads a file and sends it chunk by chunk, which works
 * the same over Electron's IPC and the browser bridge). Each upload feeds one PUT archive request.
 */
export class VolumeUploads {
  private readonly uploads = new Map<string, Upload>()

  /** Starts an upload whose bytes `consume` streams to the engine. */
  begin(engineId: string, volume: string, consume: (input: PassThrough) => Promise<void>): string {
    const id = randomUUID()
    const input = new PassThrough({ highWaterMark: 2 * MAX_CHUNK_BYTES })
    const upload: Upload = { engineId, volume, input, bytes: 0, done: Promise.resolve(), timer: this.idleTimer(id) }
    upload.done = consume(input).catch((error: unknown) => {
      upload.failure = error
      input.destroy()
      throw error
    })
    // A failure is reported by the next chunk or by end; keep it from being an unhandled rejection.
    upload.done.catch(() => undefined)
    this.uploads.set(id, upload)
    return id
  }

  async chunk(engineId: string, id: string, base64: string): Promise<{ bytes: number }> {
    const upload = this.get(engineId, id)
    if (upload.failure) throw this.finish(id, upload.failure)
    const bytes = Buffer.from(base64, 'base64')
    if (bytes.length > MAX_CHUNK_BYTES) throw new AppError('INVALID_INPUT', `A chunk may hold at most ${MAX_CHUNK_BYTES} bytes.`)
    upload.timer.refresh()
    upload.bytes += bytes.length
    if (!upload.input.write(bytes)) {
      // Wait for the engine to take the bytes, or for the upload to fail.
      await Promise.race([new Promise((resolve) => upload.input.once('drain', resolve)), upload.done.catch(() => undefined)])
    }
    if (upload.failure) throw this.finish(id, upload.failure)
    return { bytes: upload.bytes }
  }

  /** Ends the input and waits for the engine; answers the volume's name. */
  async end(engineId: string, id: string): Promise<string> {
    const upload = this.get(engineId, id)
    upload.input.end()
    try {
      await upload.done
      return upload.volume
    } catch (error) {
      throw this.finish(id, error)
    } finally {
      this.finish(id)
    }
  }

  abort(engineId: string, id: string): void {
    const upload = this.get(engineId, id)
    upload.input.destroy(new AppError('CANCELLED', 'The import was cancelled.'))
    this.finish(id)
  }

  dispose(): void {
    for (const [id, upload] of this.uploads) {
      upload.input.destroy(new AppError('CANCELLED', 'Berth is closing.'))
      this.finish(id)
    }
  }

  private get(engineId: string, id: string): Upload {
    const upload = this.uploads.get(id)
    if (!upload || upload.engineId !== engineId) {
      throw new AppError('NOT_FOUND', 'This import is over (it finished, failed or sat idle too long): start it again.')
    }
    return upload
  }

  private finish(id: string, error?: unknown): unknown {
    const upload = this.uploads.get(id)
    if (upload) clearTimeout(upload.timer)
    this.uploads.delete(id)
    return error
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const upload = this.uploads.get(id)
      if (!upload) return
      upload.input.destroy(new AppError('CANCELLED', 'The import sat idle too long and was abandoned.'))
      this.finish(id)
    }, IDLE_MS)
    timer.unref()
    return timer
  }
}
