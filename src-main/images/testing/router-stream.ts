import type { Core } from '../../core'
import type { RouterClient } from '../../rpc/router'
import type { StreamEvent } from '../../../src-shared/models/stream'
import type { ErrorInfo } from '../../../src-shared/errors'

/** Runs one stream through the router as a window would; collects its chunks until the end. */
export function collectStream<C>(core: Core, channel: string, args: unknown[], onChunk?: (chunk: C, cancel: () => void) => void): Promise<{ chunks: C[]; error?: ErrorInfo }> {
  return new Promise((resolve, reject) => {
    const chunks: C[] = []
    let streamId = ''
    const client: RouterClient = {
      emit(event: StreamEvent) {
        if (event.streamId !== streamId && streamId !== '') return
        if (event.type === 'chunk') {
          chunks.push(event.data as C)
          onChunk?.(event.data as C, () => void core.router.invoke(client, 'stream:cancel', [streamId]))
        } else resolve({ chunks, error: event.error })
      },
    }
    core.router.invoke(client, channel, args).then((result) => {
      if (!result.ok) return resolve({ chunks, error: result.error })
      streamId = (result.value as { streamId: string }).streamId
    }, reject)
  })
}
