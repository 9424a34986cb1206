import type { FileChange, FileNode, WastedFile } from '../../src-shared/models/layer'

/** One entry of a layer's tar, with the whiteout conventions already read. */
export interface LayerEntry {
  /** `etc/passwd`: no leading `./` or `/`, no trailing `/`. */
  path: string
  type: FileNode['type']
  size: number
  mode?: number
  linkTarget?: string
  /** `.wh.<name>`: this layer removes `path`. */
  whiteout?: boolean
  /** `.wh..wh..opq` in this directory: everything earlier layers put below `path` is hidden. */
  opaque?: boolean
}

/** A node of a built tree; `total` is the subtree's bytes. */
export interface TreeNode {
  name: string
  type: FileNode['type']
  size: number
  total: number
  count: number
  mode?: number
  linkTarget?: string
  change?: FileChange
  opaque?: boolean
  children?: Map<string, TreeNode>
  /** Waste accounting for the path, carried by the copy a container sees (merged tree only). */
  stat?: PathStat
}

/** Every node is made here with the same fields in the same order: one hidden class, fast and small. */
function makeNode(name: string, type: FileNode['type'], size: number, change: FileChange | undefined, mode: number | undefined, linkTarget: string | undefined, children: Map<string, TreeNode> | undefined): TreeNode {
  return { name, type, size, total: size, count: 0, mode, linkTarget, change, opaque: undefined, children, stat: undefined }
}
const newDir = (name: string, change?: FileChange, mode?: number): TreeNode => makeNode(name, 'dir', 0, change, mode, undefined, new Map())

/** Reads a tar entry's name the way the engine does: whiteouts and opaque markers become flags. */
export function toLayerEntry(name: string, type: FileNode['type'], size: number, mode?: number, linkTarget?: string): LayerEntry | undefined {
  const path = name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '')
  if (path === '' || path === '.') return undefined
  const slash = path.lastIndexOf('/')
  const dir = slash < 0 ? '' : path.slice(0, slash)
  const base = path.slice(slash + 1)
  if (base === '.wh..wh..opq') return { path: dir, type: 'dir', size: 0, opaque: true }
  if (base.startsWith('.wh.')) return { path: (dir ? `${dir}/` : '') + base.slice(4), type: 'other', size: 0, whiteout: true }
  return { path, type, size: type === 'file' ? size : 0, mode, linkTarget }
}

/** Finds or makes the directory chain down to `parts`' parent. */
function parentOf(root: TreeNode, parts: string[], create: boolean): TreeNode | undefined {
  let node = root
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string
    let next = node.children?.get(part)
    if (!next || !next.children) {
      if (!create) return undefined
      next = newDir(part)
      node.children?.set(part, next)
    }
    node = next
  }
  return node
}

function get(root: TreeNode, path: string): TreeNode | undefined {
  if (path === '') return root
  const parts = path.split('/')
  return parentOf(root, parts, false)?.children?.get(parts[parts.length - 1] as string)
}

/** Every file's bytes under a node, each file's path with it (for waste accounting). */
function eachFile(node: TreeNode, path: string, visit: (path: string, size: number) => void): void {
  if (!node.children) {
    if (node.size > 0) visit(path, node.size)
    return
  }
  for (const [name, child] of node.children) eachFile(child, path ? `${path}/${name}` : name, visit)
}

/** Fills `total` and `count` bottom-up. */
export function sumTree(node: TreeNode): void {
  if (!node.children) {
    node.total = node.size
    node.count = 0
    return
  }
  let total = 0
  let count = 0
  for (const child of node.children.values()) {
    sumTree(child)
    total += child.total
    count += 1 + child.count
  }
  node.total = total
  node.count = count
}

const ADDED = 1
const MODIFIED = 2
const REMOVED = 3
const REMOVED_DIR = 4

