import { homedir } from 'node:os'
import { AppError } from '../../../src-shared/errors'
import { EngineRegistry, LOCAL_ENGINE_ID } from '../../engines/engine-registry'
import { silentLogger } from '../../platform/logger'
import { dockerCli, eventually } from '../../testing/test-engine'
import { ContainersService } from '../containers-service'

/** The label and name prefix every container of these suites carries, so cleanup touches only ours. */
export const TEST_LABEL = 'berth.test=containers'
export const PREFIX = 'berth-containers-'

/** A ContainersService on its own registry, connected to `dockerHost`. */
export async function containersHarness(dockerHost: string) {
  const registry = new EngineRegistry({ env: { DOCKER_HOST: dockerHost }, platform: process.platform, home: homedir(), logger: silentLogger })
  registry.start()
  await eventually(() => registry.get(LOCAL_ENGINE_ID).isConnected, 10_000, 'engine connected')
  const service = new ContainersService(registry, silentLogger)
  const ids = new Set<string>()
  let n = 0
  return {
    service,
    engineId: LOCAL_ENGINE_ID,
    /** A unique container name for this run. */
    name: (what: string) => `${PREFIX}${what}-${process.pid}-${++n}`,
    /** Remembers a container to remove in cleanup. */
    track: (id: string) => (ids.add(id), id),
    /** `docker create`/`run` through the CLI, labelled and tracked. */
    async cli(verb: 'create' | 'run', ...args: string[]): Promise<string> {
      const id = (await dockerCli(verb, ...(verb === 'run' ? ['-d'] : []), '--network', 'none', '--label', TEST_LABEL, ...args)).trim()
      ids.add(id)
      return id
    },
    async dispose() {
      if (ids.size) await dockerCli('rm', '-f', ...ids).catch(() => undefined)
      registry.dispose()
    },
  }
}

/** The AppError a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a rejection')
}
