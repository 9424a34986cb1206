import { z } from 'zod'
import type { LogBatch, LogReadChunk, ProjectLogBatch } from '../models/log'
import { EngineId } from './common'
import { stream, returns, type ClientOf, type ServiceOf } from './define'

/** A container's id (short or full) or its name (the containers domain has a looser one of its own). */
const LogContainer = z
  .string()
  .min(1)
  .max(256)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name.')

/** RFC3339 with up to nine fractional digits, as the engine writes log timestamps. */
export const LogTimestamp = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/, 'Not a time: write it as 2024-05-01T10:00:00Z.')

/** A compose project's name, as in the `com.docker.compose.project` label. */
const ComposeProject = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a compose project name.')

export const LogFollowOptionsSchema = z.strictObject({
  tail: z.union([z.number().int().min(0).max(100_000_000), z.literal('all')]).default(1000),
  since: LogTimestamp.optional(),
})

export const logsSpec = {
  /**
   * A container's log: `tail` lines of history, then new lines as they come, in batches. Goes on
   * across container restarts and engine outages (with marker rows), without repeating a line.
   */
  follow: stream(z.tuple([EngineId, LogContainer, LogFollowOptionsSchema]), returns<LogBatch>()),
  /**
   * A compose project's containers' logs merged, each batch tagged with its container; follows
   * containers that join the project (start with its label) or leave it.
   */
  followProject: stream(z.tuple([EngineId, ComposeProject, LogFollowOptionsSchema]), returns<ProjectLogBatch>()),
  /** The whole log, re-read from the engine, as the bytes `docker logs` prints (for saving). */
  read: stream(z.tuple([EngineId, LogContainer]), returns<LogReadChunk>()),
}

export type LogsApi = ServiceOf<typeof logsSpec>
export type LogsClient = ClientOf<typeof logsSpec>
