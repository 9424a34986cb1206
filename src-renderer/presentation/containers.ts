import type { ContainerState, ContainerSummary, PortMapping } from '../../src-shared/models/container'

export type ContainerTone = 'ok' | 'warn' | 'error' | 'idle'

/** The colour of a container's state: running green, paused/restarting amber, dead red, the rest grey. */
export function containerTone(state: ContainerState, exitCode?: number): ContainerTone {
  switch (state) {
    case 'running':
      return 'ok'
    case 'paused':
    case 'restarting':
    case 'removing':
      return 'warn'
    case 'dead':
      return 'error'
    case 'exited':
      return exitCode !== undefined && exitCode !== 0 ? 'error' : 'idle'
    default:
      return 'idle'
  }
}

/** The tone for a StateDot, which has no grey: undefined for idle states. */
export function dotTone(state: ContainerState, exitCode?: number): 'ok' | 'warn' | 'error' | undefined {
  const tone = containerTone(state, exitCode)
  return tone === 'idle' ? undefined : tone
}

/** The exit code in "Exited (137) 2 hours ago". */
export function exitCodeOf(status: string): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(status)
  return m ? Number(m[1]) : undefined
}

/** "0.0.0.0:8080→80/tcp", one entry per mapping, the IPv4/IPv6 twins folded into one. */
export function formatPorts(ports: PortMapping[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  const sorted = [...ports].sort((a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0))
  for (const p of sorted) {
    const proto = `${p.containerPort}/${p.protocol}`
    const wildcard = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::'
    const text = p.hostPort ? `${wildcard ? '' : `${p.hostIp}:`}${p.hostPort}→${proto}` : proto
    if (!seen.has(text)) out.push(text)
    seen.add(text)
  }
  return out
}

export type SortKey = 'name' | 'image' | 'state' | 'status' | 'ports' | 'created'
export interface SortOrder {
  key: SortKey
  descending: boolean
}

const STATE_RANK: Record<ContainerState, number> = { running: 0, restarting: 1, paused: 2, removing: 3, created: 4, exited: 5, dead: 6 }
const isUp = (c: ContainerSummary) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused'

/** Running first, then the rest; within each, the chosen column (newest first by default). */
export function sortContainers(rows: readonly ContainerSummary[], order: SortOrder): ContainerSummary[] {
  const dir = order.descending ? -1 : 1
  const by = (a: ContainerSummary, b: ContainerSummary): number => {
    switch (order.key) {
      case 'name': return a.name.localeCompare(b.name)
      case 'image': return a.image.localeCompare(b.image)
      case 'state': return STATE_RANK[a.state] - STATE_RANK[b.state]
      case 'status': return a.status.localeCompare(b.status)
      case 'ports': return formatPorts(a.ports).join().localeCompare(formatPorts(b.ports).join())
      case 'created': return a.created.localeCompare(b.created)
    }
  }
  return [...rows].sort((a, b) => Number(isUp(b)) - Number(isUp(a)) || dir * by(a, b) || a.name.localeCompare(b.name))
}

export type StateFilter = 'all' | 'running' | 'stopped' | 'paused'

/** Rows matching the text (name, image, id prefix, project, ports) and the state filter. */
export function filterContainers(rows: readonly ContainerSummary[], text: string, state: StateFilter): ContainerSummary[] {
  const needle = text.trim().toLowerCase()
  return rows.filter((c) => {
    if (state === 'running' && c.state !== 'running' && c.state !== 'restarting') return false
    if (state === 'paused' && c.state !== 'paused') return false
    if (state === 'stopped' && isUp(c)) return false
    if (!needle) return true
    return (
      c.name.toLowerCase().includes(needle) ||
      c.image.toLowerCase().includes(needle) ||
      c.id.startsWith(needle) ||
      (c.composeProject ?? '').toLowerCase().includes(needle) ||
      formatPorts(c.ports).some((p) => p.includes(needle))
    )
  })
}

export interface ProjectRow {
  kind: 'project'
  project: string
  total: number
  running: number
  ids: string[]
  collapsed: boolean
}
export interface ContainerRow {
  kind: 'container'
  container: ContainerSummary
  /** Indented under its project's row. */
  inProject: boolean
}
export type ListRow = ProjectRow | ContainerRow

/**
 * The table's rows: each Compose project as one row with its counts followed by its containers
 * (unless collapsed), placed where its first container sorts; other containers as they sort.
 */
export function groupRows(sorted: readonly ContainerSummary[], collapsed: ReadonlySet<string>): ListRow[] {
  const projects = new Map<string, ContainerSummary[]>()
  for (const c of sorted) if (c.composeProject) (projects.get(c.composeProject) ?? projects.set(c.composeProject, []).get(c.composeProject)!).push(c)
  const rows: ListRow[] = []
  const placed = new Set<string>()
  for (const c of sorted) {
    const project = c.composeProject
    if (!project) {
      rows.push({ kind: 'container', container: c, inProject: false })
      continue
    }
    if (placed.has(project)) continue
    placed.add(project)
    const members = projects.get(project)!
    const isCollapsed = collapsed.has(project)
    rows.push({ kind: 'project', project, total: members.length, running: members.filter((m) => m.state === 'running').length, ids: members.map((m) => m.id), collapsed: isCollapsed })
    if (!isCollapsed) for (const m of members) rows.push({ kind: 'container', container: m, inProject: true })
  }
  return rows
}

/** "3 minutes ago", in the person's language. */
export function relativeTime(iso: string, now: number, locale: string): string {
  // `now` ticks coarsely, so a container made since the last tick must not read "in 5 seconds".
  const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000))
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })
  const abs = Math.abs(seconds)
  if (abs < 60) return format.format(seconds, 'second')
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute')
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour')
  if (abs < 86400 * 30) return format.format(Math.round(seconds / 86400), 'day')
  if (abs < 86400 * 365) return format.format(Math.round(seconds / (86400 * 30)), 'month')
  return format.format(Math.round(seconds / (86400 * 365)), 'year')
}

/** Which actions make sense in a state. */
export function availableActions(state: ContainerState): { start: boolean; stop: boolean; restart: boolean; pause: boolean; unpause: boolean; kill: boolean } {
  const up = state === 'running' || state === 'restarting'
  return { start: state === 'created' || state === 'exited' || state === 'dead', stop: up || state === 'paused', restart: up || state === 'exited', pause: state === 'running', unpause: state === 'paused', kill: up || state === 'paused' }
}
