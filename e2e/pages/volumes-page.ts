import type { Locator, Page } from '@playwright/test'

/** The Volumes page, its dialogs and its file browser, in English, found by role and accessible name. */
export class VolumesPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Volumes' }).click()
    await this.page.getByRole('heading', { name: 'Volumes', level: 1 }).waitFor()
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Volumes on this engine' })
  }

  /** A volume's row, by the name in its row header. */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader').filter({ hasText: name }) })
  }

  action(name: string, action: 'Browse' | 'Clone' | 'Remove'): Locator {
    return this.page.getByRole('button', { name: `${action} ${name}`, exact: true })
  }

  exportButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Export ${name} as .tar` })
  }

  async create(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Create volume' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Create a volume' })
    await dialog.getByLabel('Name', { exact: true }).fill(name)
    await dialog.getByRole('button', { name: 'Create' }).click()
    await dialog.waitFor({ state: 'detached' })
  }

  browser(name: string): Locator {
    return this.page.getByRole('region', { name: `Files of ${name}` })
  }

  files(name: string): Locator {
    return this.browser(name).getByRole('table', { name: `Files in the volume ${name}` })
  }

  get viewer(): Locator {
    return this.page.getByRole('region', { name: 'File content' })
  }

  removeDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Remove the volume ${name}?` })
  }
}
