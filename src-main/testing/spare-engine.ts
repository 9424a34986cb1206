import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const script = resolve(__dirname, '../../scripts/test-engine.sh')

/**
 * A second private engine that a test may stop and start at will, so outages are tested for real
 * without disturbing the shared test engine.
 */
export class SpareEngine {
  readonly dir = mkdtempSync(join(tmpdir(), 'berth-spare-engine-'))
  readonly dockerHost = `unix://${this.dir}/docker.sock`

  start(): Promise<unknown> {
    return this.script('start')
  }

  stop(): Promise<unknown> {
    return this.script('stop')
  }

  /**
   * Stops the engine and removes its folder (images, containers and all: it is the test's alone).
   * dockerd leaves its data root bind-mounted on itself; anything else still mounted there (a
   * container a killed daemon left running) keeps the folder, so no live mount is deleted through.
   */
  async dispose(): Promise<void> {
    await this.stop()
    await run('umount', [`${this.dir}/data`]).catch(() => undefined)
    const mounted = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .some((line) => line.split(' ')[1]?.startsWith(`${this.dir}/`))
    if (!mounted) rmSync(this.dir, { recursive: true, force: true })
  }

  private script(command: string): Promise<unknown> {
    return run('bash', [script, command], { env: { ...process.env, BERTH_ENGINE_DIR: this.dir }, timeout: 60_000 })
  }
}
