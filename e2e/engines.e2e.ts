import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireTestEngine, TEST_ENGINE_DIR } from '../src-main/testing/test-engine'
import { requireTestSshd, testSshd, testSshdFingerprint } from '../src-main/testing/test-sshd'
import { expect, test } from './fixtures'
import { ServeProcess } from './serve-process'
import { AppShell } from './pages/app-shell'
import { EnginesPage } from './pages/engines-page'

// A remote engine over SSH (the test sshd in front of the test engine), added through the UI:
// its host key is unknown until the person trusts the fingerprint, then it is used and left.
test('add an SSH engine, trust its host key, see it, and switch back to the local engine', async ({ page }) => {
  test.setTimeout(120_000)
  await requireTestSshd()
  // Its own home: known_hosts starts empty, and the person's files are never touched.
  const home = mkdtempSync(join(tmpdir(), 'berth-e2e-home-'))
  const serve = await ServeProcess.start(requireTestEngine(), [], { HOME: home, SSH_AUTH_SOCK: '' })
  try {
    const app = new AppShell(page)
    await app.open(serve.url)
    await app.expectConnected()
    await app.goTo('Engines')
    const engines = new EnginesPage(page)

    await engines.addButton.click()
    await expect(engines.dialog).toBeVisible()
    await engines.fillSsh({ name: 'test sshd', address: testSshd.address, keyFile: testSshd.clientKey, remoteSocket: `${TEST_ENGINE_DIR}/docker.sock` })
    await engines.dialog.getByRole('button', { name: 'Test connection' }).click()

    const prompt = engines.hostKeyPrompt
    await expect(prompt).toContainText(await testSshdFingerprint())
    await expect(prompt).toContainText(`[127.0.0.1]:${testSshd.port}`)
    await prompt.getByRole('button', { name: 'Trust and connect' }).click()
    await expect(engines.dialog.getByRole('status')).toContainText(/Connected: Docker \d+\.\d+\.\d+ on linux\//)
    expect(readFileSync(join(home, '.ssh/known_hosts'), 'utf8')).toContain(`[127.0.0.1]:${testSshd.port} ssh-ed25519 `)

    await engines.dialog.getByRole('button', { name: 'Add engine' }).click()
    await expect(engines.dialog).toBeHidden()
    const row = engines.row(/test sshd/)
    await expect(row).toContainText('SSH')
    await expect(row).toContainText('Connected')
    // The new engine is the current one: the status bar and the details show it.
    await expect(app.statusBar).toContainText(/test sshd\s+Connected/)
    await expect(page.getByRole('region', { name: 'test sshd details' })).toBeVisible()
    await expect(engines.fact('Storage driver')).not.toBeEmpty()

    // The status bar's quick switcher goes back to the local engine.
    await page.getByRole('combobox', { name: 'Switch engine' }).selectOption({ label: 'default' })
    await expect(app.statusBar).toContainText(/default\s+Connected/)
    await expect(page.getByRole('region', { name: 'default details' })).toBeVisible()
  } finally {
    await serve.stop()
  }
})
