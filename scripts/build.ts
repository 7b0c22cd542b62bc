/**
 * `npm run build`: the extension for Chromium (<dist>/chrome) and Firefox (<dist>/firefox) from the
 * one manifest.json, plus the standalone preflight and viewer pages (<dist>/pages/...) and the
 * in-app recorder's script-tag build (<dist>/recorder/rtc-devtools-recorder.js).
 *
 * <dist> is env RTC_DIST (default "dist") so engineers and test runs building at the same time
 * do not overwrite each other's output.
 */
import { build, type UserConfig } from 'vite';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedConfig } from '../vite.config.js';
import { TEST_HARNESS_PAGE } from '../extension/shared/test-harness.js';

// Vite and the packages it resolves read NODE_ENV from the environment: a shell or test runner
// with NODE_ENV=test would otherwise get different chunks from the same tree.
process.env.NODE_ENV = 'production';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distRoot = resolve(root, process.env.RTC_DIST || 'dist');
const chromeDir = join(distRoot, 'chrome');
const firefoxDir = join(distRoot, 'firefox');

/** Classic scripts (one IIFE file each, no runtime imports): content scripts must not be modules. */
const scripts = [
  { entry: 'extension/hook/index.ts', file: 'hook.js' },
  { entry: 'extension/bridge/index.ts', file: 'bridge.js' },
  { entry: 'extension/background/index.ts', file: 'background.js' },
];

/**
 * ES modules the content scripts import on demand by their extension URL (listed in the manifest's
 * web_accessible_resources), so code only some runs need stays out of what every frame loads.
 */
const modules = [{ entry: 'extension/preflight-runner/index.ts', file: 'preflight-runner.js' }];

/** HTML entries, built only when their source exists so the build works before every part has landed. */
const htmlEntries = [
  { src: 'extension/devtools/devtools.html', out: 'devtools.html' },
  { src: 'extension/panel/panel.html', out: 'panel.html' },
  { src: 'pages/preflight/index.html', out: 'preflight.html', standalone: 'pages/preflight' },
  { src: 'pages/viewer/index.html', out: 'viewer.html', standalone: 'pages/viewer' },
];

// ---- per-browser manifest differences ----
export type Manifest = Record<string, unknown> & { version?: string };

export const GECKO_ID = 'rtc-devtools@example.org';
/** MAIN-world content scripts need 128; data_collection_permissions (required of new add-ons) needs 140. */
export const FIREFOX_MIN_VERSION = '140.0';

function clone(m: Manifest): Manifest {
  return JSON.parse(JSON.stringify(m)) as Manifest;
}

export function chromeManifest(base: Manifest): Manifest {
  return clone(base);
}

export function firefoxManifest(base: Manifest): Manifest {
  const m = clone(base);
  const bg = m.background as { service_worker?: string } | undefined;
  // Firefox runs MV3 backgrounds as event pages (background.scripts), not service workers.
  m.background = { scripts: [bg?.service_worker ?? 'background.js'] };
  delete m.minimum_chrome_version;
  // Chromium-only key (Firefox install ids are already random per profile).
  for (const w of (m.web_accessible_resources as Record<string, unknown>[] | undefined) ?? []) delete w.use_dynamic_url;
  m.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      // Nothing is sent anywhere: captures stay in the browser until the user exports a bundle.
      data_collection_permissions: { required: ['none'] },
    },
    // Firefox for Android reads data_collection_permissions from 142 on.
    gecko_android: { strict_min_version: '142.0' },
  };
  return m;
}

/**
 * Firefox e2e builds only: Firefox's WebDriver BiDi refuses to navigate to moz-extension:// URLs,
 * but a web page may navigate to a web-accessible one, and that tab is then the extension's own
 * page, scriptable by the test (tests/support/rig/firefox.ts). Store builds never list panel.html.
 */
export function withTestHarness(base: Manifest): Manifest {
  const m = clone(base);
  const war = (m.web_accessible_resources as Record<string, unknown>[] | undefined) ?? [];
  m.web_accessible_resources = [...war, { resources: [TEST_HARNESS_PAGE], matches: ['<all_urls>'] }];
  return m;
}

