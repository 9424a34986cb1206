/**
 * bench/vm: the bundled VM's start, from launching QEMU to the engine answering a ping through
 * Berth, split with the guest's own timestamps into firmware+loading, kernel (start → /init),
 * init (→ dockerd launched) and engine (→ API listening and sshd up); median of BENCH_VM_RUNS (3)
 * boots (the first formats the fresh data disk, as a first start does). Then the VM's idle CPU over
 * BENCH_VM_IDLE_S (60) seconds and its memory. Every figure carries the host's load average.
 *   npm run bench:vm   (needs the guest: scripts/vm/build-guest.sh)
 * Prints figures; asserts nothing.
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { BerthVm, readHostFacts } from '../src-main/engines/vm/berth-vm'
import { chooseAccelerator } from '../src-main/engines/vm/qemu-command'
import { sshExec } from '../src-main/engines/vm/vm-engine'
import { silentLogger } from '../src-main/platform/logger'
import { cpuSeconds } from './proc'

const RUNS = Number(process.env.BENCH_VM_RUNS ?? 3)
const IDLE_S = Number(process.env.BENCH_VM_IDLE_S ?? 60)
const run = promisify(execFile)
const guestDir = process.env.BERTH_VM_GUEST ?? resolve(__dirname, '../.cache/vm/amd64')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const s = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '?' : `${n.toFixed(2)} s`)

async function freePort(): Promise<number> {
  return new Promise((r) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => r(port))
    })
  })
}

/** The host's 1-minute load average: TCG timings move with it, so every figure carries it. */
const load = () => loadavg()[0]!.toFixed(2)

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
}

async function main() {
  const accelerator = chooseAccelerator(readHostFacts())
  const guest = JSON.parse(readFileSync(join(guestDir, 'guest.json'), 'utf8')) as { initramfsBytes: number; kernelBytes: number; rootImageBytes: number; kernelFormat: string; compression: string }
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`
  console.log(`bench/vm: accelerator ${accelerator.accelerator}${accelerator.warning ? ' (emulated)' : ''}; kernel ${mb(guest.kernelBytes)} (${guest.kernelFormat}), initramfs ${mb(guest.initramfsBytes)}, root.img ${mb(guest.rootImageBytes)} (erofs, ${guest.compression}); host load ${load()}`)
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-vm-bench-'))
  const vm = new BerthVm({
    arch: 'amd64',
    guestDir,
    stateDir,
    settings: { cpus: 2, memoryMiB: 1024, diskGiB: 4, sshPort: await freePort(), restrictNetwork: true, shares: [] },
    accelerator,
    spawn: (c, a, o) => spawn(c, a, o),
    run: (c, a) => run(c, a),
    logger: silentLogger,
    startTimeoutMs: 600_000,
    stopTimeoutMs: 60_000,
  })
  const rows: Array<{ total: number; firmware: number; kernel: number; init: number; engine: number; connect: number }> = []
  try {
    for (let i = 0; i < RUNS; i++) {
      if (i > 0) await vm.stop()
      const t0 = performance.now()
      let initAt = NaN
      const sub = vm.manager.onPhase((m) => {
        if (m.phase === 'init') initAt = (performance.now() - t0) / 1000 - m.uptime
      })
      let readyAt = NaN
      const sub2 = vm.manager.onPhase((m) => {
        if (m.phase === 'ready') readyAt = (performance.now() - t0) / 1000
      })
      const engine = await vm.start()
      await engine.docker.ping()
      const total = (performance.now() - t0) / 1000
      sub.dispose()
      sub2.dispose()
      const boot = vm.manager.status().boot
      const row = { total, firmware: initAt, kernel: boot.kernelSeconds ?? NaN, init: boot.initSeconds ?? NaN, engine: boot.engineSeconds ?? NaN, connect: total - readyAt }
      rows.push(row)
      console.log(`  boot ${i + 1}: ${s(total)} to a ping (firmware+load ${s(row.firmware)}, kernel ${s(row.kernel)}, init ${s(row.init)}, engine ${s(row.engine)}, ssh+ping ${s(row.connect)}); host load ${load()}`)
    }
    const pick = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]))
    console.log(`launch → engine answering: median ${s(pick('total'))} of ${rows.length}; firmware+load ${s(pick('firmware'))}, kernel ${s(pick('kernel'))}, init ${s(pick('init'))}, engine start ${s(pick('engine'))}, ssh+ping ${s(pick('connect'))}`)

    const engine = vm.engine!
    const pings: number[] = []
    for (let i = 0; i < 20; i++) {
      const t = performance.now()
      await engine.docker.version()
      pings.push(performance.now() - t)
    }
    const cli: number[] = []
    if (process.env.DOCKER_HOST) {
      for (let i = 0; i < 5; i++) {
        const t = performance.now()
        execFileSync('docker', ['version', '--format', '{{.Server.Version}}'])
        cli.push(performance.now() - t)
      }
    }
    console.log(`GET /version through the VM's ssh channel: median ${median(pings).toFixed(1)} ms${cli.length ? `; docker version (CLI, local test engine): median ${median(cli).toFixed(1)} ms` : ''}`)

    const pid = vm.manager.status().pid!
    const rssAtReady = rssMiB(pid)
    const c0 = cpuSeconds(pid)
    await new Promise((r) => setTimeout(r, IDLE_S * 1000))
    const idle = ((cpuSeconds(pid) - c0) / IDLE_S) * 100
    const rss = rssMiB(pid)
    const free = await sshExec(vm.manager.settings.sshPort, vm.manager.vmKeys!, 'free -m').catch(() => '')
    // free -m: total used free shared buff/cache available
    const [, used, , shared, cache] = /Mem:\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(free) ?? []
    console.log(`idle over ${IDLE_S} s: QEMU ${idle.toFixed(1)} % of one core (host load ${load()})`)
    console.log(`memory (${vm.manager.settings.memoryMiB} MiB guest): QEMU RSS ${rss.toFixed(0)} MiB after idling (${rssAtReady.toFixed(0)} MiB at ready); guest used ${used ?? '?'} MiB, shared ${shared ?? '?'} MiB, page cache ${cache ?? '?'} MiB (evictable)`)
  } finally {
    await vm.stop().catch(() => undefined)
    vm.dispose()
    rmSync(stateDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
