import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEST_DOCKER_HOST } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { VolumesPage } from './pages/volumes-page'

const docker = (...args: string[]) => execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
const name = `berth-volumes-e2e-${process.pid}`

test.afterAll(() => {
  try {
    docker('volume', 'rm', name)
  } catch {
    // already gone
  }
})

test('creates a volume, browses what a container wrote into it, exports it, and removes it after confirming', async ({ page, serve }) => {
  const volumes = new VolumesPage(page)
  await volumes.open(serve.url)
  await volumes.create(name)
  await expect(volumes.row(name)).toBeVisible()

  // A container (no network) writes a file into the volume; the page learns of it from the engine's events.
  docker('run', '--rm', '--network', 'none', '--label', 'berth.test=volumes', '-v', `${name}:/d`, 'berth-fixture/base', 'sh', '-c', 'mkdir /d/notes && echo hello from a container > /d/notes/greeting.txt')

  await volumes.action(name, 'Browse').click()
  const files = volumes.files(name)
  await files.getByRole('button', { name: 'notes/', exact: true }).click()
  await files.getByRole('button', { name: 'greeting.txt', exact: true }).click()
  await expect(volumes.viewer).toContainText('hello from a container')

  // Export: the browser receives a .tar holding the file.
  const download = page.waitForEvent('download')
  await volumes.exportButton(name).click()
  const file = join(mkdtempSync(join(tmpdir(), 'berth-volumes-e2e-')), 'export.tar')
  const done = await download
  expect(done.suggestedFilename()).toBe(`${name}.tar`)
  await done.saveAs(file)
  expect(execFileSync('tar', ['tf', file], { encoding: 'utf8' }).split('\n')).toContain('./notes/greeting.txt')

  // Remove asks first, naming exactly the volume.
  await volumes.page.getByRole('button', { name: 'Close the file browser' }).click()
  await volumes.action(name, 'Remove').click()
  const confirm = volumes.removeDialog(name)
  await expect(confirm.getByRole('list', { name: 'Will be removed' })).toHaveText(new RegExp(name))
  await confirm.getByRole('button', { name: 'Remove' }).click()
  await expect(volumes.row(name)).toHaveCount(0)
  expect(docker('volume', 'ls', '-q').split('\n')).not.toContain(name)
})
