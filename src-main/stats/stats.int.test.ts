import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StatsChunk, StatsSample } from '../../src-shared/models/stats'
import type { StreamEvent } from '../../src-shared/models/stream'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import type { RouterClient } from '../rpc/router'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'

const LABEL = 'berth.test=stats'
const PREFIX = `berth-stats-${process.pid}`
const BUSY = `${PREFIX}-busy`
const MEMORY = `${PREFIX}-memory`
const IDLE = `${PREFIX}-idle`

let core: Core

/** Follows `stats:follow` through the router as a window would. */
class StatsClient implements RouterClient {
  readonly samples: StatsSample[] = []
  stopped = 0
  ended = false
  private streamId?: string
  constructor(private readonly container: string) {}
  emit(event: StreamEvent): void {
    if (event.type === 'end') this.ended = true
    else {
      const chunk = event.data as StatsChunk
      if (chunk.type === 'sample') this.samples.push(chunk.sample)
      else this.stopped++
    }
  }
  async open(): Promise<this> {
    const result = await core.router.invoke(this, 'stats:follow', ['local', this.container])
    if (!result.ok) throw new Error(result.error.message)
    this.streamId = (result.value as { streamId: string }).streamId
    return this
  }
  async close(): Promise<void> {
    await core.router.invoke(this, 'stream:cancel', [this.streamId])
  }
}

/** `docker stats --no-stream` for one container: the CLI's own computation, to compare with. */
async function cliStats(name: string): Promise<{ cpu: number; memory: number; pids: number }> {
  const row = JSON.parse(await dockerCli('stats', '--no-stream', '--format', '{{json .}}', name)) as { CPUPerc: string; MemUsage: string; PIDs: string }
  return { cpu: parseFloat(row.CPUPerc), memory: parseCliSize(row.MemUsage.split(' / ')[0]!), pids: Number(row.PIDs) }
}

/** The CLI writes memory in binary units (go-units BytesSize): "64.46MiB". */
function parseCliSize(text: string): number {
  const match = /^([\d.]+)\s*([KMGT]?i?B)$/.exec(text.trim())
  if (!match) throw new Error(`not a size: ${text}`)
  const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 }
  return Number(match[1]) * units[match[2]!]!
}

beforeAll(async () => {
  core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
  const run = (name: string, ...args: string[]) => dockerCli('run', '-d', '--network', 'none', '--label', LABEL, '--name', name, ...args)
  await Promise.all([
    run(BUSY, 'berth-fixture/base', 'sh', '-c', 'while :; do :; done'),
    // 64 MiB in a tmpfs: shared memory is anonymous, so it counts as usage even after the cache is subtracted.
    run(MEMORY, '--shm-size', '128m', 'berth-fixture/base', 'sh', '-c', 'dd if=/dev/zero of=/dev/shm/x bs=1M count=64 2>/dev/null; exec sleep 3600'),
    run(IDLE, 'berth-fixture/base', 'sleep', '3600'),
  ])
})

afterAll(async () => {
  await dockerCli('rm', '-f', BUSY, MEMORY, IDLE).catch(() => undefined)
  await core?.dispose()
})

describe('stats', () => {
  it('CPU of a busy container agrees with docker stats', async () => {
    const client = await new StatsClient(BUSY).open()
    await eventually(() => client.samples.length >= 2, 15_000, 'two samples')
    const started = Date.now()
    const cli = await cliStats(BUSY)
    const finished = Date.now()
    await eventually(() => client.samples.at(-1)!.at > finished, 5_000, 'a sample after the CLI')
    await client.close()
    // The engine has one stats collector per container and publishes each reading to every
    // subscriber: `docker stats --no-stream` takes two consecutive readings and computes from them,
    // exactly as we do for our stream's same two readings. So the CLI's figure is one of ours, up
    // to its rounding to two decimals (±0.005); 0.02 leaves room for float formatting. Comparing
    // averages instead would need ±20 points on this shared, loaded 2-core machine.
    const window = client.samples.filter((s) => s.at >= started - 2000 && s.at <= finished + 2000)
    const closest = Math.min(...window.map((s) => Math.abs(s.cpuPercent - cli.cpu)))
    expect(cli.cpu).toBeGreaterThan(0)
    expect(closest).toBeLessThan(0.02)
    const last = client.samples.at(-1)!
    expect(last.onlineCpus).toBeGreaterThan(0)
    expect(last.pids).toBe(cli.pids)
  })

  it('memory of a container holding 64 MiB agrees with docker stats', async () => {
    const client = await new StatsClient(MEMORY).open()
    await eventually(() => client.samples.at(-1)!.memoryUsage > 64 * 1024 ** 2, 15_000, '64 MiB in use')
    const cli = await cliStats(MEMORY)
    const ours = client.samples.at(-1)!
    await client.close()
    // The same formula on a steady container: the only differences are the CLI's rounding to two
    // decimals (≤ 0.01 MiB) and a few pages the kernel may move between reads; 1 MiB covers both.
    expect(Math.abs(ours.memoryUsage - cli.memory)).toBeLessThan(1024 ** 2)
    expect(ours.memoryLimit).toBeGreaterThan(ours.memoryUsage)
    expect(ours.memoryPercent).toBeCloseTo((ours.memoryUsage / ours.memoryLimit) * 100)
    expect(ours.networkRx).toBe(0)
  })

  it('says when the container stops and goes on when it starts again', async () => {
    const client = await new StatsClient(IDLE).open()
    await eventually(() => client.samples.length >= 1, 15_000, 'a sample')
    await dockerCli('stop', '-t', '0', IDLE)
    await eventually(() => client.stopped === 1, 15_000, 'the stopped chunk')
    const before = client.samples.length
    await dockerCli('start', IDLE)
    await eventually(() => client.samples.length > before, 15_000, 'samples after the restart')
    expect(client.ended).toBe(false)
    await client.close()
  })

  it('top lists the processes as docker top does', async () => {
    const result = await core.router.invoke({ emit() {} }, 'stats:top', ['local', BUSY])
    expect(result.ok).toBe(true)
    const table = (result as { value: { titles: string[]; processes: string[][] } }).value
    expect(table.titles).toContain('PID')
    expect(table.processes.map((p) => p.at(-1))).toContain('sh -c while :; do :; done')
  })

  it('a missing container is NOT_FOUND', async () => {
    const client = new StatsClient(`${PREFIX}-missing`)
    await client.open()
    await eventually(() => client.ended, 10_000, 'the end')
    const top = await core.router.invoke({ emit() {} }, 'stats:top', ['local', `${PREFIX}-missing`])
    expect(top).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
