/**
 * bench/logs: a container writes 1,000,000 lines (busybox `seq`) as fast as it can; then, on that
 * same container in the same run:
 *   - `docker logs <id> > /dev/null`                        (the CLI reading the whole history)
 *   - Berth's main process alone: logs.follow → router       (demux, lines, batches)
 *   - Berth into a real renderer: serve + Chromium            (bridge, JSON, ring buffer, view)
 * and, for the renderer, the longest main-thread task while ingesting (PerformanceObserver
 * 'longtask') and the JS heap with every line retained (CDP, after a GC).
 *   npm run bench:logs      (BENCH_LINES=200000 for a quicker run)
 * Prints figures; asserts nothing.
 */
import { execFile, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import { createCore } from '../src-main/core'
import { FollowClient } from '../src-main/logs/testing/follow-client'
import { silentLogger } from '../src-main/platform/logger'
import { eventually, requireTestEngine } from '../src-main/testing/test-engine'

const run = promisify(execFile)
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000)
const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium'

const rate = (lines: number, ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en-US')} lines/s (${(ms / 1000).toFixed(2)} s)`

async function main() {
  const dockerHost = requireTestEngine()
  const env = { ...process.env, DOCKER_HOST: dockerHost }
  const docker = (...args: string[]) => run('docker', args, { env, maxBuffer: 1 << 20 }).then((r) => r.stdout.trim())
  const container = await docker('create', '--network', 'none', '--label', 'berth.test=logs-bench', 'berth-fixture/base', 'seq', '1', String(LINES))
  try {
    await run('sh', ['-c', 'docker start -a "$1" > /dev/null', 'sh', container], { env, maxBuffer: 1 << 20 })

    // 1. The docker CLI.
    let t = performance.now()
    await run('sh', ['-c', 'docker logs "$1" > /dev/null 2>&1', 'sh', container], { env })
    const cliMs = performance.now() - t

    // 2. Berth's main process alone.
    const core = createCore({ env: { DOCKER_HOST: dockerHost }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine')
    t = performance.now()
    const client = await new FollowClient(core).follow('local', container, { tail: 'all' })
    await eventually(() => client.markerKinds().includes('stopped'), 300_000, 'all lines')
    const mainMs = performance.now() - t
    const mainLines = client.lineCount
    const batches = client.batches.length
    await client.cancel()
    await core.dispose()

    // 3. Into the renderer: serve + Chromium.
    const serve = spawn(process.execPath, [resolve(__dirname, '../out/main/serve.js'), '--port', '0'], {
      env: { ...env, BERTH_DISCOVER: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const url = await new Promise<string>((done) => createInterface({ input: serve.stdout! }).on('line', (l) => l.startsWith('http') && done(l)))
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--enable-precise-memory-info'],
    })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.addInitScript(() => {
        const w = window as unknown as { __longest: number; __tasks: number }
        w.__longest = 0
        w.__tasks = 0
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            w.__tasks += 1
            w.__longest = Math.max(w.__longest, entry.duration)
          }
        }).observe({ type: 'longtask', buffered: true })
      })
      await page.goto(url)
      await page.waitForLoadState('networkidle')
      // Long tasks of the app's own start are not ingest: measure from the log view on.
      await page.evaluate(() => {
        const w = window as unknown as { __longest: number; __tasks: number }
        w.__longest = 0
        w.__tasks = 0
      })
      // Every line and the "stopped" marker, within the ring's million rows.
      const total = Math.min(LINES + 1, 1_000_000)
      t = performance.now()
      await page.evaluate((hash) => (location.hash = hash), `#/logs/local/${container}?tail=all`)
      await page.waitForFunction(
        (n) => {
          const text = document.querySelector('.log-status .rows')?.textContent ?? ''
          return Number(text.replace(/\D/g, '')) >= n && document.querySelector('.log-row.marker') !== null
        },
        total,
        { timeout: 900_000, polling: 100 },
      )
      const rendererMs = performance.now() - t
      const { longest, tasks } = await page.evaluate(() => {
        const w = window as unknown as { __longest: number; __tasks: number }
        return { longest: w.__longest, tasks: w.__tasks }
      })
      // The view must also still answer: scroll to the top and back, time a frame.
      const frameMs = await page.evaluate(async () => {
        const el = document.querySelector('.log-scroll')!
        const start = performance.now()
        el.scrollTop = 0
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        return performance.now() - start
      })
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }

      console.log(`bench/logs: ${LINES.toLocaleString('en-US')} lines of \`seq\` from a finished container, same container, same run`)
      console.log(`  docker logs > /dev/null            ${rate(LINES, cliMs)}`)
      console.log(`  berth main (follow → router)       ${rate(mainLines, mainMs)}, ${batches} batches`)
      console.log(`  berth main → bridge → renderer     ${rate(LINES, rendererMs)}`)
      console.log(`  renderer longest task (ingest)     ${longest.toFixed(0)} ms (${tasks} tasks over 50 ms)`)
      console.log(`  renderer scroll to top, 2 frames   ${frameMs.toFixed(0)} ms`)
      console.log(`  renderer JS heap, all lines kept   ${(usedSize / 2 ** 20).toFixed(1)} MiB (after GC)`)
    } finally {
      await browser.close()
      serve.kill('SIGTERM')
    }
  } finally {
    await docker('rm', '-f', container)
  }
}

void main()
