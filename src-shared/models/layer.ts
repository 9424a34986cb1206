/**
 * One layer of an image, bottom to top, as Berth shows it. Built from the image's history
 * (`GET /images/{name}/history`) matched to its `RootFS.Layers` (the diff ids).
 */
export interface ImageLayer {
  /** Position in the stack: 0 is the bottom (first) step. */
  index: number
  /** The history entry's image id when the engine still has it (classic builds), else undefined (`<missing>`). */
  id?: string
  /** The content digest of this layer's tar (RootFS.Layers[i]); undefined for empty (metadata-only) steps. */
  diffId?: string
  /**
   * The chain id (sha256 of the chain of diff ids up to here): two images share this layer only
   * if their chains match, not merely the diff id. Undefined for empty steps.
   */
  chainId?: string
  /** Bytes this layer adds, as `docker history` reports it. */
  size: number
  /** The Dockerfile instruction, cleaned: `CMD ["sh"]`, `RUN apk add …`, `COPY file:… /app`. */
  createdBy: string
  /** The engine's raw text (`/bin/sh -c #(nop)  CMD ["sh"]`), what `docker history --no-trunc` prints. */
  createdByRaw: string
  /** ISO time the step ran; undefined when the engine does not know it. */
  created?: string
  comment?: string
  /** Tags the history entry carries (only the top entries of tagged images). */
  tags: string[]
  /** True for metadata-only steps (ENV, CMD, LABEL…): no filesystem change, no diff id. */
  empty: boolean
}

/** A local image, as named on a "shared with" badge. */
export interface ImageRef {
  id: string
  /** The first tag, or undefined for a dangling image. */
  name?: string
}

/** An image's layers with who shares each and what deleting the image would free. */
export interface ImageLayers {
  imageId: string
  layers: ImageLayer[]
  /** By chain id: the other local images whose stack holds this layer (and everything under it). */
  sharedWith: Record<string, ImageRef[]>
  size: number
  /** Bytes in layers other images also use (`docker system df -v`'s SHARED SIZE). */
  sharedSize: number
  /** Bytes only this image holds: what deleting it frees (`docker system df -v`'s UNIQUE SIZE). */
  uniqueSize: number
}

/** One image in the overview: its chain of non-empty layers, bottom to top. */
export interface ImageStack {
  id: string
  repoTags: string[]
  size: number
  sharedSize: number
  uniqueSize: number
  layers: { chainId: string; diffId: string; size: number; createdBy: string }[]
}

/** What a layer did to one path. */
export type FileChange = 'added' | 'modified' | 'removed'

/** A node of a file tree, for one layer or for the merged view a container sees. */
export interface FileNode {
  name: string
  path: string
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other'
  /** Bytes of the file; for a directory, of everything under it. */
  size: number
  /** In a layer's tree: what this layer did; absent in the merged tree. */
  change?: FileChange
  /** An opaque directory (`.wh..wh..opq`): this layer hid everything below it from earlier layers. */
  opaque?: boolean
  linkTarget?: string
  mode?: number
  /** Number of entries below (directories only). */
  childCount?: number
  /** Children, loaded lazily: absent until asked for. */
  children?: FileNode[]
}

/** One file that wastes space: a later layer overwrote or removed it (dive's definition). */
export interface WastedFile {
  path: string
  /** Bytes of the copies a later layer overwrote or removed (the copy a container sees is not waste). */
  wastedBytes: number
  /** dive's figure for the path: the bytes of every copy, the surviving one included. */
  cumulativeBytes: number
  /** How many layers hold a copy of the path (including removals). */
  occurrences: number
  /** Layer indices (in the image's layer list) that touched it. */
  layers: number[]
}

/** One layer's counts in the contents analysis. */
export interface LayerContentSummary {
  /** Index in the image's layer list (`ImageLayer.index`). */
  index: number
  diffId: string
  size: number
  added: number
  modified: number
  removed: number
  files: number
  /** Bytes of the files this layer holds (its copies, whatever later layers do to them). */
  bytes: number
}

/** The result of reading every layer's files once. */
export interface LayerAnalysis {
  imageId: string
  layers: LayerContentSummary[]
  /** Sum of every layer's file bytes. */
  totalBytes: number
  /** Bytes a later layer overwrote or removed. */
  wastedBytes: number
  /** dive's "potential wasted space": the cumulative bytes of every path held by more than one layer. */
  diveWastedBytes: number
  /** dive's efficiency score: Σ smallest copy of each path / Σ every copy (1 when nothing repeats). */
  efficiency: number
  /** Largest waste first. */
  worstOffenders: WastedFile[]
  fileCount: number
}

/** A chunk of a contents analysis: progress while the export streams, then the result. */
export type LayerAnalysisChunk =
  | { type: 'progress'; progress: import('./progress').Progress }
  | { type: 'done'; analysis: LayerAnalysis }
