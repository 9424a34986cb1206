import type { Locator, Page } from '@playwright/test'

/** The Images page, an image's layers and its file trees, in English, found by role and accessible name. */
export class ImagesPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click()
    await this.page.getByRole('heading', { name: 'Images', level: 1 }).waitFor()
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Images' })
  }

  /** Opens an image's page from its row, by repository (and tag). */
  async openImage(repoTag: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${repoTag}`, exact: true }).click()
    await this.page.getByRole('heading', { name: repoTag, level: 1 }).waitFor()
  }

  get stack(): Locator {
    return this.page.getByRole('list', { name: 'Layer stack, top layer first' })
  }

  /** A layer of the stack, by the step number shown on it. */
  layer(step: number): Locator {
    return this.stack.getByRole('listitem').filter({ hasText: new RegExp(`Step ${step}\\b`) })
  }

  async openFiles(step: number): Promise<Locator> {
    await this.page.getByRole('button', { name: `Files of step ${step}` }).click()
    const tree = this.page.getByRole('treegrid', { name: `Files of step ${step}` })
    await tree.waitFor()
    return tree
  }

  async pull(reference: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Pull', exact: true }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Pull an image' })
    await dialog.getByLabel('Image').fill(reference)
    await dialog.getByRole('button', { name: 'Pull', exact: true }).click()
    return dialog
  }

  async login(server: string, username: string, password: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Registries' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Registries' })
    await dialog.getByLabel('Registry').fill(server)
    await dialog.getByLabel('Username').fill(username)
    await dialog.getByLabel('Password').fill(password)
    await dialog.getByRole('button', { name: 'Log in' }).click()
    await dialog.getByRole('status').filter({ hasText: `Logged in to ${server}` }).waitFor()
    await dialog.getByRole('button', { name: 'Close' }).click()
  }
}
