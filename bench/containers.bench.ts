/**
 * bench/containers: the Containers page with 2,000 containers, on a private spare engine so no one
 * else's list is bloated.
 *   npm run bench:containers
 * Prints (asserting nothing), each beside `docker ps -a` on the same engine in the same run:
 *   - opening Containers → the list rendered in Chromium (browser mode, playwright-core);
 *   - event → row latency, p50/p95 over 200 state changes (pause/unpause), from the engine's
 *     event timestamp to the row's state cell changing in the page.
 * Containers are created through the Engine API (the body `docker create --network none
 * berth-fixture/base` sends), 8 at a time: 2,000 CLI processes would take minutes on 2 cores.
 */
import { execFileSync, execSync } from 'node:child_process'
import Dockerode from 'dockerode'
import { chromium } from 'playwright-core'
import { ServeProcess } from '../e2e/serve-process'
import { mapLimit } from '../src-main/services/containers/map-limit'
import { SpareEngine } from '../src-main/testing/spare-engine'
import { requireTestEngine } from '../src-main/testing/test-engine'

const COUNT = Number(process.env.BENCH_CONTAINERS ?? 2000)
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200)
const OPEN_ROUNDS = Number(process.env.BENCH_OPEN_ROUNDS ?? 5)

const pct = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const summary = (ms: number[]) => `median ${pct(ms, 0.5).toFixed(0)} ms, p95 ${pct(ms, 0.95).toFixed(0)} ms (n=${ms.length})`

async function main() {
  const testHost = requireTestEngine()
  const spare = new SpareEngine()
  let serve: ServeProcess | undefined
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] })
  try {
    await spare.start()
    const env = { ...process.env, DOCKER_HOST: spare.dockerHost }
    execSync(`docker save berth-fixture/base | DOCKER_HOST=${spare.dockerHost} docker load`, { env: { ...process.env, DOCKER_HOST: testHost }, stdio: 'ignore' })
    const docker = new Dockerode({ socketPath: spare.dockerHost.replace('unix://', '') })

    let t = performance.now()
    await mapLimit(Array.from({ length: COUNT }, (_, i) => i), 8, (i) =>
      docker.createContainer({ name: `bench-c-${String(i).padStart(4, '0')}`, Image: 'berth-fixture/base', HostConfig: { NetworkMode: 'none' } }),
    )
    console.log(`bench/containers: ${COUNT} containers created in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    const sleepers = await mapLimit(Array.from({ length: 10 }, (_, i) => i), 5, async (i) => {
      const c = await docker.createContainer({ name: `bench-live-${i}`, Image: 'berth-fixture/base', Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none' } })
      await c.start()
      return c
    })

    const cli: number[] = []
    for (let i = 0; i < OPEN_ROUNDS; i++) {
      t = performance.now()
      execFileSync('docker', ['ps', '-a'], { env, maxBuffer: 64 * 2 ** 20 })
      cli.push(performance.now() - t)
    }

    serve = await ServeProcess.start(spare.dockerHost)
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.addInitScript(() => localStorage.setItem('berth.locale', 'en'))
    const open: number[] = []
    const total = COUNT + 10
    for (let i = 0; i < OPEN_ROUNDS; i++) {
      // Load the app on another page, then open Containers: the store starts empty each round.
      await page.goto(`${serve.url}#/engines`)
      await page.reload()
      await page.getByRole('link', { name: 'Containers' }).waitFor()
      t = performance.now()
      await page.getByRole('link', { name: 'Containers' }).click()
      await page.getByText(`${total} containers`).waitFor({ timeout: 60_000 })
      await page.getByRole('table', { name: 'Containers on this engine' }).getByRole('rowheader').first().waitFor()
      open.push(performance.now() - t)
    }

    // Event → row: the row's state cell, shown by filtering on its name (the store still holds all).
    const events = (await docker.getEvents({ filters: { type: ['container'], event: ['pause', 'unpause'] } })) as NodeJS.ReadableStream
    const eventTimes = new Map<string, number>()
    events.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { Actor: { Attributes: { name: string } }; Action: string; timeNano: number }
        eventTimes.set(`${e.Actor.Attributes.name}:${e.Action}`, e.timeNano / 1e6)
      }
    })
    const latency: number[] = []
    const search = page.getByRole('searchbox', { name: 'Filter containers' })
    for (let i = 0; i < CHANGES; i++) {
      const c = sleepers[i % sleepers.length]!
      const name = `bench-live-${i % sleepers.length}`
      const pausing = Math.floor(i / sleepers.length) % 2 === 0
      await search.fill(name)
      await page.getByRole('rowheader', { name, exact: true }).waitFor()
      const expected = pausing ? 'Paused' : 'Running'
      // A string, not a function: tsx's helpers (__name) do not exist in the page.
      const seen = page.evaluate<number>(`new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const row = [...document.querySelectorAll('[role=row]')].find((r) => r.querySelector('[role=rowheader]')?.textContent?.trim() === ${JSON.stringify(name)})
          if (row?.querySelector('.state-label')?.textContent?.trim() === ${JSON.stringify(expected)}) {
            observer.disconnect()
            resolve(performance.timeOrigin + performance.now())
          }
        })
        observer.observe(document.body, { subtree: true, childList: true, characterData: true })
      })`)
      await (pausing ? c.pause() : c.unpause())
      const shownAt = await seen
      const key = `${name}:${pausing ? 'pause' : 'unpause'}`
      for (let w = 0; w < 100 && !eventTimes.has(key); w++) await new Promise((r) => setTimeout(r, 10))
      latency.push(shownAt - eventTimes.get(key)!)
      eventTimes.delete(key)
    }
    ;(events as unknown as { destroy(): void }).destroy()

    console.log(`bench/containers: ${total} containers on a spare engine, browser mode in Chromium`)
    console.log(`  open Containers → list rendered   ${summary(open)}`)
    console.log(`  event → row (${CHANGES} changes)      ${summary(latency)}`)
    console.log(`  docker ps -a (wall)               ${summary(cli)}`)

  } finally {
    await browser.close()
    await serve?.stop()
    // The spare engine is ours alone: dropping its folder is the quickest way to remove 2,000 containers.
    await spare.dispose()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
