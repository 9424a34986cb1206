import { describe, expect, it } from 'vitest'
import type { ContainerSummary } from '../../src-shared/models/container'
import { availableActions, containerTone, exitCodeOf, filterContainers, formatPorts, groupRows, relativeTime, sortContainers } from './containers'

const c = (name: string, over: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${name}0000`, name, image: 'img', imageId: 'sha', command: '', state: 'exited', status: 'Exited (0) 1 minute ago', ports: [],
  created: '2024-01-01T00:00:00.000Z', labels: {}, ...over,
})

describe('container presentation', () => {
  it('colours states', () => {
    expect(containerTone('running')).toBe('ok')
    expect(containerTone('paused')).toBe('warn')
    expect(containerTone('exited', 137)).toBe('error')
    expect(containerTone('exited', 0)).toBe('idle')
    expect(exitCodeOf('Exited (137) 2 hours ago')).toBe(137)
    expect(exitCodeOf('Up 3 minutes')).toBeUndefined()
  })

  it('writes ports like docker ps, folding IPv4/IPv6 twins', () => {
    expect(formatPorts([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
      { containerPort: 9000, protocol: 'tcp' },
    ])).toEqual(['127.0.0.1:5353→53/udp', '8080→80/tcp', '9000/tcp'])
  })

  it('puts running containers first, then sorts by the column', () => {
    const rows = [c('b'), c('a'), c('z', { state: 'running' }), c('y', { state: 'paused' })]
    expect(sortContainers(rows, { key: 'name', descending: false }).map((r) => r.name)).toEqual(['y', 'z', 'a', 'b'])
    expect(sortContainers(rows, { key: 'name', descending: true }).map((r) => r.name)).toEqual(['z', 'y', 'b', 'a'])
  })

  it('filters by text and state', () => {
    const rows = [c('web', { state: 'running', image: 'nginx' }), c('db', { composeProject: 'shop' }), c('cache', { state: 'paused' })]
    expect(filterContainers(rows, 'NGINX', 'all').map((r) => r.name)).toEqual(['web'])
    expect(filterContainers(rows, 'shop', 'all').map((r) => r.name)).toEqual(['db'])
    expect(filterContainers(rows, '', 'stopped').map((r) => r.name)).toEqual(['db'])
    expect(filterContainers(rows, '', 'running').map((r) => r.name)).toEqual(['web'])
    expect(filterContainers(rows, '', 'paused').map((r) => r.name)).toEqual(['cache'])
  })

  it('groups Compose projects under one row with counts, and collapses them', () => {
    const rows = [c('shop-web', { composeProject: 'shop', state: 'running' }), c('solo'), c('shop-db', { composeProject: 'shop' })]
    const grouped = groupRows(rows, new Set())
    expect(grouped.map((r) => (r.kind === 'project' ? `[${r.project} ${r.running}/${r.total}]` : r.container.name))).toEqual(['[shop 1/2]', 'shop-web', 'shop-db', 'solo'])
    expect(groupRows(rows, new Set(['shop'])).map((r) => r.kind)).toEqual(['project', 'container'])
  })

  it('says how long ago in the person\'s language', () => {
    const now = Date.parse('2024-01-01T03:00:00Z')
    expect(relativeTime('2024-01-01T00:00:00Z', now, 'en')).toBe('3 hr. ago')
    expect(relativeTime('2024-01-01T02:59:30Z', now, 'ko')).toBe('30초 전')
  })

  it('offers the actions a state allows', () => {
    expect(availableActions('running')).toMatchObject({ start: false, stop: true, pause: true, unpause: false })
    expect(availableActions('paused')).toMatchObject({ unpause: true, pause: false, stop: true })
    expect(availableActions('exited')).toMatchObject({ start: true, stop: false, kill: false })
  })
})
