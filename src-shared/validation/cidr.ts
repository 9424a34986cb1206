/**
 * IP addresses and CIDR ranges, parsed exactly, so a network form can say what is wrong before the
 * engine does ("the gateway 10.1.0.1 is outside 10.0.0.0/24").
 */

export interface ParsedIp {
  version: 4 | 6
  value: bigint
}

export interface ParsedCidr {
  version: 4 | 6
  /** The network address (host bits zero). */
  network: bigint
  prefix: number
}

export function parseIp(text: string): ParsedIp | undefined {
  return parseIpv4(text) ?? parseIpv6(text)
}

function parseIpv4(text: string): ParsedIp | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined
    value = (value << 8n) | BigInt(part)
  }
  return { version: 4, value }
}

function parseIpv6(text: string): ParsedIp | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.length > 39) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const group = (s: string) => (s === '' ? [] : s.split(':'))
  const head = group(halves[0] ?? '')
  const tail = halves.length === 2 ? group(halves[1] ?? '') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  let value = 0n
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    value = (value << 16n) | BigInt(parseInt(g, 16))
  }
  return { version: 6, value }
}

const bits = (version: 4 | 6) => (version === 4 ? 32 : 128)

/** What is wrong with a subnet or gateway, as a code the window translates, with what to show. */
export interface SubnetIssue {
  code:
    | 'notCidr'
    | 'notIp'
    | 'prefixTooLong'
    | 'hostBits'
    | 'gatewayNeedsSubnet'
    | 'gatewayNotIp'
    | 'versionMismatch'
    | 'gatewayOutside'
    | 'gatewayIsNetwork'
    | 'gatewayIsBroadcast'
  params: Record<string, string>
}

/** Parses `10.0.0.0/24`; the address must be the network's first (no host bits set). */
export function parseCidr(text: string): ParsedCidr | { issue: SubnetIssue } {
  const [address = '', prefixText, extra] = text.split('/')
  if (extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return { issue: { code: 'notCidr', params: { subnet: text } } }
  const ip = parseIp(address)
  if (!ip) return { issue: { code: 'notIp', params: { address } } }
  const prefix = Number(prefixText)
  const width = bits(ip.version)
  if (prefix > width) return { issue: { code: 'prefixTooLong', params: { prefix: String(prefix), version: String(ip.version), max: String(width) } } }
  const hostMask = (1n << BigInt(width - prefix)) - 1n
  if ((ip.value & hostMask) !== 0n) {
    return { issue: { code: 'hostBits', params: { subnet: text, start: `${formatIp(ip.value & ~hostMask, ip.version)}/${prefix}` } } }
  }
  return { version: ip.version, network: ip.value, prefix }
}

export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.version !== ip.version) return false
  const width = bits(cidr.version)
  const shift = BigInt(width - cidr.prefix)
  return ip.value >> shift === cidr.network >> shift
}

export function formatIp(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.')
  const groups: string[] = []
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16))
  return groups.join(':')
}

/**
 * Checks a network's subnet and gateway together. A gateway needs a subnet, must lie inside it, and
 * may be neither its network address nor (IPv4) its broadcast address.
 */
export function subnetIssue(subnet: string | undefined, gateway: string | undefined): SubnetIssue | undefined {
  if (!subnet) return gateway ? { code: 'gatewayNeedsSubnet', params: {} } : undefined
  const cidr = parseCidr(subnet)
  if ('issue' in cidr) return cidr.issue
  if (!gateway) return undefined
  const ip = parseIp(gateway)
  const params = { gateway, subnet }
  if (!ip) return { code: 'gatewayNotIp', params }
  if (ip.version !== cidr.version) return { code: 'versionMismatch', params: { ...params, gatewayVersion: String(ip.version), subnetVersion: String(cidr.version) } }
  if (!cidrContains(cidr, ip)) return { code: 'gatewayOutside', params }
  if (ip.value === cidr.network) return { code: 'gatewayIsNetwork', params: { ...params, example: formatIp(cidr.network + 1n, cidr.version) } }
  const last = cidr.network + (1n << BigInt(bits(cidr.version) - cidr.prefix)) - 1n
  if (cidr.version === 4 && cidr.prefix < 31 && ip.value === last) return { code: 'gatewayIsBroadcast', params }
  return undefined
}

const ENGLISH: Record<SubnetIssue['code'], (p: Record<string, string>) => string> = {
  notCidr: (p) => `"${p.subnet}" is not a subnet: write it as an address and a prefix length, like 10.10.0.0/24.`,
  notIp: (p) => `"${p.address}" is not an IP address.`,
  prefixTooLong: (p) => `The prefix length /${p.prefix} is too long for an IPv${p.version} address (at most /${p.max}).`,
  hostBits: (p) => `"${p.subnet}" has host bits set: the subnet starts at ${p.start}.`,
  gatewayNeedsSubnet: () => 'A gateway needs a subnet: give the subnet it belongs to.',
  gatewayNotIp: (p) => `The gateway "${p.gateway}" is not an IP address.`,
  versionMismatch: (p) => `The gateway ${p.gateway} is IPv${p.gatewayVersion} but the subnet ${p.subnet} is IPv${p.subnetVersion}.`,
  gatewayOutside: (p) => `The gateway ${p.gateway} is outside the subnet ${p.subnet}.`,
  gatewayIsNetwork: (p) => `The gateway ${p.gateway} is the subnet's own network address: pick an address inside it, like ${p.example}.`,
  gatewayIsBroadcast: (p) => `The gateway ${p.gateway} is the subnet's broadcast address: pick another.`,
}

/** The same, in English, for the main process's answers. */
export function subnetProblem(subnet: string | undefined, gateway: string | undefined): string | undefined {
  const issue = subnetIssue(subnet, gateway)
  return issue && ENGLISH[issue.code](issue.params)
}
