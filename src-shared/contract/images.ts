import { z } from 'zod'
import type {
  BuildChunk,
  ImageDetail,
  ImagePrunePreview,
  ImagePruneResult,
  ImageRemoveResult,
  ImageSummary,
  RegistryAccount,
  TransferChunk,
} from '../models/image'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'

// Docker's reference grammar (distribution/reference), kept strict so nothing odd reaches the engine.
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const domain = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)'
const name = `(?:${domain}/)?${component}(?:/${component})*`
const tag = '[\\w][\\w.-]{0,127}'
const digest = 'sha256:[0-9a-f]{64}'
const id = '(?:sha256:)?[0-9a-f]{12,64}'

/** `name[:tag][@digest]` or an image id (short or long). */
export const ImageReference = z
  .string()
  .max(512)
  .regex(new RegExp(`^(?:${name}(?::${tag})?(?:@${digest})?|${id})$`), 'Not an image reference: write it as name[:tag], e.g. nginx:1.27 or registry:5000/team/app')
/** `name[:tag]`: what a tag or push names (no digest, no id). */
export const RepoTag = z.string().max(512).regex(new RegExp(`^${name}(?::${tag})?$`), 'Not a valid name: use lowercase name[:tag], e.g. myapp:1.0')
/** A registry's address as config.json keys it: `127.0.0.1:5000`, `https://index.docker.io/v1/`. */
export const RegistryServer = z.string().min(1).max(300).regex(/^(?:https?:\/\/)?[A-Za-z0-9.\-[\]:]+(?:\/[\w./-]*)?$/, 'Not a registry address: write host[:port]')

const ImageIds = z.array(z.string().regex(/^sha256:[0-9a-f]{64}$/)).max(10_000)
const KeyValues = z.record(z.string().min(1).max(256), z.string().max(4096))

const BuildOptionsSchema = z.strictObject({
  contextPath: z.string().min(1).max(4096),
  dockerfile: z.string().min(1).max(1024).optional(),
  tags: z.array(RepoTag).max(20),
  buildArgs: KeyValues,
  target: z.string().regex(/^[A-Za-z0-9][\w.-]{0,127}$/).optional(),
  noCache: z.boolean(),
  pull: z.boolean().optional(),
  labels: KeyValues.optional(),
})

export const imagesSpec = {
  /** Every image, one row per repo:tag (dangling ones as `<none>`), with how many containers use it. */
  list: call(z.tuple([EngineId]), returns<ImageSummary[]>()),
  /** One image in detail, with the containers created from it. */
  inspect: call(z.tuple([EngineId, ImageReference]), returns<ImageDetail>()),
  /**
   * Removes a tag or an image. By tag: only that tag goes unless it is the last one. By id: the
   * image goes. An image a container uses fails with CONFLICT naming the containers unless `force`.
   */
  remove: call(z.tuple([EngineId, ImageReference, z.strictObject({ force: z.boolean() })]), returns<ImageRemoveResult>()),
  /** Gives an image another name: `tag(engine, source, 'repo:tag')`. */
  tag: call(z.tuple([EngineId, ImageReference, RepoTag]), returns<{ repoTag: string }>()),
  /** Exactly what a prune would remove now, and the space it frees. */
  prunePreview: call(z.tuple([EngineId, z.enum(['dangling', 'unused'])]), returns<ImagePrunePreview>()),
  /** Removes exactly the previewed images; CONFLICT if what a prune would remove has changed since. */
  prune: call(z.tuple([EngineId, z.enum(['dangling', 'unused']), ImageIds]), returns<ImagePruneResult>()),
  /** Pulls an image, summing every layer's progress into one bar; cancel stops the pull. */
  pull: stream(z.tuple([EngineId, ImageReference]), returns<TransferChunk>()),
  /** Pushes a tag to its registry, with the same progress as a pull. */
  push: stream(z.tuple([EngineId, RepoTag]), returns<TransferChunk>()),
  /** Builds a folder with a Dockerfile (the context is tarred in main), streaming the log and steps. */
  build: stream(z.tuple([EngineId, BuildOptionsSchema]), returns<BuildChunk>()),
  /** The registries ~/.docker/config.json holds credentials for (never the secrets themselves). */
  registries: call(z.tuple([]), returns<RegistryAccount[]>()),
  /** Checks credentials with the registry (through the engine) and stores them like `docker login`. */
  login: call(
    z.tuple([EngineId, z.strictObject({ server: RegistryServer, username: z.string().min(1).max(256), password: z.string().min(1).max(4096) })]),
    returns<{ status: string }>(),
  ),
  /** Forgets a registry's credentials like `docker logout`. */
  logout: call(z.tuple([RegistryServer]), returns<void>()),
}

export type ImagesApi = ServiceOf<typeof imagesSpec>
export type ImagesClient = ClientOf<typeof imagesSpec>
