/** Phases the guest's /init announces on the console as `BERTH-PHASE <name> <uptime seconds>`. */
export type GuestPhase = 'init' | 'root' | 'modules' | 'sshd' | 'formatted' | 'disk' | 'shares' | 'dockerd' | 'ready' | 'shutdown' | 'halt'

export interface PhaseMarker {
  phase: GuestPhase
  /** Seconds since the guest kernel started (its /proc/uptime). */
  uptime: number
}

const PHASES: readonly string[] = ['init', 'root', 'modules', 'sshd', 'formatted', 'disk', 'shares', 'dockerd', 'ready', 'shutdown', 'halt']
const MARKER = /BERTH-PHASE ([a-z]+) (\d+(?:\.\d+)?)/g

/** Every marker in a piece of console output, in order; anything else is ignored. */
export function parseMarkers(text: string): PhaseMarker[] {
  const found: PhaseMarker[] = []
  for (const match of text.matchAll(MARKER)) {
    const [, name = '', uptime = ''] = match
    if (PHASES.includes(name)) found.push({ phase: name as GuestPhase, uptime: Number(uptime) })
  }
  return found
}

/**
 * Why the engine in the guest gave up, from a console line: /init prints dockerd's log when dockerd
 * exits before it is ready, and dockerd's last line is `failed to start daemon: <why>`.
 */
export function engineFailureOf(line: string): string | undefined {
  return /^failed to start daemon: (.+)$/.exec(line.trim())?.[1]
}

/** What the person sees while the VM starts, in the order it happens. */
export type StartPhase = 'booting' | 'engineStarting' | 'ready'

/** The start phase a guest phase means: the kernel and /init boot, then dockerd starts, then ready. */
export function startPhaseOf(phase: GuestPhase): StartPhase {
  if (phase === 'dockerd') return 'engineStarting'
  if (phase === 'ready') return 'ready'
  return 'booting'
}

/** Where boot time went, from the guest's own clock: kernel (start → /init), init (→ dockerd), engine (→ API). */
export interface BootSplit {
  kernelSeconds?: number
  initSeconds?: number
  engineSeconds?: number
}

export function bootSplit(markers: PhaseMarker[]): BootSplit {
  const at = (phase: GuestPhase) => markers.find((m) => m.phase === phase)?.uptime
  const init = at('init')
  const dockerd = at('dockerd')
  const ready = at('ready')
  return {
    kernelSeconds: init,
    initSeconds: init !== undefined && dockerd !== undefined ? round(dockerd - init) : undefined,
    engineSeconds: dockerd !== undefined && ready !== undefined ? round(ready - dockerd) : undefined,
  }
}

/**
 * Splits a growing console log into whole lines, keeping the unfinished tail for the next chunk
 * (a marker can arrive in two reads).
 */
export class LineSplitter {
  private rest = ''

  push(chunk: string): string[] {
    const text = this.rest + chunk
    const lines = text.split(/\r?\n/)
    this.rest = lines.pop() ?? ''
    return lines
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
