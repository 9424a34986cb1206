/**
 * bench/layers: reading every file of every layer (the file trees and the waste figures) of an
 * image with more than 100,000 files, beside `docker save IMAGE | tar -t > /dev/null` on the same
 * image in the same run (the goal: Berth within 1.5× of it), and Berth's peak memory.
 *   npm run bench:layers   (starts the test engine if it is not up; builds the image once)
 * Prints medians over N rounds; asserts nothing.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LayerAnalysisChunk } from '../src-shared/models/layer'
import { createCore } from '../src-main/core'
import { collectStream } from '../src-main/images/testing/router-stream'
import { silentLogger } from '../src-main/platform/logger'
import { eventually, requireTestEngine } from '../src-main/testing/test-engine'

const IMAGE = 'berth-bench/layers:100k'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const FILES_PER_LAYER = 26_000

function ensureImage(dockerHost: string): void {
  const env = { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' }
  try {
    execFileSync('docker', ['image', 'inspect', IMAGE], { env, stdio: 'ignore' })
    return
  } catch {
    // not built yet
  }
  const context = mkdtempSync(join(tmpdir(), 'berth-bench-layers-'))
  // Four layers of 26,000 files (some with bytes), then one that overwrites and deletes some of them.
  const layer = (n: number) =>
    `RUN mkdir -p /l${n} && cd /l${n} && seq 1 ${FILES_PER_LAYER} | xargs touch && for i in $(seq 1 200); do echo "layer ${n} file $i" > data$i; done`
  writeFileSync(
    join(context, 'Dockerfile'),
    ['FROM berth-fixture/base', layer(1), layer(2), layer(3), layer(4), 'RUN rm -rf /l2 && for i in $(seq 1 200); do echo overwritten > /l1/data$i; done'].join('\n') + '\n',
  )
  console.log(`building ${IMAGE} (once)…`)
  execFileSync('docker', ['build', '--network', 'none', '-q', '-t', IMAGE, context], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  rmSync(context, { recursive: true, force: true })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

async function main() {
  const dockerHost = requireTestEngine()
  ensureImage(dockerHost)
  const env = { ...process.env, DOCKER_HOST: dockerHost }

  // The CLI: the same export, only listed.
  const cli: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now()
    execFileSync('sh', ['-c', `docker save ${IMAGE} | tar -t > /dev/null`], { env })
    cli.push(performance.now() - t)
  }

  const berth: number[] = []
  const berthCpu: number[] = []
  let peakHeap = 0
  let peakRss = 0
  let summary = ''
  const baselineRss = process.memoryUsage().rss
  for (let i = 0; i < ROUNDS; i++) {
    // A fresh core each round: the analysis is cached per image id, and the cache would answer at once.
    const core = createCore({ env: { DOCKER_HOST: dockerHost }, logger: silentLogger })
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine')
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      peakHeap = Math.max(peakHeap, m.heapUsed)
      peakRss = Math.max(peakRss, m.rss)
    }, 20)
    const t = performance.now()
    const cpu = process.cpuUsage()
    const { chunks, error } = await collectStream<LayerAnalysisChunk>(core, 'layers:analyze', ['local', IMAGE])
    berth.push(performance.now() - t)
    const used = process.cpuUsage(cpu)
    berthCpu.push((used.user + used.system) / 1000)
    clearInterval(sampler)
    if (error) throw new Error(error.message)
    const done = chunks.at(-1)
    if (done?.type === 'done') {
      const a = done.analysis
      summary = `${a.fileCount.toLocaleString('en')} file entries in ${a.layers.length} layers; wasted ${a.wastedBytes.toLocaleString('en')} B; efficiency ${(a.efficiency * 100).toFixed(2)} %`
    }
    await core.dispose()
  }

  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`
  console.log(`image: ${IMAGE}: ${summary}`)
  console.log(`docker save | tar -t     median ${median(cli).toFixed(0)} ms  (${cli.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`Berth file trees + waste median ${median(berth).toFixed(0)} ms  (${berth.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`Berth's own CPU time      median ${median(berthCpu).toFixed(0)} ms (the rest is waiting for the engine's export)`)
  console.log(`ratio                     ${(median(berth) / median(cli)).toFixed(2)}× (goal ≤ 1.5×)`)
  console.log(`peak memory               heap ${mb(peakHeap)}, rss ${mb(peakRss)} (baseline rss ${mb(baselineRss)}; max rss ${mb(process.resourceUsage().maxRSS * 1024)})`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
