import type { Download, Locator, Page } from '@playwright/test'

/** The log view (`#/logs/<engine>/<container>`), found by roles and accessible names. */
export class LogsPage {
  readonly log: Locator
  readonly search: Locator
  readonly filter: Locator
  readonly matchCount: Locator

  constructor(private readonly page: Page) {
    this.log = page.getByRole('log')
    this.search = page.getByRole('searchbox', { name: 'Search' })
    this.filter = page.getByRole('searchbox', { name: /Show only lines/ })
    this.matchCount = page.getByRole('toolbar').getByRole('status')
  }

  async open(baseUrl: string, engineId: string, containerId: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/logs/${engineId}/${containerId}`)
  }

  /** The row holding this text (rows are only in the DOM while on screen: the view is virtualised). */
  row(text: string | RegExp): Locator {
    return this.log.locator('.log-row', { hasText: text })
  }

  /** The row search marked as the current match. */
  currentMatch(): Locator {
    return this.log.locator('.log-row[aria-current="true"]')
  }

  async saveWhole(): Promise<Download> {
    const download = this.page.waitForEvent('download')
    await this.page.getByRole('button', { name: 'Save whole log' }).click()
    return download
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next match' }).click()
  }
}
