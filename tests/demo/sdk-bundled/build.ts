/**
 * Builds the bundled-SDK demo app with Vite into `outDir` (the e2e spec does this in its setup,
 * into a temp dir). Run by hand: `npx tsx tests/demo/sdk-bundled/build.ts OUT_DIR`.
 */
import { build } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildSdkBundledDemo(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: here,
    base: './',
    build: { outDir, emptyOutDir: true, minify: false, sourcemap: false, target: 'es2022', modulePreload: { polyfill: false } },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx tests/demo/sdk-bundled/build.ts OUT_DIR');
  await buildSdkBundledDemo(resolve(out));
}
