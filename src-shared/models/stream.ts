import type { ErrorInfo } from '../errors'

/** Every event pushed from main to a window belongs to one stream. */
export type StreamEvent =
  | { streamId: string; type: 'chunk'; data: unknown }
  | { streamId: string; type: 'end'; error?: ErrorInfo }

/** Starting a stream answers with its id; chunks and the end arrive as StreamEvents. */
export interface StreamHandle {
  streamId: string
}

/** An end event with this id ends every stream of the window (its transport was lost). */
export const ALL_STREAMS = '*'
