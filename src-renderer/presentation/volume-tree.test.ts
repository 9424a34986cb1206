import { describe, expect, it } from 'vitest'
import type { VolumeEntry } from '../../src-shared/models/volumes'
import { buildTree, downloadName, modeString, visibleRows } from './volume-tree'

const e = (path: string, type: VolumeEntry['type'] = 'file', size = 1): VolumeEntry => ({ path, type, size, mode: 0o644 })

describe('volume tree', () => {
  it('nests entries, folders first, and shows only open folders', () => {
    const roots = buildTree([e('b.txt'), e('logs', 'directory', 3), e('logs/x'), e('a', 'directory', 0), e('logs/deep', 'directory'), e('logs/deep/y')])
    expect(roots.map((n) => n.name)).toEqual(['a', 'logs', 'b.txt'])
    expect(visibleRows(roots, new Set()).map((n) => n.entry.path)).toEqual(['a', 'logs', 'b.txt'])
    expect(visibleRows(roots, new Set(['logs'])).map((n) => `${n.depth}:${n.name}`)).toEqual(['0:a', '0:logs', '1:deep', '1:x', '0:b.txt'])
  })
  it('formats modes and download names', () => {
    expect(modeString(0o754)).toBe('rwxr-xr--')
    expect(downloadName('data', 'logs/deep', true)).toBe('data-logs-deep.tar')
    expect(downloadName('data', '', true)).toBe('data.tar')
    expect(downloadName('data', 'logs/app.log', false)).toBe('app.log')
  })
})
