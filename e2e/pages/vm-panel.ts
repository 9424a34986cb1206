import type { Locator, Page } from '@playwright/test'

/** The Built-in VM panel of the Engines page, in English. */
export class VmPanel {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Built-in VM' })
  }

  button(name: string | RegExp): Locator {
    return this.region.getByRole('button', { name })
  }

  /** The value beside a term (CPUs, Memory, Disk …). */
  fact(term: string): Locator {
    return this.region.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]')
  }

  field(label: RegExp): Locator {
    return this.region.getByLabel(label)
  }
}
