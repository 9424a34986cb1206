import type Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import { containerUsageOf, nameContainers } from './container-usage'

const container = (over: Partial<Dockerode.ContainerInfo>): Dockerode.ContainerInfo =>
  ({ Id: 'id', Names: ['/web'], State: 'running', Labels: {}, Mounts: [], NetworkSettings: { Networks: {} }, ...over }) as Dockerode.ContainerInfo

describe('containerUsageOf', () => {
  it('maps volumes, host folders and networks to the containers that use them, leaving out helpers', () => {
    const usage = containerUsageOf([
      container({
        Id: 'a',
        Names: ['/web'],
        Mounts: [
          { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/d', RW: true } as Dockerode.ContainerInfo['Mounts'][number],
          { Type: 'bind', Source: '/home/me/site', Destination: '/site', RW: false } as Dockerode.ContainerInfo['Mounts'][number],
        ],
        NetworkSettings: { Networks: { app: { NetworkID: 'n1', IPAddress: '10.0.0.2' } as Dockerode.NetworkInfo } },
      }),
      container({ Id: 'b', Names: ['/db'], State: 'exited', Mounts: [{ Type: 'volume', Name: 'data', Destination: '/x', RW: true } as Dockerode.ContainerInfo['Mounts'][number]] }),
      container({ Id: 'h', Names: ['/berth-helper-1'], Labels: { 'dev.berth.helper': '1' }, Mounts: [{ Type: 'volume', Name: 'data', Destination: '/v', RW: false } as Dockerode.ContainerInfo['Mounts'][number]] }),
    ])
    expect(usage.volumes.get('data')).toEqual([
      { id: 'a', name: 'web', state: 'running' },
      { id: 'b', name: 'db', state: 'exited' },
    ])
    expect(usage.bindMounts).toEqual([{ source: '/home/me/site', containers: [{ id: 'a', name: 'web', state: 'running', destination: '/site', readOnly: true }] }])
    expect(usage.networks.get('app')).toEqual([{ id: 'a', name: 'web', state: 'running', ipv4: '10.0.0.2' }])
    expect(usage.networks.get('n1')).toHaveLength(1)
    expect(nameContainers(usage.volumes.get('data') ?? [])).toBe('web (running), db (exited)')
  })
})
