import { AppError } from '../../src-shared/errors'
import type { LayerTransfer, TransferChunk } from '../../src-shared/models/image'
import type { Progress } from '../../src-shared/models/progress'

/** One JSON line of a pull or push (`docker pull`'s jsonmessage). */
export interface JsonMessage {
  id?: string
  status?: string
  progressDetail?: { current?: number; total?: number }
  error?: string
  errorDetail?: { message?: string }
  aux?: { Tag?: string; Digest?: string; Size?: number }
}

interface LayerState extends LayerTransfer {
  /** Bytes counted for the bar: download (or push) plus extraction. */
  downloaded: number
  extracted: number
}

const DONE = /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from)/
const DOWNLOAD_DONE = /^(Download complete|Verifying Checksum)/

/**
 * Sums every layer's progress into one bar, so the UI never parses Docker's strings. A pull's bar
 * counts each layer twice (download, then extraction) over 2 × its size; a push's once. A layer
 * without a known size yet counts as 1 byte until it reports one.
 */
export class TransferProgress {
  private readonly layers = new Map<string, LayerState>()

  constructor(private readonly kind: 'pull' | 'push') {}

  /** Feeds one message; answers the chunk to send, if any. Throws the message's error. */
  feed(message: JsonMessage): TransferChunk | undefined {
    if (message.error || message.errorDetail?.message) throw transferError(message.errorDetail?.message ?? message.error ?? '', this.kind)
    const status = message.status ?? ''
    const id = message.id
    if (!id || !this.isLayerMessage(status)) return status ? { type: 'status', message: id && !/^[0-9a-f]{12}$/.test(id) ? `${id}: ${status}` : status } : undefined
    const layer = this.layers.get(id) ?? { id, status, current: 0, total: 0, done: false, downloaded: 0, extracted: 0 }
    this.layers.set(id, layer)
    layer.status = status
    const detail = message.progressDetail ?? {}
    if (detail.total && detail.total > 0) layer.total = Math.max(layer.total, detail.total)
    if (/^(Downloading|Pushing)/.test(status) && detail.current !== undefined) layer.downloaded = Math.min(detail.current, layer.total || detail.current)
    if (/^Extracting/.test(status) && detail.current !== undefined) {
      layer.downloaded = layer.total
      layer.extracted = Math.min(detail.current, layer.total || detail.current)
    }
    if (DOWNLOAD_DONE.test(status)) layer.downloaded = layer.total
    if (DONE.test(status)) {
      layer.done = true
      layer.downloaded = layer.total
      layer.extracted = layer.total
    }
    layer.current = this.kind === 'pull' ? layer.downloaded + layer.extracted : layer.downloaded
    return { type: 'progress', progress: this.progress(), layers: this.rows() }
  }

  private isLayerMessage(status: string): boolean {
    return /^(Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists|Preparing|Pushing|Pushed|Layer already exists|Mounted from|Retrying)/.test(status)
  }

  progress(): Progress {
    let current = 0
    let max = 0
    let done = 0
    for (const l of this.layers.values()) {
      const size = Math.max(l.total, 1) * (this.kind === 'pull' ? 2 : 1)
      max += size
      current += l.done ? size : Math.min(l.current, size)
      if (l.done) done++
    }
    const verb = this.kind === 'pull' ? 'Pulling' : 'Pushing'
    return { current, max: this.layers.size === 0 ? -1 : max, description: `${verb}: ${done} of ${this.layers.size} layers done` }
  }

  /** Marks the transfer finished: the bar reaches its end even for layers that said nothing more. */
  complete(): Progress {
    for (const l of this.layers.values()) l.done = true
    const p = this.progress()
    return p.max < 0 ? { current: 1, max: 1, description: p.description } : p
  }

  rows(): LayerTransfer[] {
    return [...this.layers.values()].map(({ id, status, current, total, done }) => ({ id, status, current, total: this.kind === 'pull' ? total * 2 : total, done }))
  }
}

/** A registry's refusal as an AppError the UI can branch on. */
export function transferError(text: string, kind: 'pull' | 'push'): AppError {
  if (/unauthorized|authentication required|no basic auth credentials|denied|401/i.test(text)) {
    return new AppError('UNAUTHORIZED', `The registry refused the ${kind}: ${text}. Log in to the registry (or check the name).`)
  }
  if (/not found|manifest unknown|does not exist|No such image/i.test(text)) return new AppError('NOT_FOUND', `${text}. Check the name and tag.`)
  if (/connection refused|no such host|i\/o timeout|server gave HTTP response to HTTPS client|dial tcp/i.test(text)) {
    return new AppError('INVALID_INPUT', `Cannot reach the registry: ${text}. Check the address; a registry without TLS must be listed in the engine's insecure-registries.`)
  }
  if (/context canceled/i.test(text)) return new AppError('CANCELLED', `The ${kind} was cancelled.`)
  return new AppError('INTERNAL', text || `The ${kind} failed.`)
}

/** Splits a stream of newline-separated JSON messages, tolerating chunks that cut a line. */
export function jsonLines(onMessage: (message: JsonMessage) => void): (chunk: Buffer | string) => void {
  let rest = ''
  return (chunk) => {
    rest += chunk.toString()
    let newline: number
    while ((newline = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, newline).trim()
      rest = rest.slice(newline + 1)
      if (line) onMessage(JSON.parse(line) as JsonMessage)
    }
  }
}
