import { z } from 'zod'
import type { Result } from './errors'
import type { StreamEvent } from './models/stream'

/** Browser mode: what the page sends over the WebSocket. */
export const BridgeRequest = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(200),
  args: z.array(z.unknown()).max(64),
})
export type BridgeRequest = z.infer<typeof BridgeRequest>

/** Browser mode: what main sends back, an answer to a request or a pushed stream event. */
export type BridgeMessage =
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; channel: string; event: StreamEvent }

/** The query parameter and cookie that carry the per-run token. */
export const BRIDGE_TOKEN_PARAM = 'token'
export const BRIDGE_PATH = '/rpc'
