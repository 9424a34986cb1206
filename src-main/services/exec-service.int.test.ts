import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../core'
import { TerminalClient } from '../exec/testing/terminal-client'
import { silentLogger } from '../platform/logger'
import { dockerCli, eventually, requireTestEngine } from '../testing/test-engine'

const LABEL = 'berth.test=terminal'
const PREFIX = `berth-terminal-${process.pid}`

let core: Core
let engineId: string
let container: string

/** The container's processes as `docker top` shows them, by command line. */
async function commands(name: string): Promise<string[]> {
  const table = (await core.router.invoke({ emit() {} }, 'stats:top', [engineId, name])) as { ok: boolean; value: { titles: string[]; processes: string[][] } }
  if (!table.ok) throw new Error('top failed')
  const cmd = table.value.titles.indexOf('CMD')
  return table.value.processes.map((row) => row[cmd] ?? '')
}

beforeAll(async () => {
  const host = requireTestEngine()
  core = createCore({ env: { DOCKER_HOST: host }, logger: silentLogger })
  engineId = 'local'
  container = `${PREFIX}-shell`
  await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, '--name', container, 'berth-fixture/base', 'sleep', '3600')
})

afterAll(async () => {
  await dockerCli('rm', '-f', container, `${container}-attach`, `${container}-exits`).catch(() => undefined)
  await core?.dispose()
})

describe('exec sessions', () => {
  it('runs echo in a TTY and returns its output', async () => {
    const term = await new TerminalClient(core).open('exec:session', [engineId, container, { command: ['/bin/sh'] }])
    await term.prompt()
    await term.write('echo hello-$((40+2))\r')
    await term.waitFor('hello-42')
    // A TTY: the line discipline turns \n into \r\n, and the marker never shows.
    expect(term.output).toContain('hello-42\r\n')
    expect(term.output).not.toContain('berth-pid')
    await term.close()
  })

  it('resize changes stty size inside', async () => {
    const term = await new TerminalClient(core).open('exec:session', [engineId, container, { command: ['/bin/sh'], cols: 100, rows: 30 }])
    await term.prompt()
    let from = term.output.length
    await term.write('stty size\r')
    await term.waitFor('30 100', from)
    await term.resize(132, 43)
    from = term.output.length
    await term.write('stty size\r')
    await term.waitFor('43 132', from)
    await term.close()
  })

  it('ends when its stream is closed, leaving no process in the container', async () => {
    const term = await new TerminalClient(core).open('exec:session', [engineId, container, { command: ['/bin/sh'] }])
    await term.prompt()
    // A foreground child and a background one: both belong to the session and must go.
    await term.write('sleep 1111 & sleep 2222\r')
    await eventually(async () => (await commands(container)).some((c) => c.includes('sleep 2222')), 10_000, 'the sleeps to run')
    const before = await commands(container)
    expect(before.some((c) => c.includes('sleep 1111'))).toBe(true)
    await term.close()
    expect(core.router.liveStreamCount).toBe(0)
    await eventually(async () => {
      const left = await commands(container)
      return left.length === 1 && left[0]!.includes('sleep 3600')
    }, 10_000, 'only the main process to be left')
  })

  it('ends with a message when the container stops', async () => {
    const name = `${container}-exits`
    await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, '--name', name, 'berth-fixture/base', 'sleep', '3600')
    const term = await new TerminalClient(core).open('exec:session', [engineId, name, {}])
    await dockerCli('kill', name)
    await eventually(() => term.ended, 10_000, 'the session to end')
    expect(term.error).toBeUndefined()
    expect(term.exit).toEqual({ type: 'exit', reason: 'container-stopped', exitCode: 137 })
  })

  it('says what to do for a stopped container, a bad user and an ended session', async () => {
    const stopped = `${container}-exits`
    const term = new TerminalClient(core)
    await expect(term.open('exec:session', [engineId, stopped, {}])).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not running: start it/) })
    const bad = await core.router.invoke({ emit() {} }, 'exec:session', [engineId, container, { user: 'root; rm -rf /' }])
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const gone = await core.router.invoke({ emit() {} }, 'exec:write', ['8f1c1f0e-8d1c-4c3e-9a66-1c1d2b3c4d5e', 'x'])
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/open a new one/) } })
  })

  it('finds the shells a container has', async () => {
    const shells = await core.router.invoke({ emit() {} }, 'exec:shells', [engineId, container])
    expect(shells).toMatchObject({ ok: true })
    const names = (shells as { value: { name: string }[] }).value.map((s) => s.name)
    expect(names).toContain('sh')
    expect(names).not.toContain('bash')
  })

  it('attaches to the main process, and detaching leaves it running', async () => {
    const name = `${container}-attach`
    await dockerCli('run', '-d', '-it', '--network', 'none', '--label', LABEL, '--name', name, 'berth-fixture/base', 'sh')
    const term = await new TerminalClient(core).open('exec:attach', [engineId, name, { cols: 90, rows: 20 }])
    await term.write('echo attached-$((1+1))\r')
    await term.waitFor('attached-2')
    await term.close()
    await new Promise((r) => setTimeout(r, 500))
    expect((await dockerCli('inspect', '-f', '{{.State.Running}}', name)).trim()).toBe('true')
  })
})
