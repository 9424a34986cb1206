import { expect, test } from './fixtures'
import { AppShell } from './pages/app-shell'
import { EnginesPage } from './pages/engines-page'
import { SettingsPage } from './pages/settings-page'

test('the window shows the engine connected, with its version, in the status bar and on the Engines page', async ({
  page,
  serve,
}) => {
  const app = new AppShell(page)
  await app.open(serve.url)
  await app.expectConnected()
  await expect(app.statusBar).toContainText(/linux\/\w+/)

  for (const name of app.text.pages) await expect(app.link(name)).toBeVisible()

  await app.goTo('Engines')
  const engines = new EnginesPage(page)
  await expect(engines.table).toBeVisible()
  await engines.expectEngineConnected()
  await expect(engines.fact('CPUs')).toHaveText(/^\d+$/)
  await expect(engines.fact('Memory')).toHaveText(/\d+(\.\d)? [KMGT]iB/)
  await expect(engines.fact('Storage driver')).not.toBeEmpty()
  // Connected: nothing to reconnect.
  await expect(page.getByRole('button', { name: 'Reconnect' })).toHaveCount(0)
})

test('switching to Korean in Settings relabels the window, and the choice survives a reload', async ({ page, serve }) => {
  const app = new AppShell(page)
  await app.open(serve.url)
  await app.expectConnected()

  await app.goTo('Settings')
  await new SettingsPage(page).chooseLanguage('한국어')

  app.speaking('ko')
  for (const name of app.text.pages) await expect(app.link(name)).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: '설정' })).toBeVisible()
  await expect(app.statusBar).toContainText('연결됨')
  await expect(app.statusBar).toContainText(/Docker \d+\.\d+\.\d+/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')

  await page.reload()
  await expect(app.navigation).toBeVisible()
  await expect(app.link('컨테이너')).toBeVisible()
  await expect(app.statusBar).toContainText('연결됨')
  await expect(new SettingsPage(page).language('언어')).toHaveValue('ko')

  // And back: English again, for whoever shares the window next.
  await new SettingsPage(page).chooseLanguage('English', '언어')
  await expect(app.speaking('en').link('Containers')).toBeVisible()
})
