import type Dockerode from 'dockerode'
import type { ContainerChange, ContainerLayer, ContainerLayerStack } from '../../../src-shared/models/container'

interface HistoryEntry {
  Id: string
  Created: number
  CreatedBy: string
  Tags: string[] | null
  Size: number
}

/** Steps that only set metadata (ENV, CMD, LABEL …) leave no filesystem layer; ADD and COPY do. */
const hasFilesystem = (createdBy: string): boolean => !/#\(nop\)/.test(createdBy) || /#\(nop\)\s+(ADD|COPY)\b/.test(createdBy)

/** The classic builder writes `/bin/sh -c #(nop) CMD …`: keep the step, drop the shell around it. */
const tidyStep = (createdBy: string): string =>
  createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/^\|\d+ .*?\/bin\/sh -c /, 'RUN ')
    .trim()

/** The container as layers: the image's history bottom first, then the writable layer. */
export async function layerStack(docker: Dockerode, containerId: string): Promise<ContainerLayerStack> {
  const info = (await docker.getContainer(containerId).inspect({ size: true } as Dockerode.ContainerInspectOptions)) as unknown as {
    Id: string
    Image: string
    Config: { Image: string }
    SizeRw?: number
    SizeRootFs?: number
  }
  const history = (await docker.getImage(info.Image).history()) as HistoryEntry[]
  const layers: ContainerLayer[] = [...history].reverse().map((h) => {
    const layer: ContainerLayer = {
      kind: 'image',
      createdBy: tidyStep(h.CreatedBy ?? ''),
      sizeBytes: h.Size ?? 0,
      created: new Date(h.Created * 1000).toISOString(),
      tags: h.Tags ?? [],
      hasFilesystem: hasFilesystem(h.CreatedBy ?? ''),
    }
    if (h.Id && h.Id !== '<missing>') layer.imageId = h.Id
    return layer
  })
  const size = { sizeRw: info.SizeRw ?? 0, sizeRootFs: info.SizeRootFs ?? 0 }
  layers.push({ kind: 'writable', createdBy: '', sizeBytes: size.sizeRw, tags: [], hasFilesystem: true })
  return { containerId: info.Id, image: info.Config.Image, imageId: info.Image, layers, size }
}

const KINDS: ContainerChange['kind'][] = ['modified', 'added', 'deleted']

/** GET /containers/{id}/changes, sorted by path; the engine answers null for none. */
export async function containerChanges(docker: Dockerode, containerId: string): Promise<ContainerChange[]> {
  let raw: unknown = await docker.getContainer(containerId).changes()
  // For no changes the engine answers `null`, which dockerode hands over unparsed, as a Buffer.
  if (raw instanceof Uint8Array) raw = JSON.parse(Buffer.from(raw).toString('utf8'))
  if (!Array.isArray(raw)) return []
  return (raw as { Path: string; Kind: number }[])
    .map((c) => ({ path: c.Path, kind: KINDS[c.Kind] ?? 'modified' })).sort((a, b) => a.path.localeCompare(b.path))
}
