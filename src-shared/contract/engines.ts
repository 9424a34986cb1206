import { z } from 'zod'
import type { EngineEvent, EngineSummary, EngineTestResult } from '../models/engine'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

const path = z.string().min(1).max(4096)

/** An engine the person describes: checked here so a service never sees a malformed one. */
export const EngineConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    endpoint: z.string().trim().min(1).max(2048),
    tls: z.object({ caPath: path.optional(), certPath: path.optional(), keyPath: path.optional() }).strict().optional(),
    ssh: z.object({ identityFile: path.optional(), remoteSocket: path.startsWith('/').optional() }).strict().optional(),
  })
  .strict()

const Host = z.string().min(1).max(255)
const Port = z.number().int().min(1).max(65535)
/** As OpenSSH prints it: `SHA256:` and unpadded base64. */
const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/)
const Secret = z.string().min(1).max(4096)

export const enginesSpec = {
  /** Every engine Berth knows, with its state. */
  list: call(z.tuple([]), returns<EngineSummary[]>()),
  /** The engines' list now, and again each time any engine changes state. */
  watch: stream(z.tuple([]), returns<EngineSummary[]>()),
  /** The engine's own event stream (`/events`), reconnected by main when it drops. */
  events: stream(z.tuple([EngineId]), returns<EngineEvent>()),
  /** Try to connect now instead of waiting for the next backoff step. */
  reconnect: call(z.tuple([EngineId]), returns<EngineSummary>()),
  /** Adds an engine the person describes, remembers it and starts connecting. */
  add: call(z.tuple([EngineConfigSchema]), returns<EngineSummary>()),
  /** Changes an added engine; it reconnects with the new settings. */
  update: call(z.tuple([EngineId, EngineConfigSchema]), returns<EngineSummary>()),
  /** Forgets an added engine (nothing on the engine is touched). */
  remove: call(z.tuple([EngineId]), returns<void>()),
  /** Makes an engine the one the views show; remembered across runs. */
  setCurrent: call(z.tuple([EngineId]), returns<void>()),
  /** Turns an engine on (connect) or off (disconnect and stay so); remembered. */
  setEnabled: call(z.tuple([EngineId, z.boolean()]), returns<EngineSummary>()),
  /** Connects once to a described engine and answers what it is, or the error (with its problem); then key passphrase and login password, each only if typed. */
  test: call(z.tuple([EngineConfigSchema, Secret.nullish(), Secret.optional()]), returns<EngineTestResult>()),
  /** Trusts the host key last presented by host:port with this fingerprint (writes known_hosts). */
  trustHostKey: call(z.tuple([Host, Port, Fingerprint]), returns<void>()),
  /** Gives an engine its key's passphrase or its SSH password (`kind`; by default what its problem asks); `remember` keeps it encrypted where the app can. */
  unlock: call(z.tuple([EngineId, Secret, z.boolean(), z.enum(['passphrase', 'password']).optional()]), returns<EngineSummary>()),
}

export type EnginesApi = ServiceOf<typeof enginesSpec>
export type EnginesClient = ClientOf<typeof enginesSpec>
