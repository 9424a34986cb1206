import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { dockerCli, TEST_DOCKER_HOST } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { ContainersPage } from './pages/containers-page'
import { LogsPage } from './pages/logs-page'

const run = promisify(execFile)

// 600 numbered lines on stdout, one on stderr in the middle, then a last line.
const SCRIPT = [
  'i=0; while [ $i -lt 600 ]; do i=$((i+1)); printf "entry %04d \\033[32mok\\033[0m\\n" $i; if [ $i -eq 300 ]; then echo "boom on stderr" >&2; sleep 0.2; fi; done',
  'echo "the very last line"',
].join('; ')

let id = ''
// A compose project of two containers (named as compose names them) for the merged log.
const PROJECT = `berth-logs-e2e-project-${Date.now()}`
const projectContainers = [`${PROJECT}-web-1`, `${PROJECT}-db-1`]

test.beforeAll(async () => {
  id = (await dockerCli('create', '--network', 'none', '--label', 'berth.test=logs', '--name', `berth-logs-e2e-${Date.now()}`, 'berth-fixture/base', 'sh', '-c', SCRIPT)).trim()
  await dockerCli('start', '-a', id)
  for (const name of projectContainers) {
    const service = name.slice(PROJECT.length + 1, -2)
    await dockerCli('create', '--network', 'none', '--label', 'berth.test=logs', '--label', `com.docker.compose.project=${PROJECT}`, '--name', name, 'berth-fixture/base', 'sh', '-c', `echo "${service} says hello"`)
    await dockerCli('start', '-a', name)
  }
})

test.afterAll(async () => {
  if (id) await dockerCli('rm', '-f', id)
  await dockerCli('rm', '-f', ...projectContainers).catch(() => undefined)
})

test('the log view shows the end, finds a line, marks stderr, and saves what `docker logs` prints', async ({ page, serve }) => {
  const logs = new LogsPage(page)
  await logs.open(serve.url, 'local', id)

  // It follows the end: the last line is on screen, the stream's state says the container stopped.
  await expect(logs.row('the very last line')).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Container stopped' })).toBeVisible()
  await expect(logs.row(/container stopped \(exit code 0\)/)).toBeVisible()

  // Search scrolls an off-screen line into view and marks it current.
  await expect(logs.row('entry 0042')).toHaveCount(0)
  await logs.search.fill('entry 0042')
  await expect(logs.currentMatch()).toContainText('entry 0042')
  await expect(logs.currentMatch()).toBeVisible()
  await expect(logs.matchCount).toHaveText('1 / 1')
  await expect(logs.currentMatch().locator('.log-mark')).toHaveText('entry 0042')

  // The stderr line is marked, for eyes and for screen readers.
  await logs.search.fill('boom')
  const stderrRow = logs.row('boom on stderr')
  await expect(stderrRow).toBeVisible()
  await expect(stderrRow).toHaveAttribute('data-stream', 'stderr')
  await expect(stderrRow).toContainText('Standard error (stderr)')
  // stdout and stderr reach the engine through separate pipes, so where "boom" lands among the
  // entries is up to the engine: find the stdout line on its own.
  await logs.search.fill('entry 0300')
  await expect(logs.row('entry 0300')).toHaveAttribute('data-stream', 'stdout')

  // A filter hides the other lines.
  await logs.filter.fill('entry 01')
  // 100 lines and the "stopped" marker, which a filter never hides.
  await expect(page.getByText('101 lines shown')).toBeVisible()
  await expect(logs.row('entry 0199')).toBeVisible()
  await expect(logs.row('entry 0200')).toHaveCount(0)

  // Saving the whole log re-reads it from the engine: byte for byte `docker logs <id> > file 2>&1`.
  const download = await logs.saveWhole()
  const saved = join(tmpdir(), `berth-logs-e2e-${process.pid}.log`)
  const reference = join(tmpdir(), `berth-logs-e2e-${process.pid}.cli`)
  await download.saveAs(saved)
  await run('sh', ['-c', 'docker logs "$1" > "$2" 2>&1', 'sh', id, reference], { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST } })
  try {
    const cli = readFileSync(reference)
    expect(cli.toString()).toContain('boom on stderr\n')
    expect(readFileSync(saved).equals(cli)).toBe(true)
    expect(download.suggestedFilename()).toMatch(/^berth-logs-e2e-\d+-\d{8}-\d{6}\.log$/)
  } finally {
    rmSync(saved, { force: true })
    rmSync(reference, { force: true })
  }
})

test('a compose project’s log, opened from its row, merges its containers’ lines, each prefixed', async ({ page, serve }) => {
  const containers = new ContainersPage(page)
  await containers.open(serve.url)
  // Other tests' containers share the engine: show only this project's (the list is virtualised).
  await containers.filter(PROJECT)
  const link = page.getByRole('link', { name: `Open the merged logs of project ${PROJECT}` })
  await expect(link).toHaveAttribute('href', `#/logs/local/project/${PROJECT}`)
  // It opens a tab of its own, which can reach Berth too (it gets the session's token).
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()])
  const logs = new LogsPage(popup)

  for (const [service, name] of [['web', projectContainers[0]!], ['db', projectContainers[1]!]]) {
    const row = logs.row(`${service} says hello`)
    await expect(row).toBeVisible()
    // The prefix: the short name for eyes (the project part left out), the full one for screen readers.
    await expect(row.locator('.log-origin')).toHaveText(`From container ${name}: ${service}-1`)
    await expect(row.locator('.log-origin [aria-hidden="true"]')).toHaveText(`${service}-1`)
  }
  // Each container keeps its own colour slot.
  const colour = (service: string) => logs.row(`${service} says hello`).locator('.log-origin').getAttribute('class')
  expect(await colour('web')).toMatch(/origin-\d/)
  expect(await colour('db')).toMatch(/origin-\d/)
})
