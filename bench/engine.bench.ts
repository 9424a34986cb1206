/**
 * bench/engine: what one engine request costs through Berth's whole path (WebSocket bridge →
 * router → schema → service → dockerode) beside the docker CLI doing the same on the same engine.
 *   npm run bench:engine   (starts the test engine if it is not up)
 * Prints medians and p95 over N rounds; asserts nothing.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { startBridgeServer } from '../src-main/bridge/bridge-server'
import { createCore } from '../src-main/core'
import { silentLogger } from '../src-main/platform/logger'
import { eventually, requireTestEngine } from '../src-main/testing/test-engine'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const CLI_ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 30)

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (n=${s.length})`
}

async function main() {
  const dockerHost = requireTestEngine()
  const core = createCore({ env: { DOCKER_HOST: dockerHost }, logger: silentLogger })
  const staticDir = mkdtempSync(join(tmpdir(), 'berth-bench-'))
  writeFileSync(join(staticDir, 'index.html'), '')
  const bridge = await startBridgeServer({ router: core.router, staticDir, port: 0, logger: silentLogger })
  await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine')

  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`, { headers: { origin: `http://127.0.0.1:${bridge.port}` } })
  await new Promise((r) => ws.once('open', r))
  let id = 0
  const call = (channel: string, args: unknown[]) =>
    new Promise<void>((resolve) => {
      const mine = ++id
      const onMessage = (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { id?: number }).id === mine) {
          ws.off('message', onMessage)
          resolve()
        }
      }
      ws.on('message', onMessage)
      ws.send(JSON.stringify({ id: mine, channel, args }))
    })

  const time = async (fn: () => Promise<void> | void, rounds: number) => {
    const out: number[] = []
    for (let i = 0; i < rounds; i++) {
      const t = performance.now()
      await fn()
      out.push(performance.now() - t)
    }
    return out
  }

  await time(() => call('system:version', ['local']), 20) // warm up
  const berthVersion = await time(() => call('system:version', ['local']), ROUNDS)
  const berthInfo = await time(() => call('system:info', ['local']), ROUNDS)
  const env = { ...process.env, DOCKER_HOST: dockerHost }
  const cliVersion = await time(() => void execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { env }), CLI_ROUNDS)
  const cliInfo = await time(() => void execFileSync('docker', ['info', '--format', '{{.NCPU}}'], { env }), CLI_ROUNDS)

  console.log('bench/engine: one request, browser-mode bridge → engine, vs the docker CLI')
  console.log(`  berth system:version  ${stats(berthVersion)}`)
  console.log(`  docker version        ${stats(cliVersion)}`)
  console.log(`  berth system:info     ${stats(berthInfo)}`)
  console.log(`  docker info           ${stats(cliInfo)}`)
  console.log(`  main-process RSS      ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MiB`)

  ws.close()
  await bridge.close()
  await core.dispose()
}

void main()
