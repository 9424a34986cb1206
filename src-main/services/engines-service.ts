import type { EnginesApi, StreamSink } from '../../src-shared/contract'
import type { EngineConfig, EngineEvent, EngineSummary, EngineTestResult } from '../../src-shared/models/engine'
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

  add(config: EngineConfig): EngineSummary {
    return this.registry.addConfig(config)
  }

  update(engineId: string, config: EngineConfig): EngineSummary {
    return this.registry.updateConfig(engineId, config)
  }

  remove(engineId: string): void {
    this.registry.remove(engineId)
  }

  setCurrent(engineId: string): void {
    this.registry.setCurrent(engineId)
  }

  setEnabled(engineId: string, enabled: boolean): EngineSummary {
    return this.registry.setEnabled(engineId, enabled)
  }

  test(config: EngineConfig, passphrase?: string | null, password?: string): Promise<EngineTestResult> {
    return this.registry.test(config, passphrase ?? undefined, password)
  }

  trustHostKey(host: string, port: number, fingerprint: string): Promise<void> {
    return this.registry.trustHostKey(host, port, fingerprint)
  }

  unlock(engineId: string, secret: string, remember: boolean, kind?: 'passphrase' | 'password'): Promise<EngineSummary> {
    return this.registry.unlock(engineId, secret, remember, kind)
  }
}
