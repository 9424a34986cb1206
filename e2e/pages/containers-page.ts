import type { Locator, Page } from '@playwright/test'

/** The Containers page and its run dialog, in English, found by role and accessible name. */
export class ContainersPage {
  constructor(readonly page: Page) {}

  /** Opens the page and waits until the list has loaded (an empty engine shows no table). */
  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.page.getByRole('heading', { name: 'Containers', level: 1 }).waitFor()
    await this.page.getByText(/^\d+ containers? · \d+ running$/).waitFor()
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Containers on this engine' })
  }

  /** A container's row, by the name in its row header. */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) })
  }

  rowAction(name: string, action: 'Start' | 'Stop' | 'Remove'): Locator {
    return this.row(name).getByRole('button', { name: `${action} ${name}` })
  }

  async filter(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Filter containers' }).fill(text)
  }

  get runDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Run a container' })
  }

  async openRunDialog(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Run a container' }).click()
    await this.runDialog.waitFor()
    return this.runDialog
  }

  field(label: string): Locator {
    return this.runDialog.getByLabel(label, { exact: true })
  }

  /** Opens a container's detail view from its row. */
  async openDetail(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name, exact: true }).click()
    await this.page.getByRole('tablist', { name: 'Container details' }).waitFor()
  }

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true })
  }
}
