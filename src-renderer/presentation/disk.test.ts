import { describe, expect, it } from 'vitest'
import { diskBars, reclaimablePercent } from './disk'

describe('disk chart', () => {
  it('scales bars to the biggest total', () => {
    const bars = diskBars([
      { kind: 'images', count: 2, active: 1, totalBytes: 1000, reclaimableBytes: 250 },
      { kind: 'volumes', count: 1, active: 0, totalBytes: 500, reclaimableBytes: 500 },
      { kind: 'buildCache', count: 0, active: 0, totalBytes: 0, reclaimableBytes: 0 },
    ])
    expect(bars).toEqual([
      { kind: 'images', usedFraction: 0.75, reclaimableFraction: 0.25 },
      { kind: 'volumes', usedFraction: 0, reclaimableFraction: 0.5 },
      { kind: 'buildCache', usedFraction: 0, reclaimableFraction: 0 },
    ])
    expect(reclaimablePercent({ kind: 'images', count: 1, active: 0, totalBytes: 3, reclaimableBytes: 1 })).toBe(33)
    expect(diskBars([{ kind: 'images', count: 0, active: 0, totalBytes: 0, reclaimableBytes: 0 }])[0]?.usedFraction).toBe(0)
  })
})
