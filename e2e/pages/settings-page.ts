import { expect, type Locator, type Page } from '@playwright/test'

/** The Settings page. The select's label follows the language being shown. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  language(label: 'Language' | '언어' = 'Language'): Locator {
    return this.page.getByRole('combobox', { name: label })
  }

  theme(label: 'Theme' | '테마' = 'Theme'): Locator {
    return this.page.getByRole('combobox', { name: label })
  }

  /**
   * Picks a language by the name it is shown with (its own name: 한국어, English), then finds the
   * select again under its label in the new language.
   */
  async chooseLanguage(name: '한국어' | 'English', currentLabel: 'Language' | '언어' = 'Language'): Promise<void> {
    await this.language(currentLabel).selectOption({ label: name })
    const [label, value] = name === '한국어' ? (['언어', 'ko'] as const) : (['Language', 'en'] as const)
    await expect(this.language(label)).toHaveValue(value)
  }
}
