import { describe, expect, it } from 'vitest'
import { hostfwdAdd, hostfwdRemove, publishedPorts } from './port-mirror'

describe('published ports of a VM container', () => {
  it('forwards each published tcp/udp port once, on 127.0.0.1 only', () => {
    const ports = publishedPorts({
      NetworkSettings: {
        Ports: {
          '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }],
          '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
          '443/tcp': null,
          '9000/tcp': [{ HostIp: '127.0.0.1', HostPort: '9000' }],
        },
      },
    })
    expect(ports).toEqual([
      { protocol: 'tcp', hostPort: 8080 },
      { protocol: 'udp', hostPort: 5353 },
    ])
    expect(hostfwdAdd({ protocol: 'tcp', hostPort: 8080 })).toBe('hostfwd_add net0 tcp:127.0.0.1:8080-:8080')
    expect(hostfwdRemove({ protocol: 'udp', hostPort: 5353 })).toBe('hostfwd_remove net0 udp:127.0.0.1:5353')
    expect(publishedPorts({})).toEqual([])
  })
})
