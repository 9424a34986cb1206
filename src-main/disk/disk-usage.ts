import type { DiskItem, DiskUsage, DiskUsageRow } from '../../src-shared/models/disk'
import { HELPER_LABEL } from '../volumes/helper-image'

/** The parts of GET /system/df that Berth reads (API 1.41+). */
export interface RawDiskUsage {
  LayersSize?: number
  Images?: Array<{ Id: string; RepoTags?: string[] | null; Size: number; SharedSize: number; Containers: number }> | null
  Containers?: Array<{ Id: string; Names?: string[]; SizeRw?: number; State: string; Labels?: Record<string, string> | null }> | null
  Volumes?: Array<{ Name: string; UsageData?: { Size: number; RefCount: number } | null }> | null
  BuildCache?: Array<{ ID: string; Type?: string; Description?: string; InUse: boolean; Shared: boolean; Size: number }> | null
}

/** What `docker system df` counts as an active container. */
export const isActiveContainer = (state: string): boolean => state.includes('running') || state === 'paused' || state === 'restarting'

/** An image's own bytes: what removing it frees (its size minus what it shares). */
export const uniqueImageSize = (i: { Size: number; SharedSize: number }): number => (i.SharedSize >= 0 ? i.Size - i.SharedSize : i.Size)

export const isDangling = (tags: string[] | null | undefined): boolean => !tags?.length || tags.every((t) => t === '<none>:<none>')

/**
 * Sums /system/df exactly as `docker system df` does (docker/cli's formatter/disk_usage.go), so the
 * figures match the CLI's to the byte.
 */
export function summarizeDiskUsage(df: RawDiskUsage): DiskUsage {
  const images = df.Images ?? []
  const containers = (df.Containers ?? []).filter((c) => !c.Labels?.[HELPER_LABEL])
  const volumes = df.Volumes ?? []
  const cache = df.BuildCache ?? []

  const activeImages = images.filter((i) => i.Containers > 0)
  const usedImageBytes = activeImages.filter((i) => i.Size >= 0 && i.SharedSize >= 0).reduce((s, i) => s + i.Size - i.SharedSize, 0)
  const layers = df.LayersSize ?? 0

  const sizeOf = (v: { UsageData?: { Size: number } | null }) => Math.max(0, v.UsageData?.Size ?? 0)
  const rows: DiskUsageRow[] = [
    { kind: 'images', count: images.length, active: activeImages.length, totalBytes: layers, reclaimableBytes: Math.max(0, layers - usedImageBytes) },
    {
      kind: 'containers',
      count: containers.length,
      active: containers.filter((c) => isActiveContainer(c.State)).length,
      totalBytes: containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0),
      reclaimableBytes: containers.filter((c) => !isActiveContainer(c.State)).reduce((s, c) => s + (c.SizeRw ?? 0), 0),
    },
    {
      kind: 'volumes',
      count: volumes.length,
      active: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
      totalBytes: volumes.reduce((s, v) => s + sizeOf(v), 0),
      reclaimableBytes: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((s, v) => s + sizeOf(v), 0),
    },
    {
      kind: 'buildCache',
      count: cache.length,
      active: cache.filter((b) => b.InUse).length,
      totalBytes: cache.filter((b) => !b.Shared).reduce((s, b) => s + b.Size, 0),
      reclaimableBytes: cache.filter((b) => !b.Shared && !b.InUse).reduce((s, b) => s + b.Size, 0),
    },
  ]

  const items: DiskItem[] = [
    ...images.map((i) => ({
      kind: 'images' as const,
      id: i.Id,
      name: isDangling(i.RepoTags) ? i.Id.replace(/^sha256:/, '').slice(0, 12) : (i.RepoTags as string[]).join(', '),
      sizeBytes: uniqueImageSize(i),
      inUse: i.Containers > 0,
    })),
    ...containers.map((c) => ({
      kind: 'containers' as const,
      id: c.Id,
      name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      sizeBytes: c.SizeRw ?? 0,
      inUse: isActiveContainer(c.State),
    })),
    ...volumes.map((v) => ({ kind: 'volumes' as const, id: v.Name, name: v.Name, sizeBytes: sizeOf(v), inUse: (v.UsageData?.RefCount ?? 0) > 0 })),
    ...cache.map((b) => ({
      kind: 'buildCache' as const,
      id: b.ID,
      name: b.Description || b.Type || b.ID.slice(0, 12),
      sizeBytes: b.Shared ? 0 : b.Size,
      inUse: b.InUse,
    })),
  ]
  return { rows, items }
}
