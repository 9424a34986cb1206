import { readFileSync } from 'node:fs'
import type { PublishedPort } from './port-mirror'

/** What is known of the process a QEMU pidfile names. */
export interface PidFacts {
  /** It exists (kill(pid, 0) succeeded) and is not a zombie. */
  alive: boolean
  /** It exists but belongs to another user (EPERM): not a QEMU Berth started. */
  foreign?: boolean
  /** Its arguments (Linux: /proc/<pid>/cmdline); undefined where they cannot be read. */
  cmdline?: string[]
}

/**
 * What a pidfile left in the VM's state folder means:
 * - `none`: no pidfile, or nothing alive behind it (QEMU exited or was killed; its pid may be reused);
 * - `foreign`: a live process that is not this VM's QEMU (a reused pid);
 * - `ours`: this VM's QEMU, still running. `sure` when its command line names our pidfile; where
 *   the command line cannot be read (macOS, Windows), only QMP answering on our socket confirms it.
 */
export type Leftover = { kind: 'none' } | { kind: 'foreign'; pid: number } | { kind: 'ours'; pid: number; sure: boolean }

/** QEMU writes its pid and a newline. */
export function parsePidfile(text: string | undefined): number | undefined {
  const pid = Number(text?.trim())
  return Number.isInteger(pid) && pid > 1 ? pid : undefined
}

/** Judges a leftover QEMU from the pidfile's text and the facts about its pid. Pure. */
export function judgeLeftover(pidfileText: string | undefined, pidFile: string, facts: (pid: number) => PidFacts): Leftover {
  const pid = parsePidfile(pidfileText)
  if (pid === undefined) return { kind: 'none' }
  const f = facts(pid)
  if (f.foreign) return { kind: 'foreign', pid }
  if (!f.alive) return { kind: 'none' }
  if (f.cmdline === undefined) return { kind: 'ours', pid, sure: false }
  // Our QEMU was started with `-pidfile <stateDir>/qemu.pid`: that argument names this VM exactly.
  const index = f.cmdline.indexOf('-pidfile')
  return index >= 0 && f.cmdline[index + 1] === pidFile ? { kind: 'ours', pid, sure: true } : { kind: 'foreign', pid }
}

/** Reads the facts of a pid from this host (/proc on Linux; elsewhere only whether it lives). */
export function readPidFacts(pid: number, platform: NodeJS.Platform = process.platform): PidFacts {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? { alive: true, foreign: true } : { alive: false }
  }
  if (platform !== 'linux') return { alive: true }
  try {
    // A zombie (exited, not yet reaped by its parent) still answers kill(pid, 0).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    if (/\)\s+Z\s/.test(stat)) return { alive: false }
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    if (cmdline.at(-1) === '') cmdline.pop()
    return { alive: true, cmdline }
  } catch {
    return { alive: false }
  }
}

/** Whether the process still lives (a zombie does not). */
export function isAlive(pid: number, platform: NodeJS.Platform = process.platform): boolean {
  return readPidFacts(pid, platform).alive
}

/**
 * The host forwards in QEMU's `info usernet` output (`TCP[HOST_FORWARD] fd 127.0.0.1 8080 10.0.2.15
 * 8080 …`): an adopted QEMU still has the previous session's, which the port mirror does not know.
 */
export function hostForwards(infoUsernet: string): PublishedPort[] {
  const found: PublishedPort[] = []
  for (const line of infoUsernet.split(/\r?\n/)) {
    const match = /^\s*(TCP|UDP)\[HOST_FORWARD\]\s+\d+\s+(\S+)\s+(\d+)\s/.exec(line)
    if (match && match[2] === '127.0.0.1') found.push({ protocol: match[1] === 'TCP' ? 'tcp' : 'udp', hostPort: Number(match[3]) })
  }
  return found
}
