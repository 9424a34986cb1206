import type { Locator, Page } from '@playwright/test'

/** A container's detail view, its Terminal and Stats tabs, found by roles and accessible names. */
export class TerminalPage {
  readonly screen: Locator
  readonly cpuChart: Locator

  constructor(private readonly page: Page) {
    this.screen = page.getByRole('group', { name: 'Terminal screen' })
    this.cpuChart = page.getByRole('figure', { name: /^CPU:/ })
  }

  async openContainer(baseUrl: string, containerId: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/containers/${containerId}`)
  }

  async openTab(name: 'Terminal' | 'Stats' | 'Processes'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click()
  }

  /** Types into the terminal as a person would (xterm.js reads keys from its focused textarea). */
  async type(text: string): Promise<void> {
    await this.screen.click()
    await this.page.keyboard.type(text)
  }

  /** A line of the terminal's screen whose whole text is `text` (xterm.js draws rows as DOM). */
  line(text: string): Locator {
    return this.screen.locator('.xterm-rows > div').filter({ hasText: new RegExp(`^${text}\\s*$`) })
  }

  /** How many samples the CPU chart holds. */
  async cpuPoints(): Promise<number> {
    return Number(await this.cpuChart.getAttribute('data-points'))
  }

  /** The CPU % shown beside the chart's title. */
  async cpuPercent(): Promise<number> {
    return parseFloat((await this.cpuChart.getByTestId('current').textContent()) ?? '')
  }
}