/** One layer's own tree, with what it did to each path; built when someone opens it. */
export function layerTree(entries: LayerEntry[], codes: Uint8Array): TreeNode {
  const own = newDir('')
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as LayerEntry
    const code = codes[i]
    const parts = e.path.split('/')
    const name = parts[parts.length - 1] as string
    const parent = parentOf(own, parts, true) as TreeNode
    const existing = parent.children?.get(name)
    if (code === REMOVED || code === REMOVED_DIR) {
      parent.children?.set(name, makeNode(name, code === REMOVED_DIR ? 'dir' : 'other', 0, 'removed', undefined, undefined, undefined))
      continue
    }
    const change: FileChange = code === MODIFIED ? 'modified' : 'added'
    if (e.opaque || e.type === 'dir') {
      const dir = existing?.children ? existing : newDir(name, change, e.mode)
      dir.change = dir.change ?? change
      if (e.opaque) dir.opaque = true
      parent.children?.set(name, dir)
      continue
    }
    parent.children?.set(name, makeNode(name, e.type, e.size, change, e.mode, e.linkTarget, undefined))
  }
  sumTree(own)
  return own
}

export interface StackResult {
  /** What each entry of each layer did (ADDED, MODIFIED, REMOVED…): `layerTree` builds a layer's tree from it on demand. */
  layerChanges: Uint8Array[]
  /** The tree a container sees. */
  merged: TreeNode
  layerCounts: { added: number; modified: number; removed: number; files: number; bytes: number }[]
  totalBytes: number
  wastedBytes: number
  diveWastedBytes: number
  efficiency: number
  worstOffenders: WastedFile[]
  fileCount: number
}

interface PathStat {
  wasted: number
  cumulative: number
  min: number
  occurrences: number
  last: number
  /** Only once a second layer touches the path: most paths are touched once. */
  layers: number[] | undefined
}

/**
 * Stacks the layers bottom to top as overlayfs does, and accounts for waste:
 *  - wasted bytes: every file copy a later layer overwrites or removes (with its directory, or by
 *    an opaque directory), i.e. Σ layer file bytes − Σ bytes a container sees;
 *  - dive's efficiency: per path, the smallest copy over the sum of every copy, where a removal
 *    counts what it hid (a removed directory: its files' bytes; a removed file: 0, as dive does).
 *    An opaque directory counts as a removal of the directory.
 */
