import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const script = resolve(__dirname, '../../scripts/test-podman.sh')

export const TEST_PODMAN_DIR = process.env.BERTH_PODMAN_DIR ?? '/tmp/berth-test-podman'
export const TEST_PODMAN_HOST = `unix://${TEST_PODMAN_DIR}/podman.sock`

/** Starts the private Podman service if it is not up (idempotent; installs podman as root when missing). */
export async function requireTestPodman(): Promise<string> {
  await run('bash', [script, 'up'], { timeout: 600_000, env: { ...process.env, BERTH_PODMAN_DIR: TEST_PODMAN_DIR } })
  return TEST_PODMAN_HOST
}

/** The docker CLI against the Podman service, to compare with what Berth says. */
export async function podmanCli(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { env: { ...process.env, DOCKER_HOST: TEST_PODMAN_HOST }, maxBuffer: 16 * 1024 * 1024 })
  return stdout
}
