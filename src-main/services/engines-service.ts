import type { EnginesApi, StreamSink } from '../../src-shared/contract'
import type { EngineEvent, EngineSummary } from '../../src-shared/models/engine'
import { untilAborted } from '../platform/disposable'
import type { EngineRegistry } from '../engines/engine-registry'

export class EnginesService implements EnginesApi {
  constructor(private readonly registry: EngineRegistry) {}

  list(): EngineSummary[] {
    return this.registry.list()
  }

  async watch(sink: StreamSink<EngineSummary[]>): Promise<void> {
    const subscription = this.registry.onChange((engines) => sink.next(engines))
    sink.next(this.registry.list())
    await untilAborted(sink.signal)
    subscription.dispose()
  }

  async events(engineId: string, sink: StreamSink<EngineEvent>): Promise<void> {
    const subscription = this.registry.get(engineId).onEvent((event) => sink.next(event))
    await untilAborted(sink.signal)
    subscription.dispose()
  }

  reconnect(engineId: string): Promise<EngineSummary> {
    return this.registry.get(engineId).reconnect()
  }
}
