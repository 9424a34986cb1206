import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const script = resolve(__dirname, '../../../scripts/test-registry.sh')

/** The private registry of scripts/test-registry.sh: 127.0.0.1:5055, user berth / berth-secret. */
export const TEST_REGISTRY = { address: '127.0.0.1:5055', username: 'berth', password: 'berth-secret' }

/** Starts the registry if it is not up; answers a stop that only stops what this call started. */
export async function startTestRegistry(): Promise<() => Promise<void>> {
  const wasUp = await fetch(`http://${TEST_REGISTRY.address}/v2/`).then(() => true, () => false)
  await run('bash', [script, 'up'], { timeout: 120_000 })
  return async () => {
    if (!wasUp) await run('bash', [script, 'down'], { timeout: 30_000 })
  }
}
