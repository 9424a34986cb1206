import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The private engine that scripts/test-engine.sh started; integration tests never touch another. */
export const TEST_ENGINE_DIR = process.env.BERTH_ENGINE_DIR ?? '/tmp/berth-test-engine'
export const TEST_DOCKER_HOST = `unix://${TEST_ENGINE_DIR}/docker.sock`

/** Fails loudly, with the fix, when the test engine is not up. */
export function requireTestEngine(): string {
  if (!existsSync(`${TEST_ENGINE_DIR}/docker.sock`)) {
    throw new Error(`The test engine is not running: start it with \`bash scripts/test-engine.sh up\` (or run \`npm test\`).`)
  }
  return TEST_DOCKER_HOST
}

/** The docker CLI against the test engine, for tests that compare with what the CLI sees. */
export async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST }, maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/** Waits until `check` holds, polling; for tests only. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}
