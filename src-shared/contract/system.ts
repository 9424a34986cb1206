import { z } from 'zod'
import type { EngineInfo, EngineVersion } from '../models/engine'
import { EngineId } from './common'
import { call, returns, type ClientOf, type ServiceOf } from './define'

export const systemSpec = {
  /** Round trip to the engine (GET /_ping); answers the engine's API version. */
  ping: call(z.tuple([EngineId]), returns<{ apiVersion: string }>()),
  /** What the engine is (GET /version). */
  version: call(z.tuple([EngineId]), returns<EngineVersion>()),
  /** What the engine holds and runs on (GET /info). */
  info: call(z.tuple([EngineId]), returns<EngineInfo>()),
}

export type SystemApi = ServiceOf<typeof systemSpec>
export type SystemClient = ClientOf<typeof systemSpec>
