/**
 * Shared Vite settings: scripts/build.ts builds every bundle with these, and vitest reads this
 * file too (so TSX in unit tests compiles the same way as in the extension).
 */
import { defineConfig } from 'vitest/config';
import type { UserConfig } from 'vite';

/** Vite 8 transforms TS/TSX with oxc: without this it would emit React.createElement calls. */
export const oxcJsx = {
  jsx: { runtime: 'automatic', importSource: 'preact' },
} as const;

/** Settings common to every browser bundle the build writes. */
export function sharedConfig(): UserConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    oxc: oxcJsx,
    // Extension pages run under script-src 'self': no inline module-preload polyfill, no eval.
    build: { modulePreload: { polyfill: false }, sourcemap: false, target: 'es2022', minify: true },
  } as UserConfig;
}

export default defineConfig({
  oxc: oxcJsx,
  test: {
    // Playwright owns tests/e2e/*.spec.ts; vitest must not pick them up.
    include: ['tests/unit/**/*.test.{ts,tsx}'],
  },
});
