import { z } from 'zod'
import type {
  BindMount,
  PruneResult,
  TransferChunk,
  VolumeFileContent,
  VolumePrunePreview,
  VolumeSummary,
  VolumeTree,
} from '../models/volumes'
import { objectNameProblem } from '../validation/names'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

/** A volume name the engine would accept; the message says what to change. */
export const VolumeName = z
  .string()
  .max(200)
  .superRefine((name, ctx) => {
    const problem = objectNameProblem(name, 'volume')
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** A path inside a volume, relative to its root: no `..`, no NUL. */
export const VolumePath = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0') && !p.split('/').includes('..'), 'A path inside a volume may not hold ".." or NUL.')

const Labels = z.record(z.string().min(1).max(256), z.string().max(4096)).refine((r) => Object.keys(r).length <= 100, 'At most 100 labels.')
const DriverOptions = z.record(z.string().min(1).max(256), z.string().max(4096)).refine((r) => Object.keys(r).length <= 50, 'At most 50 options.')
/** A file on the machine Berth's main process runs on. */
const LocalPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'A path may not hold NUL.')
const UploadId = z.string().uuid()

export const VolumeCreateArgs = z.strictObject({
  name: VolumeName,
  driver: z.string().min(1).max(200).optional(),
  driverOptions: DriverOptions.optional(),
  labels: Labels.optional(),
})

export const volumesSpec = {
  /** Every volume with its size (from /system/df) and the containers that use it, running or not. */
  list: call(z.tuple([EngineId]), returns<VolumeSummary[]>()),
  /** Creates a volume; refuses a name that exists already. */
  create: call(z.tuple([EngineId, VolumeCreateArgs]), returns<VolumeSummary>()),
  /** Removes one volume; refused (naming them) while any container, running or not, uses it. Never forced. */
  remove: call(z.tuple([EngineId, VolumeName]), returns<void>()),
  /** The exact volumes a prune would remove: unused anonymous ones, and unused named ones only when asked. */
  prunePreview: call(z.tuple([EngineId, z.strictObject({ includeNamed: z.boolean() })]), returns<VolumePrunePreview>()),
  /** Removes exactly the volumes named (from a preview); refuses, removing nothing, if any is now in use or gone. */
  prune: call(z.tuple([EngineId, z.array(VolumeName).min(1).max(10_000)]), returns<PruneResult>()),
  /** The volume's files with sizes, read through a stopped helper container that mounts it read-only. */
  browse: call(z.tuple([EngineId, VolumeName]), returns<VolumeTree>()),
  /** A small file's text (the first 256 KiB at most). */
  readFile: call(z.tuple([EngineId, VolumeName, VolumePath.min(1)]), returns<VolumeFileContent>()),
  /** A file's bytes, or a folder as a tar, in base64 chunks. */
  download: stream(z.tuple([EngineId, VolumeName, VolumePath]), returns<TransferChunk>()),
  /** The whole volume as a tar (its root is the volume's root), in base64 chunks. */
  export: stream(z.tuple([EngineId, VolumeName]), returns<TransferChunk>()),
  /** Writes the volume as a tar to a file on Berth's machine; refuses to replace a file unless `overwrite`. */
  exportToPath: call(z.tuple([EngineId, VolumeName, LocalPath, z.strictObject({ overwrite: z.boolean() })]), returns<{ bytes: number }>()),
  /** Starts importing a tar into a new or EMPTY volume (made when missing); refuses one that holds files. */
  importBegin: call(z.tuple([EngineId, VolumeName]), returns<{ uploadId: string }>()),
  /** Sends the next piece of the tar (base64, at most 1 MiB decoded). */
  importChunk: call(z.tuple([EngineId, UploadId, z.string().max(1_400_000)]), returns<{ bytes: number }>()),
  /** Ends the upload and waits for the engine to unpack it. */
  importEnd: call(z.tuple([EngineId, UploadId]), returns<VolumeSummary>()),
  /** Abandons an upload (the volume keeps whatever was unpacked so far). */
  importAbort: call(z.tuple([EngineId, UploadId]), returns<void>()),
  /** Imports a tar file on Berth's machine into a new or empty volume. */
  importFromPath: call(z.tuple([EngineId, VolumeName, LocalPath]), returns<VolumeSummary>()),
  /** Copies a volume's files into a new volume; refuses a name that exists. */
  clone: call(z.tuple([EngineId, VolumeName, VolumeName]), returns<VolumeSummary>()),
  /** Host folders that containers map in (bind mounts), with the containers. */
  bindMounts: call(z.tuple([EngineId]), returns<BindMount[]>()),
}

export type VolumesApi = ServiceOf<typeof volumesSpec>
export type VolumesClient = ClientOf<typeof volumesSpec>
