import type { VolumeEntry } from '../../src-shared/models/volumes'

/** One row of the browse tree: an entry with its children, folders first. */
export interface TreeNode {
  entry: VolumeEntry
  name: string
  depth: number
  children: TreeNode[]
}

/** Builds the nested tree from the flat list a browse answers (parents may come after children). */
export function buildTree(entries: VolumeEntry[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>()
  for (const entry of entries) {
    const slash = entry.path.lastIndexOf('/')
    nodes.set(entry.path, { entry, name: entry.path.slice(slash + 1), depth: entry.path.split('/').length - 1, children: [] })
  }
  const roots: TreeNode[] = []
  for (const node of nodes.values()) {
    const slash = node.entry.path.lastIndexOf('/')
    const parent = slash > 0 ? nodes.get(node.entry.path.slice(0, slash)) : undefined
    ;(parent ? parent.children : roots).push(node)
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => Number(b.entry.type === 'directory') - Number(a.entry.type === 'directory') || a.name.localeCompare(b.name))
    list.forEach((n) => sort(n.children))
  }
  sort(roots)
  return roots
}

/** The rows to draw: every node whose folders above are all open, in tree order. */
export function visibleRows(roots: TreeNode[], open: ReadonlySet<string>): TreeNode[] {
  const rows: TreeNode[] = []
  const walk = (list: TreeNode[]) => {
    for (const node of list) {
      rows.push(node)
      if (node.entry.type === 'directory' && open.has(node.entry.path)) walk(node.children)
    }
  }
  walk(roots)
  return rows
}

/** `0o644` → `rw-r--r--`. */
export function modeString(mode: number): string {
  return [6, 3, 0].map((shift) => ((mode >> shift) & 4 ? 'r' : '-') + ((mode >> shift) & 2 ? 'w' : '-') + ((mode >> shift) & 1 ? 'x' : '-')).join('')
}

/** A file name for a download: `data.tar`, `data-logs.tar`, or the file's own name. */
export function downloadName(volume: string, path: string, isFolder: boolean): string {
  if (!isFolder) return path.split('/').pop() || volume
  return `${[volume, ...path.split('/').filter(Boolean)].join('-')}.tar`
}

/** An ISO time as a short date and time in the window's language. */
export function formatWhen(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}
