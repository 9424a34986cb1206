import { describe, expect, it } from 'vitest'
import { childrenOf, layerTree, stackLayers, toLayerEntry, type LayerEntry } from './file-tree'

const f = (path: string, size: number): LayerEntry => ({ path, type: 'file', size })
const d = (path: string): LayerEntry => ({ path, type: 'dir', size: 0 })
const wh = (name: string) => toLayerEntry(name, 'file', 0) as LayerEntry

describe('toLayerEntry', () => {
  it('reads whiteouts and opaque markers', () => {
    expect(toLayerEntry('./etc/.wh.passwd', 'file', 0)).toEqual({ path: 'etc/passwd', type: 'other', size: 0, whiteout: true })
    expect(toLayerEntry('data/.wh..wh..opq', 'file', 0)).toEqual({ path: 'data', type: 'dir', size: 0, opaque: true })
    expect(toLayerEntry('.wh.top', 'file', 0)).toMatchObject({ path: 'top', whiteout: true })
    expect(toLayerEntry('bin/', 'dir', 0)).toMatchObject({ path: 'bin', type: 'dir' })
    expect(toLayerEntry('./', 'dir', 0)).toBeUndefined()
  })
})

describe('stackLayers', () => {
  // Layer 0 writes; layer 1 overwrites a, removes b and the whole dir c, makes d opaque; layer 2 adds.
  const layers = [
    [d('x'), f('x/a', 100), f('x/b', 50), d('x/c'), f('x/c/1', 10), f('x/c/2', 20), d('x/d'), f('x/d/old', 7), f('keep', 5)],
    [f('x/a', 30), wh('x/.wh.b'), wh('x/.wh.c'), d('x/d'), toLayerEntry('x/d/.wh..wh..opq', 'file', 0) as LayerEntry, f('x/d/new', 3)],
    [f('y', 1)],
  ]
  const result = stackLayers(layers)

  it('computes the merged tree a container sees', () => {
    expect(childrenOf(result.merged, '/')?.map((n) => [n.path, n.size])).toEqual([['/x', 33], ['/keep', 5], ['/y', 1]])
    expect(childrenOf(result.merged, '/x')?.map((n) => n.name)).toEqual(['d', 'a'])
    expect(childrenOf(result.merged, '/x/d')?.map((n) => n.name)).toEqual(['new'])
  })

  it('marks each layer\'s changes', () => {
    const l1 = childrenOf(layerTree(layers[1]!, result.layerChanges[1]!), '/x')
    expect(l1?.map((n) => [n.name, n.change])).toEqual([['c', 'removed'], ['d', 'modified'], ['a', 'modified'], ['b', 'removed']])
    expect(l1?.find((n) => n.name === 'd')?.opaque).toBe(true)
    expect(result.layerCounts[1]).toMatchObject({ added: 1, modified: 2, removed: 2 })
  })

  it('counts wasted bytes exactly: overwritten, removed, removed with a directory, hidden by an opaque one', () => {
    // a's first copy 100, b 50, c/1 10, c/2 20, d/old 7.
    expect(result.wastedBytes).toBe(187)
    expect(result.totalBytes).toBe(100 + 50 + 10 + 20 + 7 + 5 + 30 + 3 + 1)
    expect(result.totalBytes - result.wastedBytes).toBe(result.merged.total)
    expect(result.worstOffenders.map((w) => [w.path, w.wastedBytes])).toEqual([['/x/a', 100], ['/x/b', 50], ['/x/c/2', 20], ['/x/c/1', 10], ['/x/d/old', 7]])
  })

  it('scores efficiency as dive does', () => {
    // Paths: a {100,30}, b {50, 0}, c {30 (removed dir)}, c/1 10, c/2 20, d/old 7, d (opaque: 7), d/new 3, keep 5, y 1
    const min = 30 + 0 + 30 + 10 + 20 + 7 + 7 + 3 + 5 + 1
    const cumulative = 130 + 50 + 30 + 10 + 20 + 7 + 7 + 3 + 5 + 1
    expect(result.efficiency).toBeCloseTo(min / cumulative, 12)
    expect(result.diveWastedBytes).toBe(130 + 50)
  })

  it('an untouched image wastes nothing', () => {
    const clean = stackLayers([[f('a', 1)], [f('b', 2)]])
    expect(clean.wastedBytes).toBe(0)
    expect(clean.efficiency).toBe(1)
    expect(clean.worstOffenders).toEqual([])
  })
})
