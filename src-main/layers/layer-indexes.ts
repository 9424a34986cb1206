import type { EngineConnection } from '../engines/engine-connection'
import { LayerIndex } from './layer-index'

/** One LayerIndex per engine connection, shared by the images and layers services. */
export class LayerIndexes {
  private readonly byEngine = new WeakMap<EngineConnection, LayerIndex>()

  of(engine: EngineConnection): LayerIndex {
    let index = this.byEngine.get(engine)
    if (!index) {
      index = new LayerIndex(engine.docker)
      this.byEngine.set(engine, index)
    }
    return index
  }
}
