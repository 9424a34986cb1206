import * as tar from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { TarScanner, type TarHeader } from './tar-scan'

async function makeTar(entries: { name: string; type?: 'file' | 'directory' | 'symlink' | 'link'; body?: string; linkname?: string; pax?: Record<string, string> }[]): Promise<Buffer> {
  const pack = tar.pack()
  const parts: Buffer[] = []
  pack.on('data', (c: unknown) => parts.push(c as Buffer))
  const done = new Promise<void>((r) => pack.on('end', () => r()))
  for (const e of entries) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: e.name, type: e.type ?? 'file', linkname: e.linkname, mode: 0o644, pax: e.pax, size: e.body?.length ?? 0 }, e.body ?? '', (err) => (err ? reject(err) : resolve())),
    )
  }
  pack.finalize()
  await done
  return Buffer.concat(parts)
}

describe('TarScanner', () => {
  it('reads names, types, sizes and links, skipping contents, in chunks of any size', async () => {
    const long = `deep/${'x'.repeat(120)}/file.txt`
    const buffer = await makeTar([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/passwd', body: 'root:x:0:0\n' },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'bin/ash', type: 'link', linkname: 'bin/sh' },
      { name: long, body: 'y'.repeat(1000) },
      { name: 'etc/.wh.old', body: '' },
    ])
    for (const step of [1, 7, 512, 100_000]) {
      const seen: TarHeader[] = []
      const scanner = new TarScanner((h) => seen.push(h))
      for (let at = 0; at < buffer.length; at += step) scanner.push(buffer.subarray(at, at + step))
      expect(seen.map((h) => [h.name, h.type, h.size, h.linkname])).toEqual([
        ['etc/', 'directory', 0, ''],
        ['etc/passwd', 'file', 11, ''],
        ['bin/sh', 'symlink', 0, '/bin/busybox'],
        ['bin/ash', 'link', 0, 'bin/sh'],
        [long, 'file', 1000, ''],
        ['etc/.wh.old', 'file', 0, ''],
      ])
      expect(seen[1]?.mode).toBe(0o644)
    }
  })

  it('takes a PAX path over the header name', async () => {
    const buffer = await makeTar([{ name: 'short', body: 'abc', pax: { path: 'a/very/long/päth' } }])
    const seen: TarHeader[] = []
    new TarScanner((h) => seen.push(h)).push(buffer)
    expect(seen.map((h) => h.name)).toEqual(['a/very/long/päth'])
  })
})
