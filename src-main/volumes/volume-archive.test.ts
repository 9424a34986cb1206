import { Readable } from 'node:stream'
import { pack } from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { archiveIsEmpty, fileFromArchive, looksBinary, normalizeEntryName, treeFromArchive } from './volume-archive'

/** A tar like GET /containers/{id}/archive?path=/v/. answers. */
function tarOf(entries: Array<{ name: string; type?: 'file' | 'directory' | 'symlink'; body?: string | Buffer; linkname?: string }>): Readable {
  const p = pack()
  for (const e of entries) {
    if (e.type === 'file' || e.type === undefined) p.entry({ name: e.name, type: 'file' }, e.body ?? '')
    else p.entry({ name: e.name, type: e.type, linkname: e.linkname })
  }
  p.finalize()
  return Readable.from(p as unknown as AsyncIterable<Buffer>)
}

describe('volume archives', () => {
  it('normalizes entry names', () => {
    expect(normalizeEntryName('./')).toBe('')
    expect(normalizeEntryName('./logs/')).toBe('logs')
    expect(normalizeEntryName('./logs/app.log')).toBe('logs/app.log')
  })

  it('lists a tree with folder sizes summed from the files under them', async () => {
    const tree = await treeFromArchive(
      'data',
      tarOf([
        { name: './', type: 'directory' },
        { name: './a.txt', body: 'abc' },
        { name: './logs/', type: 'directory' },
        { name: './logs/deep/', type: 'directory' },
        { name: './logs/deep/x', body: 'x'.repeat(10) },
        { name: './logs/y', body: 'yy' },
        { name: './link', type: 'symlink', linkname: 'a.txt' },
      ]),
    )
    const size = (p: string) => tree.entries.find((e) => e.path === p)?.size
    expect(tree.entries.map((e) => e.path)).toEqual(['a.txt', 'logs', 'logs/deep', 'logs/deep/x', 'logs/y', 'link'])
    expect([size('logs'), size('logs/deep'), size('a.txt')]).toEqual([12, 10, 3])
    expect(tree).toMatchObject({ totalBytes: 15, fileCount: 3, truncated: false })
    expect(tree.entries.find((e) => e.path === 'link')).toMatchObject({ type: 'symlink', linkTarget: 'a.txt' })
  })

  it('stops listing at the cap and says so', async () => {
    const entries = [{ name: './', type: 'directory' as const }, ...Array.from({ length: 10 }, (_, i) => ({ name: `./f${i}`, body: 'z' }))]
    const tree = await treeFromArchive('data', tarOf(entries), 4)
    expect(tree.entries).toHaveLength(4)
    expect(tree.truncated).toBe(true)
  })

  it('tells an empty volume from one with files', async () => {
    expect(await archiveIsEmpty(tarOf([{ name: './', type: 'directory' }]))).toBe(true)
    expect(await archiveIsEmpty(tarOf([{ name: './', type: 'directory' }, { name: './.hidden', body: '' }]))).toBe(false)
  })

  it('reads a text file, caps a big one, and flags binary', async () => {
    expect(await fileFromArchive('a.txt', tarOf([{ name: 'a.txt', body: '안녕 hello' }]))).toEqual({
      path: 'a.txt',
      size: Buffer.byteLength('안녕 hello'),
      text: '안녕 hello',
      binary: false,
      truncated: false,
    })
    const big = await fileFromArchive('big', tarOf([{ name: 'big', body: 'a'.repeat(5000) }]), 1000)
    expect(big).toMatchObject({ size: 5000, truncated: true })
    expect(big.text).toHaveLength(1000)
    expect((await fileFromArchive('bin', tarOf([{ name: 'bin', body: Buffer.from([1, 0, 2]) }]))).binary).toBe(true)
    await expect(fileFromArchive('d', tarOf([{ name: 'd/', type: 'directory' }]))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('does not call UTF-8 cut at the end binary', () => {
    const text = Buffer.from('가나다'.repeat(10))
    expect(looksBinary(text.subarray(0, text.length - 1))).toBe(false)
    expect(looksBinary(Buffer.from([0xff, 0xfe, 0x41, 0x42, 0x43, 0x44]))).toBe(true)
  })
})
