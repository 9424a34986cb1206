import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEST_DOCKER_HOST } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { ContainersPage } from './pages/containers-page'

const docker = (...args: string[]) => execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST }, encoding: 'utf8' }).trim()
const made: string[] = []
const unique = (what: string) => `berth-containers-e2e-${what}-${process.pid}-${made.length}`

test.afterAll(() => {
  for (const name of made) {
    try {
      docker('rm', '-fv', name)
    } catch {
      // already gone
    }
  }
})

test('runs a container from the dialog with an env var and a bind mount, then stops it from its row', async ({ page, serve }) => {
  const containers = new ContainersPage(page)
  await containers.open(serve.url)
  const name = unique('run')
  made.push(name)
  const hostDir = mkdtempSync(join(tmpdir(), 'berth-e2e-bind-'))
  writeFileSync(join(hostDir, 'hello.txt'), 'from the host')

  const dialog = await containers.openRunDialog()
  await containers.field('Image').fill('berth-fixture/app-a')
  await containers.field('Name').fill(name)
  await dialog.getByRole('group', { name: 'Environment variables' }).getByRole('button', { name: /Add/ }).click()
  await containers.field('Environment variables 1: Key').fill('COLOR')
  await containers.field('Environment variables 1: Value').fill('blue')
  await dialog.getByRole('group', { name: 'Volumes and bind mounts' }).getByRole('button', { name: /Add/ }).click()
  await containers.field('Type 1').selectOption('bind')
  await containers.field('Volume or host folder 1').fill(hostDir)
  await containers.field('Path in the container 1').fill('/host')
  await containers.field('Network').selectOption('none')
  // The dialog shows the equivalent CLI line as the person fills it in.
  await expect(dialog.getByText(`docker run -d --name ${name} -e COLOR=blue -v ${hostDir}:/host --network none berth-fixture/app-a`)).toBeVisible()
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()

  // Running a container opens its detail view.
  await expect(page.getByRole('heading', { name })).toBeVisible()
  await expect(page.getByText(/Running · Up/)).toBeVisible()
  expect(docker('exec', name, 'sh', '-c', 'echo $COLOR; cat /host/hello.txt')).toBe('blue\nfrom the host')
  expect(docker('inspect', '-f', '{{.HostConfig.NetworkMode}}', name)).toBe('none')

  await page.getByRole('link', { name: 'All containers' }).click()
  const row = containers.row(name)
  await expect(row).toContainText('Running')
  await containers.rowAction(name, 'Stop').click()
  await expect(row).toContainText('Exited', { timeout: 20_000 })
  expect(docker('inspect', '-f', '{{.State.Status}}', name)).toBe('exited')
})

test('shows the dialog\'s refusals in words: a bad memory value and a name in use', async ({ page, serve }) => {
  const containers = new ContainersPage(page)
  await containers.open(serve.url)
  const taken = unique('taken')
  made.push(taken)
  docker('create', '--network', 'none', '--label', 'berth.test=containers', '--name', taken, 'berth-fixture/base')
  const dialog = await containers.openRunDialog()
  await dialog.getByRole('button', { name: 'Paste a docker run line' }).click()
  await dialog.getByRole('textbox', { name: 'Paste a docker run line' }).fill(`docker run --name ${taken} -m 12XB --network none berth-fixture/base sleep 60`)
  await dialog.getByRole('button', { name: 'Fill the form' }).click()
  await expect(containers.field('Name')).toHaveValue(taken)
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(dialog.getByText('"12XB" is not a memory size: write e.g. 512m or 1g.')).toBeVisible()
  await containers.field('Memory limit').fill('64m')
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(dialog.getByText(new RegExp(`The name "${taken}" is already used by container [0-9a-f]{12}\\.`))).toBeVisible()
})

test('a missing image leads to the pull dialog, with its reference filled in', async ({ page, serve }) => {
  const containers = new ContainersPage(page)
  await containers.open(serve.url)
  const missing = `berth-missing-${Date.now()}:1`
  const dialog = await containers.openRunDialog()
  await dialog.getByRole('button', { name: 'Paste a docker run line' }).click()
  await dialog.getByRole('textbox', { name: 'Paste a docker run line' }).fill(`docker run --network none ${missing}`)
  await dialog.getByRole('button', { name: 'Fill the form' }).click()
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(dialog.getByText('Pull it on the Images page, then run again.')).toBeVisible()
  await dialog.getByRole('link', { name: 'Open Images' }).click()
  const pull = page.getByRole('dialog', { name: 'Pull an image' })
  await expect(pull.getByLabel('Image')).toHaveValue(missing)
})

test('a container made or removed with the CLI shows or goes within a second', async ({ page, serve }) => {
  const containers = new ContainersPage(page)
  await containers.open(serve.url)
  const name = unique('cli')
  made.push(name)
  docker('create', '--network', 'none', '--label', 'berth.test=containers', '--name', name, 'berth-fixture/base')
  await expect(containers.row(name)).toBeVisible({ timeout: 1000 })
  docker('rm', name)
  await expect(containers.row(name)).toHaveCount(0, { timeout: 1000 })
})

test('the layer stack shows the writable layer, and /newfile after docker exec touches it', async ({ page, serve }) => {
  const containers = new ContainersPage(page)
  const name = unique('layers')
  made.push(name)
  docker('run', '-d', '--network', 'none', '--label', 'berth.test=containers', '--name', name, 'berth-fixture/app-a')
  await containers.open(serve.url)
  await containers.filter(name)
  await containers.openDetail(name)
  await containers.tab('Layers').click()
  const stack = page.getByRole('region', { name: 'Layer stack' })
  await expect(stack.getByRole('listitem').first()).toContainText('Writable layer')
  await expect(stack.getByRole('listitem').last()).toContainText(/COPY .*busybox/)
  const changes = page.getByRole('region', { name: 'Changes in the writable layer' })
  await expect(changes).toContainText('Nothing changed yet.')

  docker('exec', name, 'touch', '/newfile')
  await stack.getByRole('button', { name: 'Refresh' }).click()
  await expect(changes.getByRole('listitem').filter({ hasText: '/newfile' })).toContainText('Added')
})
