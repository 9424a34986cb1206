import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestRegistry, TEST_REGISTRY } from '../src-main/images/testing/test-registry'
import { requireTestEngine, TEST_DOCKER_HOST } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { ImagesPage } from './pages/images-page'
import { ServeProcess } from './serve-process'

const docker = (env: NodeJS.ProcessEnv, ...args: string[]) => execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: TEST_DOCKER_HOST, ...env }, encoding: 'utf8' }).trim()

test('opens an image: its layers with sizes and instructions, a layer\'s files, and the images sharing its base', async ({ page, serve }) => {
  const images = new ImagesPage(page)
  await images.open(serve.url)
  await expect(images.table.getByRole('rowheader').filter({ hasText: 'berth-fixture/app-b' })).toBeVisible()
  await images.openImage('berth-fixture/app-b:latest')

  // app-b: COPY busybox, RUN --install, RUN /etc, LABEL, CMD (base), then its RUN dd, EXPOSE, CMD.
  const own = images.layer(6)
  await expect(own).toContainText('RUN mkdir -p /data && dd if=/dev/zero of=/data/blob bs=1024 count=512')
  await expect(own).toContainText('524 kB')
  await expect(images.layer(7)).toContainText('EXPOSE 8080')
  await expect(images.layer(7)).toContainText('metadata only')
  // The base's bottom layer is shared: its badges name base and app-a.
  const bottom = images.layer(1)
  await expect(bottom).toContainText('2 MB')
  await expect(bottom.getByRole('button', { name: 'berth-fixture/base:latest' })).toBeVisible()
  await expect(bottom.getByRole('button', { name: 'berth-fixture/app-a:latest' })).toBeVisible()
  await expect(own.getByText('shared with')).toHaveCount(0)
  await expect(page.getByText('Unique size', { exact: true })).toBeVisible()

  const tree = await images.openFiles(6)
  await expect(tree.getByRole('row').filter({ hasText: 'data/' })).toContainText('added')
  await tree.getByRole('button', { name: 'Expand /data' }).click()
  await expect(tree.getByRole('row').filter({ hasText: 'blob' })).toContainText('524 kB')
  await expect(page.getByRole('region', { name: 'Wasted space' })).toContainText('0 B')

  // Following a badge opens the sharing image.
  await bottom.getByRole('button', { name: 'berth-fixture/base:latest' }).click()
  await expect(page.getByRole('heading', { name: 'berth-fixture/base:latest', level: 1 })).toBeVisible()
})

test('pulls an image from the private registry and the progress bar reaches the end', async ({ page }) => {
  test.setTimeout(120_000)
  requireTestEngine()
  const stopRegistry = await startTestRegistry()
  const config = mkdtempSync(join(tmpdir(), 'berth-images-e2e-config-'))
  const repo = `${TEST_REGISTRY.address}/berth-images-e2e-${process.pid}/pulled`
  const context = mkdtempSync(join(tmpdir(), 'berth-images-e2e-ctx-'))
  const serve = await ServeProcess.start(TEST_DOCKER_HOST, [], { DOCKER_CONFIG: config })
  try {
    // An image only the registry holds: built, pushed with the CLI, then removed locally.
    writeFileSync(join(context, 'Dockerfile'), `FROM berth-fixture/base\nRUN dd if=/dev/zero of=/blob bs=1000 count=2000 && echo ${Date.now()} > /stamp\n`)
    docker({}, 'build', '-q', '--network', 'none', '-t', `${repo}:1`, context)
    docker({ DOCKER_CONFIG: config }, 'login', '-u', TEST_REGISTRY.username, '-p', TEST_REGISTRY.password, TEST_REGISTRY.address)
    docker({ DOCKER_CONFIG: config }, 'push', `${repo}:1`)
    docker({}, 'rmi', `${repo}:1`)
    rmSync(join(config, 'config.json'))

    const images = new ImagesPage(page)
    await images.open(serve.url)
    await images.login(TEST_REGISTRY.address, TEST_REGISTRY.username, TEST_REGISTRY.password)
    const dialog = await images.pull(`${repo}:1`)
    const bar = dialog.getByRole('progressbar', { name: 'Overall progress' })
    await expect(bar).toBeVisible()
    await expect(dialog.getByRole('status')).toContainText(`Pulled ${repo}:1`, { timeout: 60_000 })
    await expect(bar).toHaveAttribute('aria-valuenow', '100')
    await expect(dialog.getByRole('list', { name: 'Layers' })).toContainText('Already exists')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(images.table.getByRole('rowheader').filter({ hasText: `${repo}` })).toBeVisible()
  } finally {
    try {
      docker({}, 'rmi', `${repo}:1`)
    } catch {
      // not pulled
    }
    await serve.stop()
    await stopRegistry()
    rmSync(config, { recursive: true, force: true })
    rmSync(context, { recursive: true, force: true })
  }
})
