import { describe, expect, it } from 'vitest'
import { assignNonEmpty, buildLayers, chainIdsOf, type HistoryEntry } from './image-layers'

const entry = (CreatedBy: string, Size: number, Id = '<missing>'): HistoryEntry => ({ Id, Created: 1_700_000_000, CreatedBy, Tags: null, Size, Comment: '' })

describe('assignNonEmpty', () => {
  const steps = [
    entry('/bin/sh -c #(nop) COPY file:ab in /bin/busybox', 100),
    entry('/bin/sh -c #(nop)  LABEL a=b', 0),
    entry('/bin/sh -c #(nop) WORKDIR /app', 0),
    entry('/bin/sh -c touch /app/x', 0),
    entry('/bin/sh -c #(nop)  CMD ["sh"]', 0),
  ]
  it('counts zero-size RUN/COPY/WORKDIR as layers when the numbers say so', async () => {
    expect(await assignNonEmpty(steps, 3)).toEqual([true, false, true, true, false])
  })
  it('drops them when only the sized ones are layers', async () => {
    expect(await assignNonEmpty(steps, 1)).toEqual([true, false, false, false, false])
  })
  it('asks intermediate images when ambiguous', async () => {
    const withIds = steps.map((s, i) => ({ ...s, Id: `sha256:${i}` }))
    const counts = [1, 1, 1, 2, 2]
    expect(await assignNonEmpty(withIds, 2, async (id) => counts[Number(id.slice(7))])).toEqual([true, false, false, true, false])
  })
  it('prefers RUN over WORKDIR when nothing settles it', async () => {
    expect(await assignNonEmpty(steps, 2)).toEqual([true, false, false, true, false])
  })
})

describe('buildLayers', () => {
  it('gives diff and chain ids to layer steps only, bottom to top', () => {
    const rows = buildLayers([entry('/bin/sh -c #(nop) ADD x in /', 5, 'sha256:img1'), entry('/bin/sh -c #(nop)  CMD ["sh"]', 0)], ['sha256:d1'], [true, false])
    expect(rows[0]).toMatchObject({ index: 0, id: 'sha256:img1', diffId: 'sha256:d1', chainId: 'sha256:d1', size: 5, createdBy: 'ADD x /', empty: false })
    expect(rows[1]).toMatchObject({ index: 1, id: undefined, diffId: undefined, chainId: undefined, createdBy: 'CMD ["sh"]', empty: true })
    expect(rows[0]?.created).toBe('2023-11-14T22:13:20.000Z')
  })
})

describe('chainIdsOf', () => {
  it('follows the OCI chain id definition', () => {
    // Known value from the OCI image spec's example (two layers).
    const ids = chainIdsOf([
      'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
      'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
    ])
    expect(ids[0]).toBe('sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef')
    expect(ids[1]).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(ids[1]).not.toBe(ids[0])
  })
})
