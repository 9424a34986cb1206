import { expect, test } from './fixtures'

// A real outage: the spare engine's dockerd is stopped and started under the open window.
test('the status bar shows an engine going away with the reason, and its recovery', async ({ page, spare }) => {
  await page.goto(spare.serve.url)
  const status = page.getByRole('status', { name: /engine/i })
  await expect(status).toContainText(/\bConnected\b/)
  await expect(status).toContainText(/Docker \d+\.\d+/)

  await spare.engine.stop()
  await expect(status).toContainText(/\bDisconnected\b/)
  await expect(status).toContainText(/Cannot reach unix:\/\/.*Is the engine running\?/)

  await spare.engine.start()
  await expect(status).toContainText(/\bConnected\b/, { timeout: 20_000 })
  await expect(status).toContainText(/Docker \d+\.\d+/)
})
