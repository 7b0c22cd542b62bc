/**
 * The preload runs inside someone else's Node program, without TypeScript support, so it is
 * compiled once to a single CommonJS file. `npm run build` writes it; the CLI builds it on first
 * use when the build output is missing (a fresh checkout running `npx rtc-devtools record`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function preloadOutDir(distRoot = process.env.RTC_DIST ?? join(root, 'dist')): string {
  return join(resolve(root, distRoot), 'node');
}

export async function buildPreload(outDir = preloadOutDir()): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      outDir,
      emptyOutDir: false,
      ssr: join(root, 'node/recorder/preload.ts'),
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
    },
  });
  return join(outDir, 'preload.cjs');
}

export async function ensurePreload(): Promise<string> {
  const file = join(preloadOutDir(), 'preload.cjs');
  return existsSync(file) ? file : buildPreload();
}
