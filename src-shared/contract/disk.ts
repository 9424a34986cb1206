import { z } from 'zod'
import { DISK_KINDS, type DiskPrunePreview, type DiskPruneResult, type DiskUsage } from '../models/disk'
import { EngineId } from './common'
import { call, returns, type ClientOf, type ServiceOf } from './define'

const Kinds = z.array(z.enum(DISK_KINDS)).min(1).max(DISK_KINDS.length)

export const diskSpec = {
  /** What takes the engine's disk (GET /system/df): per kind total, active and reclaimable, and every item. */
  usage: call(z.tuple([EngineId]), returns<DiskUsage>()),
  /**
   * The exact items a prune of these kinds removes: stopped containers, images no container uses
   * (dangling only unless `allImages`), unused build cache, and unused volumes ONLY when `volumes` is listed.
   */
  prunePreview: call(z.tuple([EngineId, z.strictObject({ kinds: Kinds, allImages: z.boolean() })]), returns<DiskPrunePreview>()),
  /** Removes exactly these items (from a preview); refuses, removing nothing, if any is now in use or gone. */
  prune: call(
    z.tuple([EngineId, z.array(z.strictObject({ kind: z.enum(DISK_KINDS), id: z.string().min(1).max(256) })).min(1).max(10_000)]),
    returns<DiskPruneResult>(),
  ),
}

export type DiskApi = ServiceOf<typeof diskSpec>
export type DiskClient = ClientOf<typeof diskSpec>
