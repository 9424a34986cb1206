/**
 * bench/logs: a container writes 1,000,000 lines (busybox `seq`) as fast as it can. Two parts, each
 * on one container in one run, the CLI and Berth one after the other:
 *   History (a finished container):
 *   - `docker logs <id> > /dev/null`                        (the CLI reading the whole history)
 *   - Berth's main process alone: logs.follow → router       (demux, lines, frames)
 *   - Berth into a real renderer: serve + Chromium            (bridge, binary frames, ring, view)
 *   Live (the container started again, followed while it writes):
 *   - `docker logs -f <id> > /dev/null`, started with the container, ends when it exits
 *   - Berth's log view open on the stopped container, then the container started: until the
 *     renderer holds every new line
 *   Live rates are lines over (follower done − the run's first line's engine timestamp), so both
 *   count from the same instant; the container's own pace (its first to last line) is printed too.
 * and, for the renderer, the longest main-thread task while ingesting (PerformanceObserver
 * 'longtask', wall time) beside the most CPU time any one task took (Chromium's trace: on a busy
 * machine a task's wall time is mostly waiting for a core), and the JS heap with every line
 * retained (CDP, after a GC).
 *   npm run bench:logs      (BENCH_LINES=200000 for a quicker run)
 * Prints figures; asserts nothing.
 */
import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import os from 'node:os'
import { chromium, type Browser, type Page } from 'playwright-core'
import { parseLogTime } from '../src-shared/log-time'
import { createCore } from '../src-main/core'
import { FollowClient } from '../src-main/logs/testing/follow-client'
import { silentLogger } from '../src-main/platform/logger'
import { eventually, requireTestEngine } from '../src-main/testing/test-engine'
import { cpuSeconds } from './proc'

const run = promisify(execFile)
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000)
const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium'
/** BENCH_LOGS_TRACE=0: no Chromium trace while the history flows (no per-task CPU figure then). */
const TRACE = process.env.BENCH_LOGS_TRACE !== '0'

const rate = (lines: number, ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en-US')} lines/s (${(ms / 1000).toFixed(2)} s)`

/** The long tasks seen since the last call (and starts over). */
async function takeLongTasks(page: Page): Promise<{ longest: number; tasks: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: number }
    const seen = { longest: w.__longest, tasks: w.__tasks }
    w.__longest = 0
    w.__tasks = 0
    return seen
  })
}

async function rowsSeen(page: Page): Promise<number> {
  return page.evaluate(() =>
    ['.log-status .rows', '.log-status .dropped'].reduce((sum, s) => sum + Number((document.querySelector(s)?.textContent ?? '').replace(/\D/g, '')), 0),
  )
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline']

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } }
}

/**
 * The renderer main thread's task that used the most CPU (thread time), from a Chromium trace, and
 * what it did: the events directly inside it, by name (a script's function and file).
 */
function longestTaskCpu(trace: Buffer): { cpu: number; wall: number; parts?: string } {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  let best: TraceEvent | undefined
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`)) continue
    if ((e.tdur ?? 0) > (best?.tdur ?? 0)) best = e
  }
  if (!best) return { cpu: 0, wall: 0 }
  const end = best.ts + (best.dur ?? 0)
  const inside = events.filter((e) => e.ph === 'X' && e !== best && e.pid === best!.pid && e.tid === best!.tid && e.ts >= best!.ts && e.ts + (e.dur ?? 0) <= end)
  // Only the outermost events: a child's time is already in its parent's.
  const outer = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) > (e.dur ?? 0)))
  const byName = new Map<string, number>()
  for (const e of outer) {
    const fn = e.args?.data?.functionName ? ` ${e.args.data.functionName}@${(e.args.data.url ?? '').split('/').pop()}` : ''
    byName.set(e.name + fn, (byName.get(e.name + fn) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000)
  }
  const parts = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(', ')
  return { cpu: (best.tdur ?? 0) / 1000, wall: (best.dur ?? 0) / 1000, parts }
}

/**
 * Headless Chromium runs its renderers as background processes (nice 5, Chromium's
 * kBackgroundPriority on Linux); the desktop app's window is a focused, visible one, whose
 * renderer runs at the default priority (nice 0). On a 2-core machine where dockerd and main are
 * busy, nice 5 alone makes a 10 ms task wait for a core for hundreds of ms. Give the page's
 * renderers the priority the app's window has (needs root to lower a nice value); says what it did.
 */
async function foregroundRenderers(browser: Browser): Promise<string> {
  const cdp = await browser.newBrowserCDPSession()
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] }
  const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id)
  const before = renderers.map((pid) => os.getPriority(pid)).join(', ')
  try {
    for (const pid of renderers) os.setPriority(pid, 0)
    return `${renderers.length} renderer main threads set to nice 0 like a focused window's (headless had them at nice ${before})`
  } catch (error) {
    return `renderers left at headless Chromium's background priority (${(error as Error).message})`
  }
}

