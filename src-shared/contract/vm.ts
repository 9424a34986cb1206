import { z } from 'zod'
import type { VmSettingsModel, VmStatusModel } from '../models/vm'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

/** Bounds a person can pick; the disk only grows (shrinking would lose images and volumes). */
export const VmSettingsSchema = z
  .object({
    cpus: z.number().int().min(1).max(64),
    memoryMiB: z.number().int().min(512).max(262_144),
    diskGiB: z.number().int().min(2).max(4096),
    /** Leave the VM running when Berth quits (absent: unchanged). Not on QEMU's command line, so it may change while the VM runs. */
    keepRunning: z.boolean().optional(),
  })
  .strict()

export const vmSpec = {
  /** The bundled VM's state, accelerator, settings and disk. */
  status: call(z.tuple([]), returns<VmStatusModel>()),
  /** The status now, and again at every change (boot progress included). */
  watch: stream(z.tuple([]), returns<VmStatusModel>()),
  /** Boots the VM; resolves when its engine answers. */
  start: call(z.tuple([]), returns<VmStatusModel>()),
  /** Powers the VM off cleanly (killed after a timeout). */
  stop: call(z.tuple([]), returns<VmStatusModel>()),
  /** Stops, then starts the VM. */
  restart: call(z.tuple([]), returns<VmStatusModel>()),
  /** The end of the guest's console (kernel and init output), for a person to read. */
  consoleLog: call(z.tuple([]), returns<string>()),
  /** Says "not now" to the guided first start: it is not offered again (the Engines page still has the VM). */
  dismissGuide: call(z.tuple([]), returns<VmStatusModel>()),
  /** Changes CPUs, memory and disk size (applied at the next start; a smaller disk is refused) and whether the VM keeps running after Berth quits (at once, also while it runs). */
  setSettings: call(z.tuple([VmSettingsSchema]), returns<VmStatusModel>()),
}

export type VmApi = ServiceOf<typeof vmSpec>
export type VmClient = ClientOf<typeof vmSpec>
export type { VmSettingsModel }
