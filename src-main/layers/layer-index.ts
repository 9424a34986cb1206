import type Dockerode from 'dockerode'
import type { ImageLayer, ImageLayers, ImageRef, ImageStack } from '../../src-shared/models/layer'
import { readImageLayers } from './image-layers'

/** A head image (one `docker images` shows) with its layers. */
export interface IndexedImage {
  id: string
  repoTags: string[]
  size: number
  layers: ImageLayer[]
}

/**
 * Which layers each local image holds, and who shares them. An image id names immutable content,
 * so each image's layers are read once and kept until the image is gone.
 */
export class LayerIndex {
  private readonly cache = new Map<string, ImageLayer[]>()

  constructor(private readonly docker: Dockerode) {}

  /** Every head image with its layers, as `docker system df` counts them. */
  async images(): Promise<IndexedImage[]> {
    const heads = await this.docker.listImages({ all: false })
    const seen = new Set(heads.map((h) => h.Id))
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id)
    return Promise.all(
      heads.map(async (h) => ({
        id: h.Id,
        repoTags: (h.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        size: h.Size,
        layers: await this.layersOf(h.Id),
      })),
    )
  }

  async layersOf(imageId: string): Promise<ImageLayer[]> {
    let layers = this.cache.get(imageId)
    if (!layers) {
      layers = await readImageLayers(this.docker, imageId)
      this.cache.set(imageId, layers)
    }
    return layers
  }
}

/** How many head images hold each chain id (the engine's `layerRefs`). */
export function layerRefs(images: IndexedImage[]): Map<string, IndexedImage[]> {
  const refs = new Map<string, IndexedImage[]>()
  for (const image of images) {
    for (const chainId of new Set(image.layers.flatMap((l) => (l.chainId ? [l.chainId] : [])))) {
      const list = refs.get(chainId) ?? []
      list.push(image)
      refs.set(chainId, list)
    }
  }
  return refs
}

/**
 * Shared size as the engine computes it for `docker system df -v`: the diff sizes of the image's
 * layers whose chain is held by more than one head image. Unique = size − shared.
 */
export function sharedSizeOf(image: IndexedImage, refs: Map<string, IndexedImage[]>): number {
  let shared = 0
  for (const layer of image.layers) {
    if (layer.chainId && (refs.get(layer.chainId)?.length ?? 0) > 1) shared += layer.size
  }
  return shared
}

const refOf = (image: IndexedImage): ImageRef => ({ id: image.id, name: image.repoTags[0] })

/** One image's layers with sharing, from the index of every image. */
export function imageLayersOf(imageId: string, layers: ImageLayer[], size: number, images: IndexedImage[]): ImageLayers {
  const refs = layerRefs(images)
  const sharedWith: Record<string, ImageRef[]> = {}
  for (const layer of layers) {
    if (!layer.chainId) continue
    sharedWith[layer.chainId] = (refs.get(layer.chainId) ?? []).filter((i) => i.id !== imageId).map(refOf)
  }
  // An image that is not a head (an intermediate one) is not in `images`; count it as one more holder.
  const self = images.find((i) => i.id === imageId) ?? { id: imageId, repoTags: [], size, layers }
  const withSelf = images.some((i) => i.id === imageId) ? refs : layerRefs([...images, self])
  const sharedSize = sharedSizeOf(self, withSelf)
  return { imageId, layers, sharedWith, size, sharedSize, uniqueSize: size - sharedSize }
}

/** Every head image as a stack, for the overview. */
export function stacksOf(images: IndexedImage[]): ImageStack[] {
  const refs = layerRefs(images)
  return images.map((image) => {
    const sharedSize = sharedSizeOf(image, refs)
    return {
      id: image.id,
      repoTags: image.repoTags,
      size: image.size,
      sharedSize,
      uniqueSize: image.size - sharedSize,
      layers: image.layers.flatMap((l) => (l.chainId && l.diffId ? [{ chainId: l.chainId, diffId: l.diffId, size: l.size, createdBy: l.createdBy }] : [])),
    }
  })
}
