import type { Result } from './errors'
import type { StreamEvent } from './models/stream'

/**
 * What a window holds to reach main: exactly what the preload exposes as `window.berth`,
 * and what the browser-mode WebSocket client implements too.
 */
export interface BerthTransport {
  invoke(channel: string, args: unknown[]): Promise<Result<unknown>>
  subscribe(channel: string, listener: (event: StreamEvent) => void): () => void
}
