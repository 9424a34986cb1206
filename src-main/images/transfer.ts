import type { IncomingMessage } from 'node:http'
import type { StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { BuildChunk, TransferChunk } from '../../src-shared/models/image'
import { BuildOutput } from './build-output'
import { jsonLines, TransferProgress, type JsonMessage } from './transfer-progress'

/** A chunk sender that sends progress at most every `ms`, so a fast pull does not flood the window. */
function throttled(sink: StreamSink<TransferChunk>, ms = 100): { send(chunk: TransferChunk): void; flush(): void } {
  let pending: TransferChunk | undefined
  let last = 0
  return {
    send(chunk) {
      if (chunk.type !== 'progress') {
        sink.next(chunk)
        return
      }
      pending = chunk
      const now = Date.now()
      if (now - last >= ms) {
        last = now
        sink.next(chunk)
        pending = undefined
      }
    },
    flush() {
      if (pending) sink.next(pending)
      pending = undefined
    },
  }
}

/**
 * Follows an engine's JSON progress stream (pull or push) to its end, feeding the sink. Cancel
 * destroys the response: the engine sees the client go and stops the transfer.
 */
export function followTransfer(response: IncomingMessage, kind: 'pull' | 'push', reference: string, sink: StreamSink<TransferChunk>): Promise<void> {
  const progress = new TransferProgress(kind)
  const out = throttled(sink)
  let digest: string | undefined
  return new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      response.destroy()
      reject(error)
    }
    const onAbort = () => fail(new AppError('CANCELLED', `The ${kind} of ${reference} was cancelled.`))
    if (sink.signal.aborted) return onAbort()
    sink.signal.addEventListener('abort', onAbort, { once: true })
    const feed = jsonLines((message: JsonMessage) => {
      if (message.aux?.Digest) digest = message.aux.Digest
      const found = /^Digest: (sha256:[0-9a-f]{64})/.exec(message.status ?? '')
      if (found) digest = found[1]
      const chunk = progress.feed(message)
      if (chunk) out.send(chunk)
    })
    response.on('data', (chunk: Buffer) => {
      try {
        feed(chunk)
      } catch (error) {
        fail(error)
      }
    })
    response.on('error', fail)
    response.on('end', () => {
      sink.signal.removeEventListener('abort', onAbort)
      out.flush()
      if (sink.signal.aborted) return
      sink.next({ type: 'progress', progress: progress.complete(), layers: progress.rows() })
      sink.next({ type: 'done', reference, digest })
      resolve()
    })
  })
}

/** Follows a classic build's JSON stream; answers the built image's id. */
export function followBuild(response: IncomingMessage, sink: StreamSink<BuildChunk>): Promise<string> {
  const output = new BuildOutput()
  return new Promise<string>((resolve, reject) => {
    const fail = (error: unknown) => {
      response.destroy()
      reject(error)
    }
    const onAbort = () => fail(new AppError('CANCELLED', 'The build was cancelled.'))
    if (sink.signal.aborted) return onAbort()
    sink.signal.addEventListener('abort', onAbort, { once: true })
    const feed = jsonLines((message) => output.feed(message).forEach((c) => sink.next(c)))
    response.on('data', (chunk: Buffer) => {
      try {
        feed(chunk)
      } catch (error) {
        fail(error)
      }
    })
    response.on('error', fail)
    response.on('end', () => {
      sink.signal.removeEventListener('abort', onAbort)
      output.end().forEach((c) => sink.next(c))
      if (sink.signal.aborted) return
      if (!output.imageId) return reject(new AppError('INTERNAL', 'The build ended without an image: see the log.'))
      resolve(output.imageId)
    })
  })
}
