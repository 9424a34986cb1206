import { dockerCli } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { TerminalPage } from './pages/terminal-page'

const LABEL = 'berth.test=terminal'
let shell = ''
let busy = ''

test.beforeAll(async () => {
  const stamp = Date.now()
  shell = (await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, '--name', `berth-terminal-e2e-${stamp}`, 'berth-fixture/base', 'sleep', '3600')).trim()
  busy = (await dockerCli('run', '-d', '--network', 'none', '--label', LABEL, '--name', `berth-terminal-e2e-busy-${stamp}`, 'berth-fixture/base', 'sh', '-c', 'while :; do :; done')).trim()
})

test.afterAll(async () => {
  await dockerCli('rm', '-f', shell, busy).catch(() => undefined)
})

test('a terminal on a running container runs what is typed', async ({ page, serve }) => {
  const terminal = new TerminalPage(page)
  await terminal.openContainer(serve.url, shell)
  await terminal.openTab('Terminal')
  await expect(terminal.screen).toContainText('/ #')
  await terminal.type('echo hello-berth\n')
  // The output line alone (the typed command is on its own line, after the prompt).
  await expect(terminal.line('hello-berth')).toHaveCount(1)
})

test('the stats tab of a busy container shows the CPU chart moving', async ({ page, serve }) => {
  const terminal = new TerminalPage(page)
  await terminal.openContainer(serve.url, busy)
  await terminal.openTab('Stats')
  await expect(terminal.cpuChart).toBeVisible()
  await expect.poll(() => terminal.cpuPoints(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
  const before = await terminal.cpuPoints()
  await expect.poll(() => terminal.cpuPoints(), { timeout: 20_000 }).toBeGreaterThan(before)
  await expect.poll(() => terminal.cpuPercent(), { timeout: 20_000 }).toBeGreaterThan(0)
})
