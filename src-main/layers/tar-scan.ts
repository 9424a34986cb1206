/** One entry of a tar as the scanner reports it: its header only; contents are skipped. */
export interface TarHeader {
  name: string
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other'
  size: number
  mode: number
  linkname: string
}

const TYPE: Record<string, TarHeader['type']> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'link' }

/**
 * Reads a tar's headers as chunks stream by, skipping file contents without copying them. A layer
 * holds up to hundreds of thousands of entries; a general tar stream allocates a stream per entry,
 * this allocates one small object. Understands ustar prefixes, PAX `path`/`linkpath`/`size`
 * records and GNU long names, which is what engines write.
 */
export class TarScanner {
  private header = Buffer.alloc(512)
  private headerFill = 0
  /** Bytes of content (and padding) still to skip, or of a PAX/GNU body still to read. */
  private skip = 0
  private body: Buffer[] | undefined
  private bodyLeft = 0
  private bodyKind: 'pax' | 'longname' | 'longlink' | undefined
  private pax: Record<string, string> = {}
  private longName: string | undefined
  private longLink: string | undefined
  private ended = false

  constructor(private readonly onEntry: (header: TarHeader) => void) {}

  push(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length && !this.ended) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at)
        this.skip -= n
        at += n
        continue
      }
      if (this.bodyKind) {
        const n = Math.min(this.bodyLeft, chunk.length - at)
        this.body?.push(chunk.subarray(at, at + n))
        this.bodyLeft -= n
        at += n
        if (this.bodyLeft === 0) this.finishBody()
        continue
      }
      const n = Math.min(512 - this.headerFill, chunk.length - at)
      chunk.copy(this.header, this.headerFill, at, at + n)
      this.headerFill += n
      at += n
      if (this.headerFill === 512) {
        this.headerFill = 0
        this.readHeader(this.header)
      }
    }
  }

  private readHeader(h: Buffer): void {
    if (h[0] === 0) {
      // A zero block: the end of the archive (two of them; the first is enough for us).
      this.ended = true
      return
    }
    const flag = String.fromCharCode(h[156] ?? 0)
    let size = readSize(h)
    const padded = Math.ceil(size / 512) * 512
    if (flag === 'x' || flag === 'L' || flag === 'K') {
      this.bodyKind = flag === 'x' ? 'pax' : flag === 'L' ? 'longname' : 'longlink'
      this.body = []
      this.bodyLeft = size
      this.skip = 0
      if (size === 0) this.finishBody()
      // Padding after the body is skipped once the body is read.
      this.padAfterBody = padded - size
      return
    }
    if (flag === 'g') {
      this.skip = padded
      return
    }
    let name = this.longName ?? this.pax.path ?? joinUstarName(h)
    const linkname = this.longLink ?? this.pax.linkpath ?? cString(h, 157, 100)
    if (this.pax.size !== undefined) size = Number(this.pax.size)
    const type = TYPE[flag] ?? 'other'
    if (type === 'directory' && !name.endsWith('/')) name += '/'
    this.onEntry({ name, type, size, mode: parseInt(cString(h, 100, 8) || '0', 8), linkname })
    this.pax = {}
    this.longName = undefined
    this.longLink = undefined
    this.skip = type === 'file' || type === 'other' ? Math.ceil(size / 512) * 512 : 0
  }

  private padAfterBody = 0

  private finishBody(): void {
    const bytes = Buffer.concat(this.body ?? [])
    const text = bytes.toString('utf8')
    if (this.bodyKind === 'pax') {
      // Records: "<len> <key>=<value>\n", where len counts bytes.
      let at = 0
      while (at < bytes.length) {
        const space = bytes.indexOf(0x20, at)
        const len = Number(bytes.toString('latin1', at, space))
        if (!len || space < 0) break
        const record = bytes.toString('utf8', space + 1, at + len - 1)
        const eq = record.indexOf('=')
        this.pax[record.slice(0, eq)] = record.slice(eq + 1)
        at += len
      }
    } else if (this.bodyKind === 'longname') this.longName = text.replace(/\0+$/, '')
    else this.longLink = text.replace(/\0+$/, '')
    this.bodyKind = undefined
    this.body = undefined
    this.skip = this.padAfterBody
  }
}

function cString(h: Buffer, start: number, length: number): string {
  let end = start
  while (end < start + length && h[end] !== 0) end++
  return h.toString('utf8', start, end)
}

function joinUstarName(h: Buffer): string {
  const name = cString(h, 0, 100)
  const ustar = h.toString('latin1', 257, 262) === 'ustar'
  const prefix = ustar ? cString(h, 345, 155) : ''
  return prefix ? `${prefix}/${name}` : name
}

/** Octal, or GNU base-256 for sizes of 8 GiB and more. */
function readSize(h: Buffer): number {
  if ((h[124] ?? 0) & 0x80) {
    let value = 0
    for (let i = 125; i < 136; i++) value = value * 256 + (h[i] ?? 0)
    return value
  }
  return parseInt(cString(h, 124, 12).trim() || '0', 8)
}
