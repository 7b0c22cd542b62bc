import { defineConfig } from 'vitest/config';

// Unit tests of core/ and of the Node-side test servers. End-to-end tests run under Playwright.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep unit tests from starving the browsers that e2e tests start next.
    maxWorkers: 2,
  },
});
