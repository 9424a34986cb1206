import { describe, expect, it } from 'vitest'
import { cidrContains, formatIp, parseCidr, parseIp, subnetProblem } from './cidr'

describe('cidr', () => {
  it('parses IPv4 and IPv6 addresses', () => {
    expect(parseIp('10.0.0.1')).toEqual({ version: 4, value: 0x0a000001n })
    expect(parseIp('256.0.0.1')).toBeUndefined()
    expect(parseIp('01.0.0.1')).toBeUndefined()
    expect(parseIp('fd00::1')?.version).toBe(6)
    expect(formatIp(parseIp('fd00::1')!.value, 6)).toBe('fd00:0:0:0:0:0:0:1')
    expect(parseIp('1::2::3')).toBeUndefined()
    expect(parseIp('hello')).toBeUndefined()
  })

  it('parses subnets and explains bad ones', () => {
    expect(parseCidr('10.1.0.0/16')).toEqual({ version: 4, network: 0x0a010000n, prefix: 16 })
    expect(parseCidr('10.1.0.5/16')).toEqual({ issue: { code: 'hostBits', params: { subnet: '10.1.0.5/16', start: '10.1.0.0/16' } } })
    expect(parseCidr('10.1.0.0')).toMatchObject({ issue: { code: 'notCidr' } })
    expect(parseCidr('10.1.0.0/33')).toMatchObject({ issue: { code: 'prefixTooLong', params: { max: '32' } } })
    expect(subnetProblem('10.1.0.0/33', undefined)).toMatch(/at most \/32/)
    expect(parseCidr('fd00:1::/64')).toMatchObject({ version: 6, prefix: 64 })
  })

  it('checks a gateway against its subnet', () => {
    const cidr = parseCidr('192.168.5.0/24')
    if ('issue' in cidr) throw new Error(cidr.issue.code)
    expect(cidrContains(cidr, parseIp('192.168.5.77')!)).toBe(true)
    expect(cidrContains(cidr, parseIp('192.168.6.1')!)).toBe(false)
    expect(subnetProblem('192.168.5.0/24', '192.168.5.1')).toBeUndefined()
    expect(subnetProblem('192.168.5.0/24', '192.168.6.1')).toMatch(/outside the subnet/)
    expect(subnetProblem('192.168.5.0/24', '192.168.5.0')).toMatch(/network address/)
    expect(subnetProblem('192.168.5.0/24', '192.168.5.255')).toMatch(/broadcast/)
    expect(subnetProblem(undefined, '10.0.0.1')).toMatch(/needs a subnet/)
    expect(subnetProblem('fd00::/64', '10.0.0.1')).toMatch(/IPv4 but the subnet/)
    expect(subnetProblem(undefined, undefined)).toBeUndefined()
  })
})
