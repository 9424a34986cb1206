import { execFile } from 'node:child_process'
import { homedir } from 'node:os'
import { promisify } from 'node:util'
import type { StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { TransferChunk } from '../../src-shared/models/volumes'
import { EngineRegistry, LOCAL_ENGINE_ID } from '../engines/engine-registry'
import { silentLogger } from '../platform/logger'
import { DiskService } from '../services/disk-service'
import { NetworksService } from '../services/networks-service'
import { VolumesService } from '../services/volumes-service'
import { eventually } from '../testing/test-engine'
import { defaultHelperTarball, HelperImage } from './helper-image'

const run = promisify(execFile)

/** Every volume, network and container these suites make carries this label and prefix. */
export const TEST_LABEL = 'berth.test=volumes'
export const PREFIX = 'berth-volumes-'

/** The volumes, networks and disk services on their own registry, connected to `dockerHost`. */
export async function volumesHarness(dockerHost: string) {
  const registry = new EngineRegistry({ env: { DOCKER_HOST: dockerHost }, platform: process.platform, home: homedir(), logger: silentLogger })
  registry.start()
  await eventually(() => registry.get(LOCAL_ENGINE_ID).isConnected, 10_000, 'engine connected')
  const helper = new HelperImage(defaultHelperTarball(), silentLogger)
  const volumes = new VolumesService(registry, helper)
  let n = 0
  const cli = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: dockerHost }, maxBuffer: 64 * 1024 * 1024 })).stdout
  const made = { containers: new Set<string>(), volumes: new Set<string>(), networks: new Set<string>() }
  return {
    registry,
    engine: registry.get(LOCAL_ENGINE_ID),
    engineId: LOCAL_ENGINE_ID,
    helper,
    volumes,
    networks: new NetworksService(registry),
    disk: new DiskService(registry),
    cli,
    /** A unique name for this run, remembered for cleanup as `kind`. */
    name(kind: keyof typeof made, what: string): string {
      const name = `${PREFIX}${what}-${process.pid}-${++n}`
      made[kind].add(name)
      return name
    },
    /** Runs berth-fixture/base to completion (network none), with these docker-run args before the image. */
    async runBase(args: string[], script: string): Promise<string> {
      return cli('run', '--rm', '--network', 'none', '--label', TEST_LABEL, ...args, 'berth-fixture/base', 'sh', '-c', script)
    },
    /** `sha256sum` of every file in a volume, sorted: the same text means the same files and bytes. */
    async checksums(volume: string): Promise<string> {
      return cli('run', '--rm', '--network', 'none', '--label', TEST_LABEL, '-v', `${volume}:/d:ro`, 'berth-fixture/base', 'sh', '-c', 'cd /d && find . -type f | sort | xargs -r sha256sum')
    },
    async dispose() {
      if (made.containers.size) await cli('rm', '-f', ...made.containers).catch(() => undefined)
      for (const v of made.volumes) await cli('volume', 'rm', v).catch(() => undefined)
      for (const net of made.networks) await cli('network', 'rm', net).catch(() => undefined)
      volumes.dispose()
      registry.dispose()
    },
  }
}

/** A sink that collects a byte stream's chunks. */
export function collectingSink(): StreamSink<TransferChunk> & { bytes(): Buffer; chunks: TransferChunk[]; abort(): void } {
  const controller = new AbortController()
  const chunks: TransferChunk[] = []
  return {
    signal: controller.signal,
    chunks,
    next: (chunk) => chunks.push(chunk),
    bytes: () => Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64'))),
    abort: () => controller.abort(),
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
