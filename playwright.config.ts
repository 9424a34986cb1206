import { defineConfig } from '@playwright/test'

// Debian's Chromium: Playwright cannot download a browser here, and need not.
export const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  // Two cores, one shared engine: one worker keeps the runs honest and steady.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  // CI shares two cores with a real engine: one retry, and the summary still names what needed it.
  retries: process.env.CI ? 1 : 0,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
