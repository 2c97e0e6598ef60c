import { defineConfig } from '@playwright/test'

/** End-to-end tests drive browser mode in Debian's Chromium (no browser download here). */
export default defineConfig({
  testDir: '.',
  timeout: 90_000,
  // Two cores decode, serve and render at once: a neural run's first paint can take seconds.
  expect: { timeout: 15_000 },
  workers: 1,
  outputDir: '../test-results/e2e',
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '../.ci-results/playwright.json' }]] : [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 1280, height: 1000 },
  },
})
