import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
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

  private script(command: string): Promise<unknown> {
    return run('bash', [script, command], { env: { ...process.env, BERTH_ENGINE_DIR: this.dir }, timeout: 60_000 })
  }
}
