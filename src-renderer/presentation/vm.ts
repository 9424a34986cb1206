import type { EngineSummary } from '../../src-shared/models/engine'
import type { VmStateModel, VmStatusModel } from '../../src-shared/models/vm'
import type { StateTone } from './engine'

/** The tone of the VM's state dot (and whether it pulses: while it changes). */
export function vmTone(state: VmStateModel): { tone: StateTone; pulse: boolean } {
  switch (state.status) {
    case 'running':
      return { tone: 'ok', pulse: false }
    case 'starting':
    case 'stopping':
      return { tone: 'warn', pulse: true }
    case 'crashed':
      return { tone: 'error', pulse: false }
    default:
      return { tone: 'warn', pulse: false }
  }
}

/** Which buttons make sense in a state. */
export function vmActions(state: VmStateModel): { start: boolean; stop: boolean; restart: boolean; edit: boolean } {
  const s = state.status
  return {
    start: s === 'stopped' || s === 'crashed',
    stop: s === 'running' || s === 'starting',
    restart: s === 'running' || s === 'crashed',
    edit: s === 'stopped' || s === 'crashed',
  }
}

/** The i18n key of the state label, e.g. `vm.state.starting.engineStarting`. */
export function vmStateKey(state: VmStateModel): string {
  return state.status === 'starting' ? `vm.state.starting.${state.phase}` : `vm.state.${state.status}`
}

/** "6.5 s · 1.6 s · 11.3 s" style figures, or undefined when the boot has not been measured. */
export function bootFigures(boot: { kernelSeconds?: number; initSeconds?: number; engineSeconds?: number } | undefined): { kernel: string; init: string; engine: string } | undefined {
  if (!boot || boot.kernelSeconds === undefined) return undefined
  const f = (n: number | undefined) => (n === undefined ? '—' : `${n.toFixed(1)} s`)
  return { kernel: f(boot.kernelSeconds), init: f(boot.initSeconds), engine: f(boot.engineSeconds) }
}

/**
 * Whether the window offers the guided first start now. On macOS and Windows there is no local
 * engine, so the VM is how containers run at all; on Linux the local socket is the default and the
 * VM is offered only when no engine has answered since the window opened.
 */
export function offersGuide(
  status: Pick<VmStatusModel, 'firstRun' | 'hostPlatform'> | undefined,
  engines: { loaded: boolean; list: Pick<EngineSummary, 'state'>[]; everConnected: boolean },
): boolean {
  if (!status?.firstRun) return false
  if (status.hostPlatform === 'darwin' || status.hostPlatform === 'win32') return true
  return engines.loaded && !engines.everConnected && engines.list.every((e) => e.state.status === 'disconnected')
}
