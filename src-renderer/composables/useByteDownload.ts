import type { StreamHandlers, Subscription } from '../../src-shared/contract'
import type { AppError } from '../../src-shared/errors'
import type { Progress } from '../../src-shared/models/progress'
import type { TransferChunk } from '../../src-shared/models/volumes'
import { isDesktop } from '../api'

/** Starts a byte stream (an export or a download) with these handlers. */
export type ByteStreamStarter = (handlers: StreamHandlers<TransferChunk>) => Subscription

interface SaveFilePicker {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{
    createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>
  }>
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * Saves a byte stream as a file. In the desktop app the person picks where, and the bytes go
 * straight to disk as they arrive; in a browser they become a download.
 */
export function saveByteStream(
  start: ByteStreamStarter,
  filename: string,
  onProgress: (progress: Progress) => void,
): { done: Promise<'saved' | 'cancelled'>; cancel(): void } {
  let subscription: Subscription | undefined
  let cancelled = false
  // Declared before the first `follow`, which runs synchronously inside `done` below.
  let cancelCurrent = () => {}
  const picker = (window as unknown as SaveFilePicker).showSaveFilePicker
  const done = (async (): Promise<'saved' | 'cancelled'> => {
    if (isDesktop() && picker) {
      let handle
      try {
        handle = await picker({ suggestedName: filename })
      } catch {
        return 'cancelled'
      }
      const writable = await handle.createWritable()
      // Writes are chained so they land in order while chunks keep arriving.
      let writing = Promise.resolve()
      const ended = await follow((bytes) => (writing = writing.then(() => writable.write(bytes))))
      await writing
      if (ended === 'cancelled') await writable.abort()
      else await writable.close()
      return ended
    }
    const parts: Uint8Array<ArrayBuffer>[] = []
    const ended = await follow((bytes) => parts.push(bytes))
    if (ended === 'cancelled') return ended
    const url = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }))
    const a = document.createElement('a')
    a.href = url
    a.download = filename
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return 'saved'
  })()

  function follow(write: (bytes: Uint8Array<ArrayBuffer>) => unknown): Promise<'saved' | 'cancelled'> {
    return new Promise((resolve, reject) => {
      if (cancelled) return resolve('cancelled')
      subscription = start({
        onChunk(chunk) {
          if (chunk.data) write(base64ToBytes(chunk.data))
          onProgress(chunk.progress)
        },
        onEnd(error?: AppError) {
          if (error) reject(error)
          else resolve(cancelled ? 'cancelled' : 'saved')
        },
      })
      cancelCurrent = () => resolve('cancelled')
    })
  }

  return {
    done,
    cancel() {
      cancelled = true
      subscription?.cancel()
      cancelCurrent()
    },
  }
}

/** Reads a File in pieces and hands each to `send` as base64, waiting for each to be taken. */
export async function uploadFile(
  file: Blob,
  send: (base64: string) => Promise<unknown>,
  onProgress: (progress: Progress) => void,
  chunkBytes = 512 * 1024,
): Promise<void> {
  for (let at = 0; at < file.size; at += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(at, at + chunkBytes).arrayBuffer())
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    await send(btoa(binary))
    onProgress({ current: Math.min(file.size, at + chunkBytes), max: file.size, description: '' })
  }
}
