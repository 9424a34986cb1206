import { homedir } from 'node:os'
import type { Services } from '../src-shared/contract'
import { EngineRegistry } from './engines/engine-registry'
import type { Logger } from './platform/logger'
import { Router } from './rpc/router'
import { EnginesService } from './services/engines-service'
import { SystemService } from './services/system-service'

export interface CoreOptions {
  env: NodeJS.ProcessEnv
  logger: Logger
  platform?: NodeJS.Platform
  home?: string
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
  })
  const services: Services = {
    engines: new EnginesService(engines),
    system: new SystemService(engines),
  }
  const router = new Router(services, options.logger)
  engines.start()
  return {
    router,
    engines,
    async dispose() {
      router.dispose()
      engines.dispose()
    },
  }
}
