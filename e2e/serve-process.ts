import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

const SERVE = resolve(__dirname, '../out/main/serve.js')

/** `npm run serve` as a person starts it (the built app), against the engine the test names. */
export class ServeProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(dockerHost: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
    const child = spawn(process.execPath, [SERVE, '--port', '0', ...extraArgs], {
      // Its own settings folder and no discovery: a run never reads or changes the machine's engines list.
      env: { ...process.env, BERTH_DATA_DIR: mkdtempSync(join(tmpdir(), 'berth-e2e-data-')), BERTH_DISCOVER: '0', ...env, DOCKER_HOST: dockerHost },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL in 20 s:\n${stderr}`)), 20_000)
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line)) {
          clearTimeout(timer)
          resolveUrl(line)
        }
      })
      child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL:\n${stderr}`)))
    })
    return new ServeProcess(url, child)
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((r) => this.child.once('exit', r))
    this.child.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }
}
