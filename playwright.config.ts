/**
 * End-to-end tests in real Chromium (never a downloaded browser: tests/support/rig/browser.ts points at
 * /usr/bin/chromium or CHROMIUM_PATH). The extension is built by `npm run build` before `playwright test`.
 */
import { defineConfig } from '@playwright/test';

const workers = Number(process.env.PW_WORKERS) || 2;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  workers,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Engineers sharing one checkout run suites at the same time: let each pick its own output dir.
  outputDir: process.env.PW_OUTPUT_DIR || 'test-results',
  reporter: [['list']],
  // Tracing costs CPU on every context (2 cores shared); turn it on when chasing a failure.
  use: { trace: process.env.PW_TRACE ? 'retain-on-failure' : 'off' },
});
