import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { dockerCli, TEST_DOCKER_HOST } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { LogsPage } from './pages/logs-page'

const run = promisify(execFile)

// 600 numbered lines on stdout, one on stderr in the middle, then a last line.
const SCRIPT = [
  'i=0; while [ $i -lt 600 ]; do i=$((i+1)); printf "entry %04d \\033[32mok\\033[0m\\n" $i; if [ $i -eq 300 ]; then echo "boom on stderr" >&2; sleep 0.2; fi; done',
  'echo "the very last line"',
].join('; ')

let id = ''

test.beforeAll(async () => {
  id = (await dockerCli('create', '--network', 'none', '--label', 'berth.test=logs', '--name', `berth-logs-e2e-${Date.now()}`, 'berth-fixture/base', 'sh', '-c', SCRIPT)).trim()
  await dockerCli('start', '-a', id)
})

test.afterAll(async () => {
  if (id) await dockerCli('rm', '-f', id)
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
