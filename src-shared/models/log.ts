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
 * A batch of lines as one compact frame: the texts joined into one string and the per-line facts
 * in typed arrays, never an object or a string per line. At hundreds of thousands of lines a
 * second, per-line objects cost more than the lines: JSON arrays to build and parse, and a million
 * small strings for the renderer's garbage collector to walk. Electron's IPC carries typed arrays
 * as they are (structured clone); the browser bridge sends this as a binary WebSocket frame
 * (src-shared/wire-codec.ts). Main sends one batch every ~25 ms or every few thousand lines.
 */
export interface LogBatch {
  /** Every line's text followed by `\n` (a line never holds one); ANSI escapes kept as written. */
  text: string
  /** Per line: 1 when it came from stderr, 0 from stdout. Its length is the number of lines. */
  stderr: Uint8Array
  /** Per line: the engine's timestamp, whole seconds since the epoch (NaN when the engine gave none). */
  seconds: Float64Array
  /** Per line: the engine's timestamp, nanoseconds within its second. */
  nanos: Uint32Array
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
