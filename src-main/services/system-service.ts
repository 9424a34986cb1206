import type { SystemApi } from '../../src-shared/contract'
import type { EngineInfo, EngineVersion } from '../../src-shared/models/engine'
import { toEngineVersion } from '../engines/engine-connection'
import type { EngineRegistry } from '../engines/engine-registry'
import { engineCall } from './engine-call'

export class SystemService implements SystemApi {
  constructor(private readonly registry: EngineRegistry) {}

  async ping(engineId: string): Promise<{ apiVersion: string }> {
    const engine = this.registry.get(engineId)
    await engineCall(engine, () => engine.docker.ping())
    return { apiVersion: engine.summary().version?.apiVersion ?? (await this.version(engineId)).apiVersion }
  }

  async version(engineId: string): Promise<EngineVersion> {
    const engine = this.registry.get(engineId)
    // The same reading as the connection's: Podman names itself in Components, not Platform.
    return toEngineVersion(await engineCall(engine, () => engine.docker.version()))
  }

  async info(engineId: string): Promise<EngineInfo> {
    const engine = this.registry.get(engineId)
    const i = await engineCall(engine, () => engine.docker.info() as Promise<Record<string, unknown>>)
    const num = (key: string) => (typeof i[key] === 'number' ? (i[key] as number) : 0)
    const str = (key: string) => (typeof i[key] === 'string' ? (i[key] as string) : '')
    return {
      name: str('Name'),
      serverVersion: str('ServerVersion'),
      operatingSystem: str('OperatingSystem'),
      osType: str('OSType'),
      architecture: str('Architecture'),
      cpus: num('NCPU'),
      memoryBytes: num('MemTotal'),
      containers: num('Containers'),
      containersRunning: num('ContainersRunning'),
      containersPaused: num('ContainersPaused'),
      containersStopped: num('ContainersStopped'),
      images: num('Images'),
      storageDriver: str('Driver'),
      dockerRootDir: str('DockerRootDir'),
    }
  }
}
