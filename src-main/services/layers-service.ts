import type { Readable } from 'node:stream'
import type { LayersApi, StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { FileNode, ImageLayers, ImageStack, LayerAnalysis, LayerAnalysisChunk } from '../../src-shared/models/layer'
import type { EngineConnection } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { childrenOf, layerTree, stackLayers, type LayerEntry, type StackResult, type TreeNode } from '../layers/file-tree'
import { readExport } from '../layers/image-export'
import { imageLayersOf, stacksOf } from '../layers/layer-index'
import type { LayerIndexes } from '../layers/layer-indexes'
import { engineCall } from './engine-call'

interface Analysed {
  analysis: LayerAnalysis
  stack: StackResult
  entries: LayerEntry[][]
  /** Layer trees built so far (a tree is built when first opened). */
  trees: Map<number, TreeNode>
  /** ImageLayer.index → position in `stack.layerTrees`. */
  treeOf: Map<number, number>
}

/** How many analysed images stay in memory (a 100,000-file image's trees weigh tens of MB). */
const CACHE_SIZE = 4

export class LayersService implements LayersApi {
  private readonly cache = new Map<string, Analysed>()

  constructor(
    private readonly registry: EngineRegistry,
    private readonly indexes: LayerIndexes,
  ) {}

  async list(engineId: string, reference: string): Promise<ImageLayers> {
    const engine = this.registry.get(engineId)
    const { id, size } = await this.resolve(engine, reference)
    const index = this.indexes.of(engine)
    const [layers, images] = await engineCall(engine, () => Promise.all([index.layersOf(id), index.images()]))
    return imageLayersOf(id, layers, size, images)
  }

  async overview(engineId: string): Promise<ImageStack[]> {
    const engine = this.registry.get(engineId)
    return stacksOf(await engineCall(engine, () => this.indexes.of(engine).images()))
  }

  async analyze(engineId: string, reference: string, sink: StreamSink<LayerAnalysisChunk>): Promise<void> {
    const result = await this.analysed(engineId, reference, sink.signal, (progress) => sink.next({ type: 'progress', progress }))
    if (!sink.signal.aborted) sink.next({ type: 'done', analysis: result.analysis })
  }

  async tree(engineId: string, reference: string, view: number | 'merged', dirPath: string): Promise<FileNode[]> {
    const result = await this.analysed(engineId, reference, new AbortController().signal)
    let root = result.stack.merged
    if (view !== 'merged') {
      const position = result.treeOf.get(view)
      if (position === undefined) throw new AppError('NOT_FOUND', `Step ${view} of this image changes no files (or does not exist): it has no file tree.`)
      let tree = result.trees.get(position)
      if (!tree) {
        tree = layerTree(result.entries[position] ?? [], result.stack.layerChanges[position] ?? new Uint8Array())
        result.trees.set(position, tree)
      }
      root = tree
    }
    const children = childrenOf(root, dirPath)
    if (!children) throw new AppError('NOT_FOUND', `No folder ${dirPath} in this ${view === 'merged' ? 'image' : 'layer'}.`)
    return children
  }

  private async analysed(engineId: string, reference: string, signal: AbortSignal, onProgress?: (p: { current: number; max: number; description: string }) => void): Promise<Analysed> {
    const engine = this.registry.get(engineId)
    const { id, size } = await this.resolve(engine, reference)
    const key = `${engineId}|${id}`
    const cached = this.cache.get(key)
    if (cached) {
      // Refresh its place in the LRU order.
      this.cache.delete(key)
      this.cache.set(key, cached)
      onProgress?.({ current: 1, max: 1, description: 'Cached' })
      return cached
    }
    // The history and the export start together: the export is what takes the time.
    const [history, exported$] = await Promise.allSettled([
      engineCall(engine, () => this.indexes.of(engine).layersOf(id)),
      engineCall(engine, () => engine.docker.getImage(id).get()) as Promise<unknown> as Promise<Readable>,
    ])
    if (history.status === 'rejected' || exported$.status === 'rejected') {
      // Nothing left open: an export that started is torn down.
      if (exported$.status === 'fulfilled') exported$.value.destroy()
      throw history.status === 'rejected' ? history.reason : (exported$ as PromiseRejectedResult).reason
    }
    const layers = history.value
    const source = exported$.value
    // The export is a little larger than the layers (tar headers); the bar stops just short until the end.
    const max = Math.max(size, 1)
    let lastSent = 0
    const exported = await readExport(source, signal, (bytes) => {
      const now = Date.now()
      if (onProgress && now - lastSent > 100) {
        lastSent = now
        onProgress({ current: Math.min(bytes, Math.floor(max * 0.99)), max, description: 'Reading layers' })
      }
    })
    const stack = stackLayers(exported.layers)
    onProgress?.({ current: max, max, description: 'Done' })
    const withFiles = layers.filter((l) => !l.empty)
    const treeOf = new Map(withFiles.map((l, position) => [l.index, position]))
    const analysis: LayerAnalysis = {
      imageId: id,
      layers: withFiles.map((l, position) => ({ index: l.index, diffId: l.diffId as string, size: l.size, ...(stack.layerCounts[position] ?? { added: 0, modified: 0, removed: 0, files: 0, bytes: 0 }) })),
      totalBytes: stack.totalBytes,
      wastedBytes: stack.wastedBytes,
      diveWastedBytes: stack.diveWastedBytes,
      efficiency: stack.efficiency,
      worstOffenders: stack.worstOffenders,
      fileCount: stack.fileCount,
    }
    const result = { analysis, stack, treeOf, entries: exported.layers, trees: new Map<number, TreeNode>() }
    this.cache.set(key, result)
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string)
    return result
  }

  private async resolve(engine: EngineConnection, reference: string): Promise<{ id: string; size: number }> {
    const raw = await engineCall(engine, () => engine.docker.getImage(reference).inspect()).catch((error: AppError) => {
      throw error.code === 'NOT_FOUND' ? new AppError('NOT_FOUND', `No image ${reference} on this engine: pull it or check the name.`) : error
    })
    return { id: raw.Id, size: raw.Size }
  }
}
