/** A terminal's two modes: a new process (`docker exec -it`) or the container's main process (`docker attach`). */
export type TerminalMode = 'exec' | 'attach'

/** Why a terminal session ended on its own (a closed stream needs no reason). */
export type TerminalEndReason = 'exited' | 'container-stopped'

/** One chunk of a terminal stream: the session's start, its output, or how it ended. */
export type TerminalChunk =
  | {
      type: 'started'
      /** For `exec.write` and `exec.resize`; unguessable, valid while the stream lives. */
      sessionId: string
      mode: TerminalMode
      /** The command that runs (exec), or the container's own (attach). */
      command: string[]
      tty: boolean
      /** Whether typed input reaches the process (attach: only if the container keeps stdin open). */
      stdin: boolean
      containerId: string
      containerName: string
    }
  /** Output as text: UTF-8 sequences split across engine chunks are joined in main first. */
  | { type: 'output'; data: string }
  | { type: 'exit'; reason: TerminalEndReason; exitCode?: number }

/** A shell found in a container, offered in the terminal's shell menu. */
export interface ShellChoice {
  path: string
  /** `bash`, `sh`… */
  name: string
}