/** An engine timestamp (nanoseconds) in epoch milliseconds. */
function parseLogTimeMs(ts: string): number {
  const t = parseLogTime(ts)
  if (!t) throw new Error(`not a timestamp: ${ts}`)
  return t.seconds * 1000 + t.nanos / 1e6
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')

/** user+system CPU seconds of a group of processes; 0 for one that is gone. */
function groupCpuSeconds(pids: number[]): number {
  let seconds = 0
  for (const pid of pids) {
    try {
      seconds += cpuSeconds(pid)
    } catch {
      // gone
    }
  }
  return seconds
}

/** The CPU time a group of processes uses between two calls, per group. */
function cpuMeter(groups: Record<string, number[]>): () => string {
  const start = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, groupCpuSeconds(pids)]))
  return () =>
    Object.entries(groups)
      .map(([name, pids]) => `${name} ${(groupCpuSeconds(pids) - start[name]!).toFixed(1)} s`)
      .join(', ')
}

async function main() {
  const loadBefore = loadavg()
  const dockerHost = requireTestEngine()
  const env = { ...process.env, DOCKER_HOST: dockerHost }
  const docker = (...args: string[]) => run('docker', args, { env, maxBuffer: 1 << 20 }).then((r) => r.stdout.trim())
  const script = `[ -e /tmp/ran ] && sleep 2; touch /tmp/ran; seq 1 ${LINES}`
  // The first run writes the history; later runs wait 2 s so a follower can be ready first.
  const container = await docker('create', '--network', 'none', '--label', 'berth.test=logs-bench', 'berth-fixture/base', 'sh', '-c', script)
  try {
    await run('sh', ['-c', 'docker start -a "$1" > /dev/null', 'sh', container], { env, maxBuffer: 1 << 20 })

    // 1. The docker CLI.
    let t = performance.now()
    await run('sh', ['-c', 'docker logs "$1" > /dev/null 2>&1', 'sh', container], { env })
    const cliMs = performance.now() - t
    // Berth asks the engine for each line's timestamp (it resumes from it and shows it); dockerd
    // formats them per line, which costs it about a fifth of its rate: the CLI's figure for the same work.
    t = performance.now()
    await run('sh', ['-c', 'docker logs -t "$1" > /dev/null 2>&1', 'sh', container], { env })
    const cliStampedMs = performance.now() - t

    // 2. Berth's main process alone.
    const core = createCore({ env: { DOCKER_HOST: dockerHost }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine')
    t = performance.now()
    const client = await new FollowClient(core, true).follow('local', container, { tail: 'all' })
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
            if (entry.duration > 50) w.__tasks += 1
            w.__longest = Math.max(w.__longest, entry.duration)
          }
        }).observe({ type: 'longtask', buffered: true })
      })
      await page.goto(url)
      await page.waitForLoadState('networkidle')
      const priority = await foregroundRenderers(browser)
      // Where the CPU goes while the history flows: the engine, Berth's main (serve), Chromium.
      const dockerdPid = Number(readFileSync(`${process.env.BERTH_ENGINE_DIR ?? '/tmp/berth-test-engine'}/dockerd.pid`, 'utf8'))
      const browserCdp = await browser.newBrowserCDPSession()
      const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] }
      const chromiumPids = (type: string, match: boolean) => processInfo.filter((p) => (p.type === type) === match).map((p) => p.id)
      const meter = () => cpuMeter({ dockerd: [dockerdPid], 'main (serve)': [serve.pid!], 'chromium renderers': chromiumPids('renderer', true), 'chromium other': chromiumPids('renderer', false) })
      // Long tasks of the app's own start are not ingest: measure from the log view on.
      await takeLongTasks(page)
      // Every line and the "stopped" marker, within the ring's million rows.
      const total = Math.min(LINES + 1, 1_000_000)
      t = performance.now()
      const historyMeter = meter()
      await page.evaluate((hash) => (location.hash = hash), `#/logs/local/${container}?tail=all`)
      // Opening the view (route, components, first rows) is one thing; ingesting is measured after.
      await page.waitForFunction(() => Number((document.querySelector('.log-status .rows')?.textContent ?? '').replace(/\D/g, '')) > 0, undefined, { polling: 'raf' })
      const opening = await takeLongTasks(page)
      if (TRACE) await browser.startTracing(page, { categories: TRACE_CATEGORIES })
      await page.waitForFunction(
        (n) => {
          const text = document.querySelector('.log-status .rows')?.textContent ?? ''
          return Number(text.replace(/\D/g, '')) >= n && document.querySelector('.log-row.marker') !== null
        },
        total,
        { timeout: 900_000, polling: 100 },
      )
      const rendererMs = performance.now() - t
      const historyCpuUse = historyMeter()
      const historyCpu = TRACE ? longestTaskCpu(await browser.stopTracing()) : { cpu: NaN, wall: NaN }
      const { longest, tasks } = await takeLongTasks(page)
      // The view must also still answer: scroll to the top and back, time a frame.
      const frameMs = await page.evaluate(async () => {
        const el = document.querySelector('.log-scroll')!
        const start = performance.now()
        el.scrollTop = 0
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        return performance.now() - start
      })
      // A search over every row kept: sliced a frame's budget at a time, then the latest match shown.
      await takeLongTasks(page)
      t = performance.now()
      await page.getByRole('searchbox', { name: 'Search' }).fill('99999')
      let expected = 0
      for (let i = 1; i <= LINES; i++) if (String(i).includes('99999')) expected++
      await page.waitForFunction(
        (n) => (document.querySelector('.log-toolbar .count')?.textContent ?? '').replace(/\s/g, '') === `${n}/${n}`,
        expected.toLocaleString('en-US'),
        { timeout: 120_000, polling: 'raf' },
      )
      const searchMs = performance.now() - t
      const searching = await takeLongTasks(page)
      // The CLI again, after Berth: on a shared machine the load drifts, and this shows how much.
      t = performance.now()
      await run('sh', ['-c', 'docker logs "$1" > /dev/null 2>&1', 'sh', container], { env })
      const cliAgainMs = performance.now() - t

      const cdp = await page.context().newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }

      // 4. Live: the CLI follows a run of the container, then Berth's view follows the next run.
      const firstLineOfRun = async (startedAt: string) =>
        (await run('sh', ['-c', 'docker logs -t --since "$2" "$1" | head -n 1', 'sh', container, startedAt], { env })).stdout.split(' ', 1)[0]!
      const lastLine = async () => (await docker('logs', '-t', '--tail', '1', container)).split(' ', 1)[0]!
      const startedAt = async () => docker('inspect', '-f', '{{.State.StartedAt}}', container)
      const engineMs = (ts: string) => parseLogTimeMs(ts)

      const cliRun = spawn('sh', ['-c', 'docker start "$1" > /dev/null && exec docker logs -f --tail 0 "$1" > /dev/null 2>&1', 'sh', container], { env, stdio: 'ignore' })
      await new Promise((done) => cliRun.once('exit', done))
      const cliDone = Date.now()
      const cliFirst = engineMs(await firstLineOfRun(await startedAt()))
      const cliPace = engineMs(await lastLine()) - cliFirst
      const cliLiveMs = cliDone - cliFirst

      await takeLongTasks(page)
      // Rows ever shown (kept + dropped by the full ring): the new run adds a "started" marker and its lines.
      const seenBefore = await rowsSeen(page)
      await browser.startTracing(page, { categories: TRACE_CATEGORIES })
      await docker('start', container)
      await page.waitForFunction(
        // (No named inner functions in page code: tsx would wrap them in a helper the page lacks.)
        (n) =>
          ['.log-status .rows', '.log-status .dropped'].reduce((sum, s) => sum + Number((document.querySelector(s)?.textContent ?? '').replace(/\D/g, '')), 0) >= n,
        seenBefore + 1 + LINES,
        { timeout: 900_000, polling: 50 },
      )
      const berthDone = Date.now()
      const liveCpu = longestTaskCpu(await browser.stopTracing())
      const live = await takeLongTasks(page)
      const berthFirst = engineMs(await firstLineOfRun(await startedAt()))
      const berthPace = engineMs(await lastLine()) - berthFirst
      const berthLiveMs = berthDone - berthFirst

      console.log(`bench/logs: ${LINES.toLocaleString('en-US')} lines of \`seq\`, same container, same run (load ${loadBefore} before, ${loadavg()} after)`)
      console.log(`  chromium: ${priority}`)
      console.log(`  history: docker logs > /dev/null   ${rate(LINES, cliMs)}; again after Berth: ${rate(LINES, cliAgainMs)}`)
      console.log(`  history: docker logs -t > /dev/null ${rate(LINES, cliStampedMs)} (timestamps, as Berth asks for them)`)
      console.log(`  history: berth main alone          ${rate(mainLines, mainMs)}, ${batches} batches`)
      console.log(`  history: berth main → renderer     ${rate(LINES, rendererMs)}; CPU meanwhile: ${historyCpuUse}`)
      console.log(`  live: docker logs -f > /dev/null   ${rate(LINES, cliLiveMs)} (container wrote them in ${(cliPace / 1000).toFixed(2)} s)`)
      console.log(`  live: berth main → renderer        ${rate(LINES, berthLiveMs)} (container wrote them in ${(berthPace / 1000).toFixed(2)} s)`)
      console.log(`  renderer opening the view          ${opening.longest.toFixed(0)} ms longest task (${opening.tasks} over 50 ms)`)
      console.log(`  renderer longest task (history)    ${longest.toFixed(0)} ms wall (${tasks} tasks over 50 ms); most CPU in one task ${historyCpu.cpu.toFixed(0)} ms (that task: ${historyCpu.wall.toFixed(0)} ms wall${historyCpu.parts ? `: ${historyCpu.parts}` : ""})`)
      console.log(`  renderer longest task (live)       ${live.longest.toFixed(0)} ms wall (${live.tasks} tasks over 50 ms); most CPU in one task ${liveCpu.cpu.toFixed(0)} ms (that task: ${liveCpu.wall.toFixed(0)} ms wall${liveCpu.parts ? `: ${liveCpu.parts}` : ""})`)
      console.log(`  renderer scroll to top, 2 frames   ${frameMs.toFixed(0)} ms`)
      console.log(`  renderer search of every row       ${searchMs.toFixed(0)} ms to the latest match (incl. 150 ms typing pause); longest task ${searching.longest.toFixed(0)} ms (${searching.tasks} over 50 ms)`)
      console.log(`  renderer JS heap, every row kept   ${(usedSize / 2 ** 20).toFixed(1)} MiB (after GC)`)
    } finally {
      await browser.close()
      serve.kill('SIGTERM')
    }
  } finally {
    await docker('rm', '-f', container)
  }
}

void main()
