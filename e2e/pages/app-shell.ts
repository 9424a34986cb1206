import { expect, type Locator, type Page } from '@playwright/test'

/** The words the shell shows in each language, as a person reads them. */
export const SHELL_TEXT = {
  en: {
    nav: 'Main',
    status: 'Engine status',
    pages: ['Containers', 'Images', 'Volumes', 'Networks', 'Engines', 'Settings'],
    connected: /\bConnected\b/,
  },
  ko: {
    nav: '주 메뉴',
    status: '엔진 상태',
    pages: ['컨테이너', '이미지', '볼륨', '네트워크', '엔진', '설정'],
    connected: /연결됨/,
  },
} as const

export type ShellLanguage = keyof typeof SHELL_TEXT

/** What is on every screen: the navigation on the left and the status bar along the bottom. */
export class AppShell {
  constructor(
    readonly page: Page,
    private language: ShellLanguage = 'en',
  ) {}

  /** Reads the rest in another language, after the person switched to it. */
  speaking(language: ShellLanguage): AppShell {
    this.language = language
    return this
  }

  get text() {
    return SHELL_TEXT[this.language]
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await expect(this.navigation).toBeVisible()
  }

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: this.text.nav })
  }

  get statusBar(): Locator {
    return this.page.getByRole('status', { name: this.text.status })
  }

  link(name: string): Locator {
    return this.navigation.getByRole('link', { name, exact: true })
  }

  async goTo(name: string): Promise<void> {
    await this.link(name).click()
    await expect(this.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
  }

  /** Waits for the current engine to show as connected, with its Docker version. */
  async expectConnected(): Promise<void> {
    await expect(this.statusBar).toContainText(this.text.connected)
    await expect(this.statusBar).toContainText(/Docker \d+\.\d+\.\d+/)
  }
}
