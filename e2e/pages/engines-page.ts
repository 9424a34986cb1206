import { expect, type Locator, type Page } from '@playwright/test'

/** The Engines page in English: the engines' table and the current engine's details. */
export class EnginesPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Engines' })
  }

  /** The row whose header cell names the engine. */
  row(name: string | RegExp): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) })
  }

  /** The current engine's details, read from `system.info`. */
  get details(): Locator {
    return this.page.getByRole('region', { name: /details$/ })
  }

  /** The value beside a term of the details (CPUs, Memory …). */
  fact(term: string): Locator {
    return this.details.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]')
  }

  get addButton(): Locator {
    return this.page.getByRole('button', { name: 'Add engine' }).first()
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: /Add an engine|Edit / })
  }

  /** Fills the add dialog for an SSH engine. */
  async fillSsh(fields: { name: string; address: string; keyFile: string; remoteSocket: string }): Promise<void> {
    const dialog = this.dialog
    await dialog.getByLabel('Name').fill(fields.name)
    await dialog.getByLabel('Address').fill(fields.address)
    await dialog.getByLabel('SSH key file').fill(fields.keyFile)
    await dialog.getByLabel('Engine socket on the host').fill(fields.remoteSocket)
  }

  /** The question asked about a host key Berth has not seen. */
  get hostKeyPrompt(): Locator {
    return this.page.getByRole('group', { name: 'Unknown host key' })
  }

  async expectEngineConnected(): Promise<void> {
    const first = this.table.getByRole('row').nth(1)
    await expect(first).toContainText('Connected')
    await expect(first).toContainText(/Docker \d+\.\d+\.\d+/)
  }
}