export function stackLayers(layers: LayerEntry[][], offenders = 50): StackResult {
  const merged = newDir('')
  // A path's stat rides on its visible node; once hidden it moves here, keyed by path, in case a
  // later layer brings the path back. Most paths never leave the merged tree: no map entry at all.
  const graveyard = new Map<string, PathStat>()
  const bump = (s: PathStat | undefined, layer: number, size: number): PathStat => {
    if (!s) return { wasted: 0, cumulative: size, min: size, occurrences: 1, last: layer, layers: undefined }
    s.cumulative += size
    s.min = Math.min(s.min, size)
    s.occurrences++
    if (s.last !== layer) {
      s.layers = s.layers ?? [s.last]
      s.layers.push(layer)
      s.last = layer
    }
    return s
  }
  const joinPath = (parent: string, name: string) => (parent ? `${parent}/${name}` : name)
  /** A copy (or a whole directory of copies) a later layer hides: its bytes are waste. */
  const hide = (node: TreeNode, path: string): void => {
    if (node.children) {
      for (const [name, child] of node.children) hide(child, joinPath(path, name))
      return
    }
    if (node.stat) {
      node.stat.wasted += node.size
      graveyard.set(path, node.stat)
    }
  }
  /** The stat of a path that is not visible now, taken back out of the graveyard. */
  const revive = (path: string): PathStat | undefined => {
    const s = graveyard.get(path)
    if (s) graveyard.delete(path)
    return s
  }
  let totalBytes = 0
  let fileCount = 0
  const layerChanges: Uint8Array[] = []
  const layerCounts: StackResult['layerCounts'] = []
  layers.forEach((entries, index) => {
    const counts = { added: 0, modified: 0, removed: 0, files: 0, bytes: 0 }
    const codes = new Uint8Array(entries.length)
    // Opaque markers first: they hide what earlier layers had, not what this layer adds.
    for (const e of entries) {
      if (!e.opaque) continue
      const before = get(merged, e.path)
      if (before?.children) {
        let hidden = 0
        eachFile(before, e.path, (_p, size) => (hidden += size))
        hide(before, e.path)
        graveyard.set(e.path, bump(revive(e.path), index, hidden))
        before.children.clear()
      }
    }
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as LayerEntry
      const parts = e.path.split('/')
      const name = parts[parts.length - 1] as string
      const mergedParent = parentOf(merged, parts, true) as TreeNode
      const before = mergedParent.children?.get(name)
      if (e.whiteout) {
        counts.removed++
        codes[i] = before?.children ? REMOVED_DIR : REMOVED
        let hidden = 0
        if (before?.children) eachFile(before, e.path, (_p, size) => (hidden += size))
        if (before) hide(before, e.path)
        graveyard.set(e.path, bump(revive(e.path), index, hidden))
        mergedParent.children?.delete(name)
        continue
      }
      codes[i] = before ? MODIFIED : ADDED
      if (e.opaque) {
        if (!before) mergedParent.children?.set(name, newDir(name))
        continue
      }
      if (before) counts.modified++
      else counts.added++
      if (e.type === 'dir') {
        if (before && !before.children) {
          hide(before, e.path)
          mergedParent.children?.set(name, newDir(name))
        } else if (!before) mergedParent.children?.set(name, newDir(name))
        continue
      }
      counts.files++
      counts.bytes += e.size
      totalBytes += e.size
      fileCount++
      let prior: PathStat | undefined
      if (before && !before.children && before.stat) {
        // Overwritten in place: the old copy is waste; the path's history carries on.
        before.stat.wasted += before.size
        prior = before.stat
      } else {
        if (before) hide(before, e.path)
        prior = revive(e.path)
      }
      const node = makeNode(name, e.type, e.size, undefined, e.mode, e.linkTarget, undefined)
      node.stat = bump(prior, index, e.size)
      mergedParent.children?.set(name, node)
    }
    layerChanges.push(codes)
    layerCounts.push(counts)
  })
  sumTree(merged)
  let wastedBytes = 0
  let diveWastedBytes = 0
  let minSum = 0
  let cumulativeSum = 0
  const repeated: WastedFile[] = []
  const account = (path: string, s: PathStat) => {
    wastedBytes += s.wasted
    minSum += s.min
    cumulativeSum += s.cumulative
    if (s.occurrences >= 2) diveWastedBytes += s.cumulative
    // Files hidden along with a removed directory are waste even if their own path appears once.
    if (s.occurrences >= 2 || s.wasted > 0) {
      repeated.push({ path: `/${path}`, wastedBytes: s.wasted, cumulativeBytes: s.cumulative, occurrences: s.occurrences, layers: s.layers ?? [s.last] })
    }
  }
  const visit = (node: TreeNode, path: string): void => {
    if (node.children) {
      for (const [name, child] of node.children) visit(child, joinPath(path, name))
    } else if (node.stat) account(path, node.stat)
  }
  visit(merged, '')
  for (const [path, s] of graveyard) account(path, s)
  repeated.sort((a, b) => b.wastedBytes - a.wastedBytes || b.cumulativeBytes - a.cumulativeBytes || a.path.localeCompare(b.path))
  return {
    layerChanges,
    merged,
    layerCounts,
    totalBytes,
    wastedBytes,
    diveWastedBytes,
    efficiency: cumulativeSum === 0 ? 1 : minSum / cumulativeSum,
    worstOffenders: repeated.slice(0, offenders),
    fileCount,
  }
}

/** A directory's children as the contract's FileNodes, directories first, then by name. */
export function childrenOf(root: TreeNode, dirPath: string): FileNode[] | undefined {
  const path = dirPath.replace(/^\/+|\/+$/g, '')
  const dir = get(root, path)
  if (!dir?.children) return undefined
  const prefix = path ? `/${path}/` : '/'
  return [...dir.children.values()]
    .map((n): FileNode => ({
      name: n.name,
      path: prefix + n.name,
      type: n.type,
      size: n.total,
      change: n.change,
      opaque: n.opaque || undefined,
      linkTarget: n.linkTarget,
      mode: n.mode,
      childCount: n.children ? n.count : undefined,
    }))
    .sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name))
}
