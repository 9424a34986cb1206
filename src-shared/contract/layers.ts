import { z } from 'zod'
import type { FileNode, ImageLayers, ImageStack, LayerAnalysisChunk } from '../models/layer'
import { EngineId } from './common'
import { call, returns, stream, type ClientOf, type ServiceOf } from './define'
import { ImageReference } from './images'

const DirPath = z.string().max(4096).regex(/^\/.*$/, 'A path starts with /')
/** A layer's index in the image's layer list, or `merged` for the tree a container sees. */
const TreeView = z.union([z.number().int().min(0).max(10_000), z.literal('merged')])

export const layersSpec = {
  /** The image's layer stack bottom to top, who shares each layer, and its unique vs shared size. */
  list: call(z.tuple([EngineId, ImageReference]), returns<ImageLayers>()),
  /** Every local image as a stack of layers, for the overview of shared bases. */
  overview: call(z.tuple([EngineId]), returns<ImageStack[]>()),
  /** Reads every layer's files once (streaming the image export), then answers the waste figures. Cached per image id. */
  analyze: stream(z.tuple([EngineId, ImageReference]), returns<LayerAnalysisChunk>()),
  /** One directory's children in a layer's tree (or the merged tree); needs `analyze` first. */
  tree: call(z.tuple([EngineId, ImageReference, TreeView, DirPath]), returns<FileNode[]>()),
}

export type LayersApi = ServiceOf<typeof layersSpec>
export type LayersClient = ClientOf<typeof layersSpec>