function config(extra: UserConfig): UserConfig {
  const base = sharedConfig();
  return {
    ...base,
    ...extra,
    root: extra.root ?? root,
    define: {
      'process.env.NODE_ENV': '"production"',
      // Firefox e2e builds only (see extension/background/test-hooks.ts); false everywhere else.
      __RTC_TEST_HOOKS__: JSON.stringify(process.env.RTC_TEST_HOOKS === '1'),
      ...(extra.define ?? {}),
    },
    build: { ...base.build, ...extra.build, emptyOutDir: false },
  };
}

/** The in-app recorder for a <script> tag (docs/recorder.md): <dist>/recorder/rtc-devtools-recorder.js. */
const recorderScript = { entry: 'recorder/script.ts', file: 'rtc-devtools-recorder.js' };

async function buildScript(entry: string, file: string, format: 'iife' | 'es' = 'iife', outDir: string = chromeDir): Promise<void> {
  await build(
    config({
      build: {
        outDir,
        lib: { entry: join(root, entry), formats: [format], name: '__rtcDevtools', fileName: () => file },
        // Vite leaves ES library output unminified, with module-path comments that differ between
        // checkouts; minified it is as small and reproducible as the classic scripts.
        ...(format === 'es' ? { rolldownOptions: { output: { minify: true } } } : {}),
      } as UserConfig['build'],
    }),
  );
}

async function buildExtensionPages(): Promise<string[]> {
  const present = htmlEntries.filter((e) => existsSync(join(root, e.src)));
  if (!present.length) return [];
  // base '/' gives absolute asset URLs, so the HTML files can move to the extension root below.
  await build(
    config({
      base: '/',
      build: {
        outDir: chromeDir,
        assetsDir: 'assets',
        rolldownOptions: { input: Object.fromEntries(present.map((e) => [e.out.replace(/\.html$/, ''), join(root, e.src)])) },
      } as UserConfig['build'],
    }),
  );
  for (const e of present) renameSync(join(chromeDir, e.src), join(chromeDir, e.out));
  for (const top of new Set(present.map((e) => e.src.split('/')[0]!))) rmSync(join(chromeDir, top), { recursive: true, force: true });
  return present.map((e) => e.out);
}

async function buildStandalonePages(): Promise<string[]> {
  const built: string[] = [];
  for (const e of htmlEntries) {
    if (!e.standalone || !existsSync(join(root, e.src))) continue;
    const outDir = join(distRoot, e.standalone);
    // Relative asset paths: the page works from any static server path or file location.
    await build(
      config({
        root: join(root, e.standalone),
        base: './',
        build: { outDir, rolldownOptions: { input: join(root, e.src) } } as UserConfig['build'],
      }),
    );
    built.push(join(e.standalone, 'index.html'));
  }
  return built;
}

function writeManifest(dir: string, m: Manifest): void {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
}

export async function buildAll(): Promise<void> {
  const started = Date.now();
  rmSync(chromeDir, { recursive: true, force: true });
  rmSync(firefoxDir, { recursive: true, force: true });
  rmSync(join(distRoot, 'pages'), { recursive: true, force: true });
  rmSync(join(distRoot, 'recorder'), { recursive: true, force: true });
  mkdirSync(chromeDir, { recursive: true });

  for (const s of scripts) await buildScript(s.entry, s.file);
  for (const m of modules) await buildScript(m.entry, m.file, 'es');
  const pages = await buildExtensionPages();
  const standalone = await buildStandalonePages();
  await buildScript(recorderScript.entry, recorderScript.file, 'iife', join(distRoot, 'recorder'));
  standalone.push(`recorder/${recorderScript.file}`);

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const base = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  base.version = pkg.version;
  cpSync(join(root, 'extension/icons'), join(chromeDir, 'icons'), { recursive: true });
  writeManifest(chromeDir, chromeManifest(base));
  cpSync(chromeDir, firefoxDir, { recursive: true });
  const ff = firefoxManifest(base);
  writeManifest(firefoxDir, process.env.RTC_TEST_HOOKS === '1' ? withTestHarness(ff) : ff);

  console.log(
    `built ${chromeDir} and ${firefoxDir} (${scripts.concat(modules).map((s) => s.file).concat(pages).join(', ')})` +
      (standalone.length ? `; standalone ${standalone.join(', ')}` : '') +
      ` in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAll().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
