import type { Progress } from './progress'

/** Where the bundled VM is in its life; `crashed` carries what happened. */
export type VmStateModel =
  | { status: 'unavailable'; reason: string }
  | { status: 'stopped' }
  | { status: 'starting'; phase: 'booting' | 'engineStarting' | 'ready'; since: string; progress: Progress }
  | { status: 'running'; since: string }
  | { status: 'stopping' }
  | { status: 'crashed'; reason: string }

/** What the person can set: resources apply at the next start (the disk only grows); keepRunning at once. */
export interface VmSettingsModel {
  cpus: number
  memoryMiB: number
  diskGiB: number
  /** When Berth quits with the VM running, QEMU keeps running and the next Berth takes it back. Absent: false (or, in a request, unchanged). */
  keepRunning?: boolean
}

/** The bundled VM as the Engines page shows it. */
export interface VmStatusModel {
  state: VmStateModel
  /** kvm, hvf, whpx, or tcg (emulated: slow). */
  accelerator: 'kvm' | 'hvf' | 'whpx' | 'tcg'
  /** Why Berth had to emulate, when it did. */
  acceleratorWarning?: string
  settings: VmSettingsModel
  /** This VM was kept running while Berth was closed, and Berth took it back instead of booting it. */
  kept?: boolean
  /** The engine's id in the engines list once the VM has started. */
  engineId?: string
  /** The data disk: bytes used on the host, and the size the guest sees. */
  disk?: { usedBytes: number; sizeBytes: number }
  /**
   * Offer the guided first start: the VM has never run and the person has not said "not now".
   * The window shows it at once on macOS and Windows (no local engine there) and on Linux only
   * when no other engine answers.
   */
  firstRun: boolean
  /** The host's platform (darwin, win32, linux), for the guide's wording. */
  hostPlatform: string
  /** Seconds of the last boot, from the guest's clock: kernel, init, engine start. */
  boot?: { kernelSeconds?: number; initSeconds?: number; engineSeconds?: number }
}
