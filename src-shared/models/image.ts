import type { Progress } from './progress'

/** `<none>`: what Docker shows for a dangling image's repository and tag. */
export const NONE = '<none>'

/** One row of the images list: one per repo:tag, so an image with three tags gives three rows. */
export interface ImageSummary {
  /** Unique per row: `id` plus the tag (an image id repeats across its tags). */
  key: string
  id: string
  /** `nginx`, `registry.example.com:5000/team/app`; `<none>` when dangling. */
  repository: string
  /** `latest`; `<none>` when the row has no tag. */
  tag: string
  /** `repository:tag`, or undefined for a row without a tag. */
  repoTag?: string
  /** Every tag the image carries (the rows of the same image share it). */
  repoTags: string[]
  repoDigests: string[]
  /** No tag at all (what `docker image prune` removes by default). */
  dangling: boolean
  /** ISO 8601. */
  created: string
  size: number
  /** How many containers (running or not) use this image. */
  containers: number
  labels: Record<string, string>
}

/** What GET /images/{id}/json says, in a shape worth showing. */
export interface ImageDetail {
  id: string
  repoTags: string[]
  repoDigests: string[]
  parent?: string
  comment?: string
  created: string
  author?: string
  architecture: string
  variant?: string
  os: string
  size: number
  layerCount: number
  config: {
    user?: string
    cmd?: string[]
    entrypoint?: string[]
    env: string[]
    workingDir?: string
    exposedPorts: string[]
    volumes: string[]
    labels: Record<string, string>
    stopSignal?: string
  }
  /** The containers created from this image: name and id. */
  containers: { id: string; name: string; state: string }[]
}

/** What a remove did: the tags it took away and the image ids (and parents) it deleted. */
export interface ImageRemoveResult {
  untagged: string[]
  deleted: string[]
}

export type ImagePruneMode = 'dangling' | 'unused'

/** One image a prune would remove. */
export interface ImagePruneItem {
  id: string
  repoTags: string[]
  created: string
  /** What deleting it frees: its unique size (layers no other image keeps). */
  size: number
}

/** The exact list a prune removes; pass `ids` back to `prune` to remove exactly these. */
export interface ImagePrunePreview {
  mode: ImagePruneMode
  images: ImagePruneItem[]
  /** Sum of the unique sizes: the space the prune frees. */
  spaceReclaimed: number
}

export interface ImagePruneResult {
  removed: ImagePruneItem[]
  spaceReclaimed: number
}

/** One layer's line during a pull or push. */
export interface LayerTransfer {
  /** The short layer id the engine reports. */
  id: string
  /** The engine's phase: Waiting, Downloading, Extracting, Pushing, Already exists, Pull complete… */
  status: string
  current: number
  /** 0 when unknown. */
  total: number
  done: boolean
}

/** A chunk of a pull or push. `progress` sums every layer; `layers` holds each layer's row. */
export type TransferChunk =
  | { type: 'progress'; progress: Progress; layers: LayerTransfer[] }
  | { type: 'status'; message: string }
  | { type: 'done'; reference: string; digest?: string }

/** Options of a build from a folder holding a Dockerfile. */
export interface BuildOptions {
  /** The folder sent as the build context. */
  contextPath: string
  /** The Dockerfile's path, relative to the context; `Dockerfile` by default. */
  dockerfile?: string
  tags: string[]
  buildArgs: Record<string, string>
  target?: string
  noCache: boolean
  pull?: boolean
  labels?: Record<string, string>
}

/** A chunk of a build: log lines as they come, each step as it starts, the image at the end. */
export type BuildChunk =
  | { type: 'log'; line: string }
  | { type: 'step'; step: number; total: number; instruction: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; imageId: string; tags: string[] }

/** The details of a failed build's error: the step that failed and what it printed. */
export interface BuildFailure {
  step?: number
  total?: number
  instruction?: string
  output: string[]
}

/** A registry Berth knows credentials for, from ~/.docker/config.json. */
export interface RegistryAccount {
  /** As written in config.json: `https://index.docker.io/v1/`, `127.0.0.1:5000`. */
  server: string
  username?: string
  /** Where the credentials live: in config.json itself, or a `docker-credential-<helper>`. */
  store: 'file' | 'helper'
  helper?: string
}

export interface RegistryLogin {
  server: string
  username: string
  password: string
}
