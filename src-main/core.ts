import { homedir } from 'node:os'
import type { Services } from '../src-shared/contract'
import { EngineRegistry, type EngineRegistryOptions } from './engines/engine-registry'
import type { Logger } from './platform/logger'
import type { SecretStore } from './platform/secret-store'
import { SettingsStore } from './platform/settings-store'
import { Router } from './rpc/router'
import { ContainersService } from './services/containers-service'
import { EnginesService } from './services/engines-service'
import { ImagesService } from './services/images-service'
import { LayersService } from './services/layers-service'
import { DockerConfig } from './images/docker-config'
import { LayerIndexes } from './layers/layer-indexes'
import { LogsService } from './services/logs-service'
import { SystemService } from './services/system-service'
import { ExecService } from './services/exec-service'
import { StatsService } from './services/stats-service'
import { DiskService } from './services/disk-service'
import { NetworksService } from './services/networks-service'
import { VolumesService } from './services/volumes-service'
import { VmService } from './services/vm-service'
import { defaultHelperTarball, HelperImage } from './volumes/helper-image'

export interface CoreOptions {
  env: NodeJS.ProcessEnv
  logger: Logger
  platform?: NodeJS.Platform
  /** The bundled VM's guest folder (the packaged app's resources/vm); a checkout uses .cache/vm/<arch>. */
  vmGuestDir?: string
  home?: string
  /** Where settings (added engines, the current engine) are kept; without it nothing is remembered. */
  dataDir?: string
  /** Where passwords and passphrases are kept; memory only by default (the app injects safeStorage). */
  secrets?: SecretStore
  /** Also find the well-known sockets and docker contexts (the apps do; tests opt in to stay hermetic). */
  discover?: { sockets?: boolean; contexts?: boolean }
  /** More options for the engine registry (SSH file locations, timings); tests use them. */
  engineOptions?: Partial<EngineRegistryOptions>
}

/** Everything main runs, whichever transport carries it: Electron's IPC or the browser bridge. */
export interface Core {
  router: Router
  engines: EngineRegistry
  dispose(): Promise<void>
}

/** The one composition root of the services; Electron's main and `serve` both call it. */
export function createCore(options: CoreOptions): Core {
  const engines = new EngineRegistry({
    env: options.env,
    platform: options.platform ?? process.platform,
    home: options.home ?? homedir(),
    logger: options.logger,
    settings: new SettingsStore(options.dataDir, options.logger),
    secrets: options.secrets,
    discover: options.discover,
    ...options.engineOptions,
  })
  const layerIndexes = new LayerIndexes()
  const services: Services = {
    containers: new ContainersService(engines, options.logger),
    engines: new EnginesService(engines),
    logs: new LogsService(engines, options.logger),
    system: new SystemService(engines),
    exec: new ExecService(engines, options.logger),
    stats: new StatsService(engines),
    volumes: new VolumesService(engines, new HelperImage(defaultHelperTarball(), options.logger)),
    networks: new NetworksService(engines),
    disk: new DiskService(engines),
    images: new ImagesService(engines, layerIndexes, new DockerConfig(options.env, options.home ?? homedir())),
    layers: new LayersService(engines, layerIndexes),
    vm: new VmService({
      registry: engines,
      logger: options.logger,
      env: options.env,
      home: options.home ?? homedir(),
      dataDir: options.dataDir,
      guestDir: options.vmGuestDir,
      platform: options.platform,
    }),
  }
  const router = new Router(services, options.logger)
  engines.start()
  return {
    router,
    engines,
    async dispose() {
      router.dispose()
      // Services that hold something (uploads, timers) let it go; the VM's clean power-off is awaited.
      await Promise.allSettled(Object.values(services).map(async (service) => (service as { dispose?: () => void | Promise<void> }).dispose?.()))
      engines.dispose()
    },
  }
}
