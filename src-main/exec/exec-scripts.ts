/**
 * The small shell scripts a terminal runs in a container. Docker has no "kill this exec" call, and
 * closing a TTY exec's connection leaves its shell running (the engine keeps the pty open), so a
 * session's process announces its pid and is ended by pid when the session closes.
 */

/** An OSC sequence terminals ignore, so a marker that slipped through would print nothing. */
const MARKER_PREFIX = '\x1b]7771;berth-pid='
const MARKER_END = '\x07'
/** The marker comes within this much output (after at most some echoed keys), or not at all. */
const MARKER_WINDOW = 4096

/** Runs `command` under `sh`, which prints its pid (kept by `exec`) before becoming the command. */
export function wrapWithPidMarker(command: readonly string[]): string[] {
  return ['/bin/sh', '-c', `printf '\\033]7771;berth-pid=%s\\007' "$$"; exec "$@"`, 'sh', ...command]
}

/** Finds the marker at the start of a session's output and passes everything else through. */
export class PidMarkerReader {
  private head = ''
  private done = false
  pid?: number

  /**
   * Output with the marker taken out. Text is held until the marker comes: it is the wrapper's first
   * output, but the TTY may echo keys typed before the wrapper ran ahead of it.
   */
  push(text: string): string {
    if (this.done) return text
    this.head += text
    const start = this.head.indexOf(MARKER_PREFIX)
    const end = start >= 0 ? this.head.indexOf(MARKER_END, start) : -1
    if (end >= 0) {
      const pid = Number(this.head.slice(start + MARKER_PREFIX.length, end))
      if (Number.isInteger(pid) && pid > 0) this.pid = pid
      this.head = this.head.slice(0, start) + this.head.slice(end + MARKER_END.length)
      return this.giveUp()
    }
    return this.head.length > MARKER_WINDOW ? this.giveUp() : ''
  }

  /** True until the marker was found or ruled out. */
  get pending(): boolean {
    return !this.done
  }

  /** Whatever is still held (the stream ended). */
  flush(): string {
    return this.done ? '' : this.giveUp()
  }

  private giveUp(): string {
    this.done = true
    const text = this.head
    this.head = ''
    return text
  }
}

/**
 * Ends every process of the session `$1` started (its pid is the session id: a TTY exec is a
 * session leader): SIGHUP as a closed terminal would send, then SIGKILL for what is still there
 * after about two seconds. Only POSIX sh built-ins and /proc, so it works in a busybox or a Debian
 * image alike; `sleep` is optional (without it the wait is shorter).
 */
export const KILL_SESSION_SCRIPT = [
  'P=$1',
  'list() { echo "$P"; for d in /proc/[0-9]*; do read -r l < "$d/stat" 2>/dev/null || continue; r=${l##*) }; set -- $r; [ "$4" = "$P" ] && echo "${d#/proc/}"; done; }',
  'alive() { for p in $(list); do [ -d "/proc/$p" ] && return 0; done; return 1; }',
  'kill -HUP $(list) 2>/dev/null',
  'n=0',
  'while alive && [ $n -lt 20 ]; do sleep 0.1 2>/dev/null || break; n=$((n+1)); done',
  'kill -KILL $(list) 2>/dev/null',
  'exit 0',
].join('\n')

/** Lists the shells a container has, best first; prints nothing when it has none. */
export const FIND_SHELLS_SCRIPT =
  'for s in /bin/bash /usr/bin/bash /bin/zsh /usr/bin/zsh /bin/ash /bin/sh; do [ -x "$s" ] && echo "$s"; done; exit 0'
