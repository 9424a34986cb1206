import { z } from 'zod'
import type { ShellChoice, TerminalChunk } from '../models/terminal'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

/** A container's id (full or short) or name. */
const TerminalContainer = z.string().min(1).max(256)
const SessionId = z.string().uuid()
const Cols = z.number().int().min(1).max(1000)
const Rows = z.number().int().min(1).max(500)

export const ExecOptionsSchema = z.strictObject({
  /** argv of the process; a shell by default. */
  command: z.array(z.string().min(1).max(4096)).min(1).max(64).default(['/bin/sh']),
  /** `user`, `uid`, `user:group` or `uid:gid`; the container's user when absent. */
  user: z
    .string()
    .max(128)
    .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/, 'Not a user: write a name or uid, optionally with :group.')
    .optional(),
  tty: z.boolean().default(true),
  cols: Cols.default(80),
  rows: Rows.default(24),
})

export const AttachOptionsSchema = z.strictObject({ cols: Cols.default(80), rows: Rows.default(24) })

export const execSpec = {
  /** The shells a container has (`/bin/bash`, `/bin/sh`…), found by a quick exec; empty if it has none. */
  shells: call(z.tuple([EngineId, TerminalContainer]), returns<ShellChoice[]>()),
  /**
   * A new process in a running container with a TTY (`docker exec -it`): a `started` chunk with the
   * session id, its output, and an `exit` when it ends. Cancelling closes it and leaves no process behind.
   */
  session: stream(z.tuple([EngineId, TerminalContainer, ExecOptionsSchema]), returns<TerminalChunk>()),
  /** The container's main process (`docker attach`); cancelling detaches without stopping it. */
  attach: stream(z.tuple([EngineId, TerminalContainer, AttachOptionsSchema]), returns<TerminalChunk>()),
  /** Types into a session (keys, pasted text). */
  write: call(z.tuple([SessionId, z.string().max(1_000_000)]), returns<void>()),
  /** Sets a session's TTY size (exec resize / container resize). */
  resize: call(z.tuple([SessionId, Cols, Rows]), returns<void>()),
}

export type ExecApi = ServiceOf<typeof execSpec>
export type ExecClient = ClientOf<typeof execSpec>
