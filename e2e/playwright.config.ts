import { defineConfig } from '@playwright/test'

// Workers inherit the runner's env, so the port chosen here is the one global setup binds.
process.env.E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000))
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`

export default defineConfig({
  testDir: '.',
  testMatch: ['tests/**/*.spec.ts', 'setup/**/*.setup.ts', 'screenshots/**/*.shots.ts'],
  globalSetup: './global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../.reports/playwright.json' }]],
  use: {
    baseURL,
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.TOKENDESK_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: 'setup/**/*.setup.ts' },
    { name: 'chromium', testMatch: 'tests/**/*.spec.ts', dependencies: ['setup'] },
    // The README's pictures: only when asked for (`npm run screenshots`), never in the test run.
    ...(process.env.E2E_SCREENSHOTS
      ? [{ name: 'screenshots', testMatch: 'screenshots/**/*.shots.ts', dependencies: ['setup'] }]
      : []),
  ],
})
