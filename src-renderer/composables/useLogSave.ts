import { ref } from 'vue'
import type { AppError } from '../../src-shared/errors'
import { useApi } from '../api'
import { MARKER, type LogBuffer } from './log-buffer'
import type { LogRows } from './log-rows'
import { formatLogTime, type TimeZoneChoice } from '../presentation/log-text'

/** Hands a file to the person: the browser's download, or Electron's save dialog. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** A file name from a container name and the time: `web-20240501-100000.log`. */
export function logFileName(container: string, suffix = ''): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${container.replace(/[^\w.-]+/g, '_') || 'container'}${suffix}-${stamp}.log`
}

/** Saving a log: the rows on screen from memory, or the whole log re-read from the engine. */
export function useLogSave() {
  const saving = ref(false)
  const savedBytes = ref(0)
  const error = ref<AppError>()

  /** The rows the view shows (the filter applied), as text lines; markers left out. */
  function saveShown(buffer: LogBuffer, rows: LogRows, name: string, timestamps: 'off' | TimeZoneChoice): void {
    const parts: string[] = []
    for (let i = 0; i < rows.length; i++) {
      const seq = rows.seqAt(i)
      if (buffer.kind(seq) === MARKER) continue
      const time = timestamps === 'off' ? '' : `${formatLogTime(buffer.time(seq), timestamps)} `
      parts.push(`${time}${buffer.text(seq)}\n`)
    }
    downloadBlob(logFileName(name, '-shown'), new Blob(parts, { type: 'text/plain;charset=utf-8' }))
  }

  /** The whole log from the engine: byte for byte what `docker logs <id> > file 2>&1` writes. */
  function saveWhole(engineId: string, containerId: string, name: string): Promise<void> {
    saving.value = true
    savedBytes.value = 0
    error.value = undefined
    const parts: Uint8Array<ArrayBuffer>[] = []
    return new Promise((resolve) => {
      useApi().logs.read(engineId, containerId, {
        onChunk: (chunk) => {
          const bytes = fromBase64(chunk.data)
          parts.push(bytes)
          savedBytes.value += bytes.length
        },
        onEnd: (failure) => {
          saving.value = false
          if (failure) error.value = failure
          else downloadBlob(logFileName(name), new Blob(parts, { type: 'application/octet-stream' }))
          resolve()
        },
      })
    })
  }

  return { saving, savedBytes, error, saveShown, saveWhole }
}
