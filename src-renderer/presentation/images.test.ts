import { describe, expect, it } from 'vitest'
import type { ImageSummary } from '../../src-shared/models/image'
import { blockHeight, chainHolders, filterAndSort, formatEfficiency, parseKeyValueLines, percentOf, shortId } from './images'

const row = (repository: string, tag: string, size: number, created: string, id = 'sha256:0123456789abcdef'): ImageSummary => ({
  key: `${id}|${repository}:${tag}`, id, repository, tag, repoTags: [], repoDigests: [], dangling: false, created, size, containers: 0, labels: {},
})

describe('images presentation', () => {
  const rows = [row('nginx', '1', 300, '2024-01-02T00:00:00Z'), row('alpine', 'latest', 100, '2024-01-03T00:00:00Z', 'sha256:ffff00001111'), row('<none>', '<none>', 200, '2024-01-01T00:00:00Z')]
  it('filters by every word, on name, tag and short id', () => {
    expect(filterAndSort(rows, 'ngi', 'repository', false).map((r) => r.repository)).toEqual(['nginx'])
    expect(filterAndSort(rows, 'ffff0000', 'repository', false).map((r) => r.repository)).toEqual(['alpine'])
    expect(filterAndSort(rows, 'alpine latest', 'repository', false)).toHaveLength(1)
  })
  it('sorts by size, date and name', () => {
    expect(filterAndSort(rows, '', 'size', true).map((r) => r.size)).toEqual([300, 200, 100])
    expect(filterAndSort(rows, '', 'created', false).map((r) => r.repository)).toEqual(['<none>', 'nginx', 'alpine'])
    expect(filterAndSort(rows, '', 'repository', false).map((r) => r.repository)).toEqual(['<none>', 'alpine', 'nginx'])
  })
  it('reads build args', () => {
    expect(parseKeyValueLines('A=1\n# c\n\nB = x=y\nbad')).toEqual({ values: { A: '1', B: ' x=y' }, bad: ['bad'] })
  })
  it('formats ids, percentages and efficiency', () => {
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab')
    expect(percentOf({ current: 1, max: 3 })).toBe(33.3)
    expect(percentOf({ current: 1, max: -1 })).toBeUndefined()
    expect(formatEfficiency(0.9234, 'en')).toBe('92.3%')
    expect(blockHeight(0)).toBe(18)
    expect(blockHeight(1e9)).toBeGreaterThan(blockHeight(1e3))
    expect(chainHolders([{ id: 'a', repoTags: [], size: 0, sharedSize: 0, uniqueSize: 0, layers: [{ chainId: 'c', diffId: 'd', size: 1, createdBy: '' }] }, { id: 'b', repoTags: [], size: 0, sharedSize: 0, uniqueSize: 0, layers: [{ chainId: 'c', diffId: 'd', size: 1, createdBy: '' }] }]).get('c')).toBe(2)
  })
})
