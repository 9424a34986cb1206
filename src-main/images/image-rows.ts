import type Dockerode from 'dockerode'
import { NONE, type ImagePruneItem, type ImagePruneMode, type ImageSummary } from '../../src-shared/models/image'
import { layerRefs, type IndexedImage } from '../layers/layer-index'

/** One row per repo:tag; an image without a tag is one `<none>` row (named by its digest's repository if it has one). */
export function imageRows(images: Dockerode.ImageInfo[], containersByImage: Map<string, number>): ImageSummary[] {
  const rows: ImageSummary[] = []
  for (const image of images) {
    const repoTags = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
    const repoDigests = (image.RepoDigests ?? []).filter((d) => d !== '<none>@<none>')
    const base = {
      id: image.Id,
      repoTags,
      repoDigests,
      dangling: repoTags.length === 0 && repoDigests.length === 0,
      created: new Date(image.Created * 1000).toISOString(),
      size: image.Size,
      containers: containersByImage.get(image.Id) ?? 0,
      labels: image.Labels ?? {},
    }
    if (repoTags.length === 0) {
      const repository = repoDigests[0]?.split('@')[0] ?? NONE
      rows.push({ ...base, key: `${image.Id}|`, repository, tag: NONE })
      continue
    }
    for (const repoTag of repoTags) {
      const colon = repoTag.lastIndexOf(':')
      rows.push({ ...base, key: `${image.Id}|${repoTag}`, repository: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1), repoTag })
    }
  }
  return rows
}

/** How many containers (any state) use each image id. */
export function countContainers(containers: Dockerode.ContainerInfo[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const c of containers) counts.set(c.ImageID, (counts.get(c.ImageID) ?? 0) + 1)
  return counts
}

/**
 * What a prune removes and frees. Dangling: untagged images no container uses; unused: every
 * image no container uses (`docker image prune -a`). The space freed counts each layer whose every
 * holder is pruned, once: more than the sum of unique sizes when pruned images share layers.
 */
export function prunePlan(images: IndexedImage[], used: Set<string>, danglingIds: Set<string>, mode: ImagePruneMode, created: Map<string, string>): { images: ImagePruneItem[]; spaceReclaimed: number } {
  const chosen = images.filter((i) => !used.has(i.id) && (mode === 'unused' || danglingIds.has(i.id)))
  const ids = new Set(chosen.map((i) => i.id))
  const refs = layerRefs(images)
  let spaceReclaimed = 0
  const freedChains = new Set<string>()
  const items = chosen.map((image) => {
    let own = 0
    for (const layer of image.layers) {
      if (!layer.chainId) continue
      const holders = refs.get(layer.chainId) ?? []
      if (holders.every((h) => ids.has(h.id))) {
        if (holders.length === 1) own += layer.size
        if (!freedChains.has(layer.chainId)) {
          freedChains.add(layer.chainId)
          spaceReclaimed += layer.size
        }
      }
    }
    return { id: image.id, repoTags: image.repoTags, created: created.get(image.id) ?? '', size: own }
  })
  items.sort((a, b) => b.size - a.size)
  return { images: items, spaceReclaimed }
}
