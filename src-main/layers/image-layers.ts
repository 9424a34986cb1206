import { createHash } from 'node:crypto'
import type Dockerode from 'dockerode'
import type { ImageLayer } from '../../src-shared/models/layer'
import { cleanInstruction, isMetadataInstruction } from './history-instruction'

/** One entry of `GET /images/{name}/history`, newest first as the engine answers. */
export interface HistoryEntry {
  Id: string
  Created: number
  CreatedBy: string
  Tags: string[] | null
  Size: number
  Comment: string
}

/**
 * The image's layers bottom to top: its history matched to RootFS.Layers. The history API does not
 * say which steps are metadata-only (the config's `empty_layer` is not exposed), so the matching
 * is worked out in `assignDiffIds`; when it stays ambiguous the intermediate images of a classic
 * build are asked how many layers they have.
 */
export async function readImageLayers(docker: Dockerode, imageRef: string): Promise<ImageLayer[]> {
  const image = docker.getImage(imageRef)
  const [info, history] = await Promise.all([
    image.inspect() as Promise<{ RootFS?: { Layers?: string[] } }>,
    image.history() as Promise<HistoryEntry[]>,
  ])
  const diffIds = info.RootFS?.Layers ?? []
  const bottomUp = [...history].reverse()
  const layerCountAt = async (id: string): Promise<number | undefined> => {
    try {
      const parent = (await docker.getImage(id).inspect()) as { RootFS?: { Layers?: string[] } }
      return parent.RootFS?.Layers?.length
    } catch {
      return undefined
    }
  }
  const nonEmpty = await assignNonEmpty(bottomUp, diffIds.length, layerCountAt)
  return buildLayers(bottomUp, diffIds, nonEmpty)
}

/** Builds the rows once it is known which history entries carry a layer. */
export function buildLayers(bottomUp: HistoryEntry[], diffIds: string[], nonEmpty: boolean[]): ImageLayer[] {
  const chainIds = chainIdsOf(diffIds)
  let next = 0
  return bottomUp.map((entry, index) => {
    const hasLayer = nonEmpty[index] && next < diffIds.length
    const layerIndex = hasLayer ? next++ : -1
    return {
      index,
      id: entry.Id && entry.Id !== '<missing>' ? entry.Id : undefined,
      diffId: hasLayer ? diffIds[layerIndex] : undefined,
      chainId: hasLayer ? chainIds[layerIndex] : undefined,
      size: entry.Size,
      createdBy: cleanInstruction(entry.CreatedBy),
      createdByRaw: entry.CreatedBy,
      created: entry.Created > 0 ? new Date(entry.Created * 1000).toISOString() : undefined,
      comment: entry.Comment || undefined,
      tags: (entry.Tags ?? []).filter((t) => t !== '<none>:<none>'),
      empty: !hasLayer,
    }
  })
}

/**
 * Which history entries (bottom up) carry a filesystem layer, so that exactly `layerCount` do.
 * Sure: size > 0 carries one; a metadata instruction (ENV, CMD…) does not. Unsure: zero-size
 * RUN/COPY/ADD/WORKDIR (the classic builder commits a layer for WORKDIR; BuildKit may not).
 */
export async function assignNonEmpty(
  bottomUp: HistoryEntry[],
  layerCount: number,
  layerCountAt?: (imageId: string) => Promise<number | undefined>,
): Promise<boolean[]> {
  const kind = bottomUp.map((e): 'yes' | 'no' | 'maybe' => {
    if (e.Size > 0) return 'yes'
    return isMetadataInstruction(cleanInstruction(e.CreatedBy)) ? 'no' : 'maybe'
  })
  const sure = kind.filter((k) => k === 'yes').length
  const maybe = kind.filter((k) => k === 'maybe').length
  if (sure + maybe === layerCount) return kind.map((k) => k !== 'no')
  if (sure === layerCount) return kind.map((k) => k === 'yes')
  // Ambiguous: a classic build keeps its intermediate images, whose layer counts settle it.
  if (layerCountAt && bottomUp.every((e) => e.Id && e.Id !== '<missing>')) {
    const counts = await Promise.all(bottomUp.map((e) => layerCountAt(e.Id)))
    if (counts.every((c) => c !== undefined)) {
      return counts.map((c, i) => (c as number) > (i === 0 ? 0 : (counts[i - 1] as number)))
    }
  }
  // Last resort: the zero-size steps most likely to commit a layer, bottom first.
  let wanted = layerCount - sure
  const rank = (e: HistoryEntry) => (/^WORKDIR\b/.test(cleanInstruction(e.CreatedBy)) ? 1 : 0)
  const order = bottomUp.map((e, i) => ({ e, i })).filter(({ i }) => kind[i] === 'maybe').sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
  const chosen = new Set<number>()
  for (const { i } of order) if (wanted-- > 0) chosen.add(i)
  return kind.map((k, i) => k === 'yes' || chosen.has(i))
}

/** The chain id of each layer: chain(0) = diff(0); chain(n) = sha256(chain(n-1) + " " + diff(n)). */
export function chainIdsOf(diffIds: string[]): string[] {
  const out: string[] = []
  for (const diffId of diffIds) {
    const previous = out[out.length - 1]
    out.push(previous === undefined ? diffId : `sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`)
  }
  return out
}
