import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests drive Debian's Chromium (never a downloaded browser: this machine and
 * CI have no route to Playwright's CDN). Electron specs skip, saying why, where the Electron
 * binary is absent.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  projects: [
    {
      name: 'browser',
      testDir: 'tests/e2e',
      // Each project gets its own output folder: Playwright empties it at the start of a run, and
      // the popover screenshots (test-results/screenshots) must survive the other project's run.
      outputDir: 'test-results/browser',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
        viewport: { width: 400, height: 640 },
        trace: 'retain-on-failure',
      },
    },
    {
      name: 'electron',
      testDir: 'tests/e2e-electron',
      outputDir: 'test-results/electron',
    },
  ],
});
