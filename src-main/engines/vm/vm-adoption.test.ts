import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { hostForwards, judgeLeftover, parsePidfile, readPidFacts, type PidFacts } from './vm-adoption'

const PIDFILE = '/s/qemu.pid'
const qemuArgs = ['qemu-system-x86_64', '-name', 'berth-vm', '-qmp', 'unix:/s/qmp.sock,server=on,wait=off', '-pidfile', PIDFILE]
const facts = (f: PidFacts) => () => f

describe('judging a QEMU left running', () => {
  it('reads the pid QEMU writes, and nothing else', () => {
    expect(parsePidfile('4242\n')).toBe(4242)
    expect(parsePidfile(undefined)).toBeUndefined()
    expect(parsePidfile('')).toBeUndefined()
    expect(parsePidfile('1\n')).toBeUndefined()
    expect(parsePidfile('12ab')).toBeUndefined()
  })

  it('takes back only a live process whose command line names this VM’s pidfile', () => {
    expect(judgeLeftover('42\n', PIDFILE, facts({ alive: true, cmdline: qemuArgs }))).toEqual({ kind: 'ours', pid: 42, sure: true })
    // Another VM's QEMU (another state folder), or any process that got the pid after QEMU died.
    expect(judgeLeftover('42\n', PIDFILE, facts({ alive: true, cmdline: [...qemuArgs.slice(0, -1), '/other/qemu.pid'] }))).toEqual({ kind: 'foreign', pid: 42 })
    expect(judgeLeftover('42\n', PIDFILE, facts({ alive: true, cmdline: ['bash'] }))).toEqual({ kind: 'foreign', pid: 42 })
    expect(judgeLeftover('42\n', PIDFILE, facts({ alive: true, foreign: true }))).toEqual({ kind: 'foreign', pid: 42 })
  })

  it('sees nothing to take back without a pidfile or with nothing alive behind it', () => {
    expect(judgeLeftover(undefined, PIDFILE, facts({ alive: true, cmdline: qemuArgs }))).toEqual({ kind: 'none' })
    expect(judgeLeftover('42\n', PIDFILE, facts({ alive: false }))).toEqual({ kind: 'none' })
  })

  it('is unsure where the command line cannot be read (macOS, Windows): QMP answering decides', () => {
    expect(judgeLeftover('42\n', PIDFILE, facts({ alive: true }))).toEqual({ kind: 'ours', pid: 42, sure: false })
  })

  it.skipIf(process.platform !== 'linux')('reads a live process’s command line from /proc, and an exited one as gone', () => {
    const self = readPidFacts(process.pid)
    expect(self.alive).toBe(true)
    expect(self.cmdline?.[0]).toContain('node')
    const done = spawnSync('true')
    expect(readPidFacts(done.pid!).alive).toBe(false)
  })
})

describe('the forwards an adopted QEMU already has', () => {
  it('reads the host forwards on 127.0.0.1 from info usernet', () => {
    const info = [
      'Hub -1 (net0):',
      '  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ',
      '  TCP[HOST_FORWARD]  14       127.0.0.1 45556       10.0.2.15 45556     0     0',
      '  TCP[HOST_FORWARD]   9       127.0.0.1 42022       10.0.2.15    22     0     0',
      '  UDP[HOST_FORWARD]  15       127.0.0.1  5353       10.0.2.15  5353     0     0',
      '  TCP[ESTABLISHED]   16       10.0.2.15 51234   93.184.216.34   443     0     0',
      '',
    ].join('\r\n')
    expect(hostForwards(info)).toEqual([
      { protocol: 'tcp', hostPort: 45556 },
      { protocol: 'tcp', hostPort: 42022 },
      { protocol: 'udp', hostPort: 5353 },
    ])
  })
})
