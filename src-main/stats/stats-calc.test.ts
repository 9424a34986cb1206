import { describe, expect, it } from 'vitest'
import { blockIo, cpuPercent, isEmptySample, memoryUsage, network, toStatsSample, totalsOf, type EngineStats } from './stats-calc'

const base: EngineStats = {
  read: '2024-05-01T10:00:01.000000000Z',
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000, online_cpus: 2 },
  memory_stats: { usage: 100, limit: 1000, stats: { total_inactive_file: 30 } },
  networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
  blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 5 }, { op: 'write', value: 7 }, { op: 'Sync', value: 99 }, { op: 'Read', value: 1 }] },
  pids_stats: { current: 3 },
}

describe('stats as docker stats computes them', () => {
  it('CPU: delta over system delta times online CPUs', () => {
    expect(cpuPercent(base)).toBeCloseTo((1e9 / 2e9) * 2 * 100)
  })
  it('CPU: falls back to the per-CPU list length, and is 0 without a previous reading or when idle', () => {
    const noOnline = { ...base, cpu_stats: { ...base.cpu_stats, online_cpus: 0, cpu_usage: { total_usage: 3e9, percpu_usage: [1, 2, 3, 4] } } }
    expect(cpuPercent(noOnline)).toBeCloseTo(200)
    expect(cpuPercent({ ...base, precpu_stats: {} })).toBe(0)
    expect(cpuPercent({ ...base, precpu_stats: base.cpu_stats })).toBe(0)
  })
  it('memory: cgroup v1 subtracts total_inactive_file, v2 inactive_file, else the raw usage', () => {
    expect(memoryUsage(base)).toBe(70)
    expect(memoryUsage({ memory_stats: { usage: 100, stats: { inactive_file: 40 } } })).toBe(60)
    expect(memoryUsage({ memory_stats: { usage: 100, stats: { inactive_file: 400 } } })).toBe(100)
    expect(memoryUsage({ memory_stats: { usage: 100 } })).toBe(100)
  })
  it('block I/O sums read and write entries; network sums interfaces', () => {
    expect(blockIo(base)).toEqual({ read: 6, write: 7 })
    expect(network(base)).toEqual({ rx: 11, tx: 22 })
  })
  it('rates are per second between samples, 0 on the first and after a counter reset', () => {
    const first = toStatsSample(base)
    expect(first).toMatchObject({ networkRxRate: 0, pids: 3, onlineCpus: 2 })
    expect(first.memoryPercent).toBeCloseTo(7)
    const next = toStatsSample(
      { ...base, read: '2024-05-01T10:00:03.000000000Z', networks: { eth0: { rx_bytes: 211, tx_bytes: 0 } } },
      totalsOf(first),
    )
    expect(next.networkRxRate).toBe(100)
    expect(next.networkTxRate).toBe(0)
  })
  it('knows an empty sample', () => {
    expect(isEmptySample({ read: '0001-01-01T00:00:00Z' })).toBe(true)
    expect(isEmptySample(base)).toBe(false)
  })
})
