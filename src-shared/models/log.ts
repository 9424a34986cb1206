/** Which of the container's outputs a line came from. */
export type LogStream = 'stdout' | 'stderr'

/**
 * Something that happened to the log rather than a line of it: the container stopped or started
 * again, the engine went away or came back. The view shows these as marker rows.
 */
export type LogMarkerKind = 'started' | 'stopped' | 'removed' | 'disconnected' | 'reconnected'

export interface LogMarker {
  kind: LogMarkerKind
  /** Where it goes: before the batch's line with this index (the batch's length: after its last line). */
  index: number
  /** When main noticed, ISO 8601. */
  at: string
  /** For `stopped`: the container's exit code. */
  exitCode?: number
}

/** What the log belongs to; sent with the first batch of a follow and after each restart. */
export interface LogSource {
  /** The full container id. */
  id: string
  /** Its name, without Docker's leading slash. */
  name: string
  /** A TTY container has one output (stdout), raw. */
  tty: boolean
  running: boolean
  /** `com.docker.compose.project`, when the container belongs to a compose project. */
  composeProject?: string
}

/**
 * A batch of lines, columnar (three parallel arrays rather than one object per line): at hundreds
 * of thousands of lines a second the wire size and the renderer's ingest cost both matter. Main
 * sends one batch every ~25 ms or every few thousand lines, never one message per line.
 */
export interface LogBatch {
  stream: LogStream[]
  /** The line's text without its newline; ANSI escapes kept as the container wrote them. */
  text: string[]
  /** The engine's timestamp of the line: RFC3339 with nanoseconds, UTC (`2024-05-01T10:00:00.123456789Z`). */
  timestamp: string[]
  markers?: LogMarker[]
  source?: LogSource
}

/** How much history a follow starts with. */
export interface LogFollowOptions {
  /** Lines of history before following: a count, or `'all'`. Default 1000. */
  tail: number | 'all'
  /** Only lines at or after this time (RFC3339, nanoseconds allowed). */
  since?: string
}

/** A piece of the whole log, for saving: exactly the bytes `docker logs <id> > file 2>&1` writes. */
export interface LogReadChunk {
  /** The bytes, base64: a log is not always valid UTF-8, and a saved file must equal the CLI's. */
  data: string
}

/** A batch of one container's lines in a compose project's merged log. */
export interface ProjectLogBatch extends LogBatch {
  /** The container the batch's lines and markers came from (its name, without the slash). */
  container: string
}
