import { z } from 'zod'
import type { ProcessTable, StatsChunk } from '../models/stats'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

/** A container's id (full or short) or name. */
const StatsContainer = z.string().min(1).max(256)

export const statsSpec = {
  /** A container's live resource use, about once a second, computed as `docker stats` does; waits out stops. */
  follow: stream(z.tuple([EngineId, StatsContainer]), returns<StatsChunk>()),
  /** The container's processes (`docker top`). */
  top: call(z.tuple([EngineId, StatsContainer]), returns<ProcessTable>()),
}

export type StatsApi = ServiceOf<typeof statsSpec>
export type StatsClient = ClientOf<typeof statsSpec>
