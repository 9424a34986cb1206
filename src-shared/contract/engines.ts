import { z } from 'zod'
import type { EngineEvent, EngineSummary } from '../models/engine'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

export const enginesSpec = {
  /** Every engine Berth knows, with its state. */
  list: call(z.tuple([]), returns<EngineSummary[]>()),
  /** The engines' list now, and again each time any engine changes state. */
  watch: stream(z.tuple([]), returns<EngineSummary[]>()),
  /** The engine's own event stream (`/events`), reconnected by main when it drops. */
  events: stream(z.tuple([EngineId]), returns<EngineEvent>()),
  /** Try to connect now instead of waiting for the next backoff step. */
  reconnect: call(z.tuple([EngineId]), returns<EngineSummary>()),
}

export type EnginesApi = ServiceOf<typeof enginesSpec>
export type EnginesClient = ClientOf<typeof enginesSpec>
