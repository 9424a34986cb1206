import { describe, expect, it } from 'vitest'
import type { StatsSample } from '../../src-shared/models/stats'
import { StatsHistory } from './stats-history'

const sample = (at: number, cpu: number): StatsSample => ({
  at, cpuPercent: cpu, onlineCpus: 2, memoryUsage: 1, memoryLimit: 2, memoryPercent: 50, networkRx: 0, networkTx: 0,
  networkRxRate: 0, networkTxRate: 0, blockRead: 0, blockWrite: 0, blockReadRate: 0, blockWriteRate: 0, pids: 1,
})

describe('StatsHistory', () => {
  it('keeps only the window, as columns', () => {
    const history = new StatsHistory(10_000)
    for (let s = 0; s <= 20; s++) history.push(sample(s * 1000, s))
    expect(history.time[0]).toBe(10)
    expect(history.series.cpuPercent).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
  })
  it('breaks the lines once per stop', () => {
    const history = new StatsHistory()
    history.gap(0)
    expect(history.length).toBe(0)
    history.push(sample(1000, 5))
    history.gap(2000)
    history.gap(3000)
    expect(history.series.cpuPercent).toEqual([5, null])
  })
})
