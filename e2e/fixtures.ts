import { test as base } from '@playwright/test'
import { SpareEngine } from '../src-main/testing/spare-engine'
import { requireTestEngine } from '../src-main/testing/test-engine'
import { ServeProcess } from './serve-process'

export { expect } from '@playwright/test'

interface WorkerFixtures {
  /** `npm run serve` against the shared test engine, started once per worker. */
  serve: ServeProcess
}

interface TestFixtures {
  /** A private engine this test may stop and start, with its own `serve` in front of it. */
  spare: { engine: SpareEngine; serve: ServeProcess }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  serve: [
    async ({}, use) => {
      const serve = await ServeProcess.start(requireTestEngine())
      await use(serve)
      await serve.stop()
    },
    { scope: 'worker' },
  ],
  spare: async ({}, use) => {
    const engine = new SpareEngine()
    await engine.start()
    const serve = await ServeProcess.start(engine.dockerHost)
    await use({ engine, serve })
    await serve.stop()
    await engine.dispose()
  },
})
