import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type Dockerode from 'dockerode'
import { AppError } from '../../src-shared/errors'
import type { EngineConnection } from '../engines/engine-connection'
import type { Logger } from '../platform/logger'
import { engineCall } from '../services/engine-call'

/** The tag of the image Berth ships in resources/ (scripts/build-helper-image.sh makes it). */
export const HELPER_IMAGE = 'berth/helper:1'
/** Every helper container carries this label, so lists can leave them out and leftovers be found. */
export const HELPER_LABEL = 'dev.berth.helper'

const TARBALL = 'resources/helper-image/berth-helper.tar'

/**
 * Where the shipped tarball is: the nearest `resources/` above this code, which is the repository in
 * development and tests, and app.asar when packaged (the bundler may put this code in a sub-folder).
 */
export function defaultHelperTarball(): string {
  if (process.env.BERTH_HELPER_IMAGE) return process.env.BERTH_HELPER_IMAGE
  for (let dir = __dirname, i = 0; i < 5; dir = dirname(dir), i++) {
    const candidate = join(dir, TARBALL)
    if (existsSync(candidate)) return candidate
  }
  return resolve(__dirname, '../..', TARBALL)
}

/** A volume mounted into a helper container. */
export interface HelperMount {
  volume: string
  /** Where it appears in the helper: `/v`, `/src` … */
  target: string
  readOnly: boolean
}

/**
 * The helper image and the short-lived containers made from it. A helper container is created and
 * NEVER started: the engine mounts its volumes for the archive API (GET/PUT
 * /containers/{id}/archive), which is how Berth reads and writes a volume's files through the
 * engine alone, so it works the same over SSH and in the VM, on any architecture.
 */
export class HelperImage {
  private readonly loading = new Map<string, Promise<void>>()

  constructor(
    private readonly tarball: string,
    private readonly logger: Logger,
  ) {}

  /** Loads the image into the engine (docker load) when it is missing; one load per engine at a time. */
  ensure(engine: EngineConnection): Promise<void> {
    const pending = this.loading.get(engine.id)
    if (pending) return pending
    const job = this.load(engine).finally(() => this.loading.delete(engine.id))
    this.loading.set(engine.id, job)
    return job
  }

  /** Creates a stopped helper container with these mounts, runs `use`, and always removes it. */
  async withContainer<T>(engine: EngineConnection, mounts: HelperMount[], use: (container: Dockerode.Container) => Promise<T>): Promise<T> {
    await this.ensure(engine)
    const container = await engineCall(engine, () =>
      engine.docker.createContainer({
        name: `berth-helper-${randomUUID().slice(0, 12)}`,
        Image: HELPER_IMAGE,
        Labels: { [HELPER_LABEL]: '1' },
        NetworkDisabled: true,
        HostConfig: {
          NetworkMode: 'none',
          Binds: mounts.map((m) => `${m.volume}:${m.target}${m.readOnly ? ':ro' : ''}`),
        },
      }),
    )
    try {
      return await use(container)
    } finally {
      // `v: false`: removing the helper must never take a volume with it.
      await container.remove({ force: true, v: false }).catch((error: unknown) => {
        this.logger.warn(`could not remove helper container ${container.id}: ${String(error)}`)
      })
    }
  }

  private async load(engine: EngineConnection): Promise<void> {
    const present = await engineCall(engine, () => engine.docker.getImage(HELPER_IMAGE).inspect()).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return false
        throw error
      },
    )
    if (present) return
    if (!existsSync(this.tarball)) {
      throw new AppError('INTERNAL', `Berth's helper image is missing from its install (${this.tarball}); reinstall Berth or run scripts/build-helper-image.sh.`)
    }
    this.logger.info(`loading ${HELPER_IMAGE} into engine ${engine.id}`)
    const output = await engineCall(engine, () => engine.docker.loadImage(createReadStream(this.tarball)))
    const text = await readAll(output)
    // docker load answers 200 and reports a failure inside the JSON stream.
    const failure = /"error(?:Detail)?"\s*:\s*(?:\{"message"\s*:\s*)?"([^"]+)"/.exec(text)
    if (failure) throw new AppError('INTERNAL', `The engine could not load Berth's helper image: ${failure[1]}`)
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const parts: Buffer[] = []
    stream.on('data', (b: Buffer) => parts.push(Buffer.from(b)))
    stream.on('end', () => resolvePromise(Buffer.concat(parts).toString('utf8')))
    stream.on('error', reject)
  })
}
