/**
 * `npm run package`: the three zips a release uploads. Builds into a temp RTC_DIST (the unit step
 * of `npm test` runs before the build), packages it, then reads the zips back as a store would.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writePackages, zip, type PackageResult } from '../../../scripts/package.js';
import { GECKO_ID, withTestHarness } from '../../../scripts/build.js';
import { TEST_BOOT_MESSAGE } from '../../../core/messages/versions.js';
import { TEST_HARNESS_PAGE } from '../../../extension/shared/test-harness.js';
import { readZip } from './read-zip.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function build(distRoot: string, cwd = ROOT): void {
  // vitest sets NODE_ENV=test, which changes what Vite bundles; a release build runs without it.
  const env: NodeJS.ProcessEnv = { ...process.env, RTC_DIST: distRoot, NODE_ENV: 'production' };
  delete env.RTC_TEST_HOOKS;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(cwd, 'scripts/build.ts')], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`);
}

interface Manifest {
  manifest_version: number;
  version: string;
  background: { service_worker?: string; scripts?: string[] };
  content_scripts: { js: string[] }[];
  devtools_page?: string;
  icons?: Record<string, string>;
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
  minimum_chrome_version?: string;
  web_accessible_resources?: { resources: string[] }[];
}

/** Every file the manifest and the HTML pages it loads point at. */
function referenced(files: Map<string, Buffer>, m: Manifest): string[] {
  const refs = new Set<string>();
  if (m.background.service_worker) refs.add(m.background.service_worker);
  for (const s of m.background.scripts ?? []) refs.add(s);
  for (const cs of m.content_scripts) for (const js of cs.js) refs.add(js);
  if (m.devtools_page) refs.add(m.devtools_page);
  for (const icon of Object.values(m.icons ?? {})) refs.add(icon);
  for (const [name, data] of files) {
    if (!name.endsWith('.html')) continue;
    for (const [, url] of data.toString('utf8').matchAll(/(?:src|href)="([^"]+)"/g)) {
      if (/^[a-z]+:/i.test(url!)) continue;
      refs.add(url!.replace(/^\.?\//, ''));
    }
  }
  return [...refs].sort();
}

describe('npm run package', () => {
  let dist = '';
  let res: PackageResult;
  const zips = {} as Record<'chrome' | 'firefox' | 'source', Map<string, Buffer>>;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'rtc-package-'));
    build(dist);
    res = writePackages(dist);
    for (const k of ['chrome', 'firefox', 'source'] as const) zips[k] = readZip(readFileSync(res[k]));
  }, 120_000);

  afterAll(() => {
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('names the three zips after the package version', () => {
    expect(res.version).toBe(VERSION);
    expect(res.chrome).toBe(join(dist, 'packages', `rtc-devtools-chrome-${VERSION}.zip`));
    expect(res.firefox).toBe(join(dist, 'packages', `rtc-devtools-firefox-${VERSION}.zip`));
    expect(res.source).toBe(join(dist, 'packages', `rtc-devtools-source-${VERSION}.zip`));
  });

  it('Chrome zip: MV3 service worker manifest at the root, every referenced file present, nothing else shipped', () => {
    const files = zips.chrome;
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(m.manifest_version).toBe(3);
    expect(m.version).toBe(VERSION);
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.browser_specific_settings).toBeUndefined();
    for (const f of referenced(files, m)) expect(files.has(f), `${f} is referenced but not in the zip`).toBe(true);
    expect(referenced(files, m)).toEqual(expect.arrayContaining(['background.js', 'hook.js', 'bridge.js', 'devtools.html']));
  });

  it('Firefox zip: event-page background, gecko id and minimum version, every referenced file present, no test hook', () => {
    const files = zips.firefox;
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(m.manifest_version).toBe(3);
    expect(m.version).toBe(VERSION);
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m.browser_specific_settings?.gecko?.id).toBe(GECKO_ID);
    expect(m.browser_specific_settings?.gecko?.strict_min_version).toMatch(/^\d+\.\d+$/);
    expect(m.minimum_chrome_version).toBeUndefined();
    for (const f of referenced(files, m)) expect(files.has(f), `${f} is referenced but not in the zip`).toBe(true);
    expect(files.get('background.js')!.toString('utf8')).not.toContain(TEST_BOOT_MESSAGE);
    expect(JSON.stringify(m.web_accessible_resources)).not.toContain(TEST_HARNESS_PAGE);
    // Both browsers get the same code: only the manifest differs.
    expect([...files.keys()]).toEqual([...zips.chrome.keys()]);
    for (const [name, data] of files) if (name !== 'manifest.json') expect(data.equals(zips.chrome.get(name)!), name).toBe(true);
  });

  it('extension zips hold no source maps, TypeScript, tests or dot files', () => {
    for (const k of ['chrome', 'firefox'] as const) {
      const bad = [...zips[k].keys()].filter((f) => /\.map$|\.tsx?$|(^|\/)tests?\/|\.(test|spec)\.|(^|\/)\./.test(f));
      expect(bad, k).toEqual([]);
    }
  });

  it('source zip: the build inputs and BUILD.md, without node_modules, dist, tests or local files', () => {
    const names = [...zips.source.keys()];
    expect(names).toEqual(expect.arrayContaining(['BUILD.md', 'manifest.json', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'scripts/build.ts', 'extension/background/index.ts', 'extension/hook/index.ts', 'pages/viewer/index.html']));
    expect(names.filter((f) => /^(node_modules|dist|tests|bench|test-results|demo-output|\.tmp)\//.test(f))).toEqual([]);
    const note = zips.source.get('BUILD.md')!.toString('utf8');
    expect(note).toContain('npm ci');
    expect(note).toContain('npm run build');
    expect(note).toContain(`rtc-devtools-firefox-${VERSION}.zip`);
  });

  it('a reviewer rebuilding from the source zip gets exactly the Firefox zip contents', () => {
    const src = mkdtempSync(join(tmpdir(), 'rtc-source-'));
    try {
      for (const [name, data] of zips.source) {
        mkdirSync(join(src, name, '..'), { recursive: true });
        writeFileSync(join(src, name), data);
      }
      // npm ci is the reviewer's step; the installed tree is the same lockfile's.
      symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
      build(join(src, 'dist'), src);
      const rebuilt = readZip(zip([...zips.firefox.keys()].map((name) => ({ name, data: readFileSync(join(src, 'dist', 'firefox', name)) }))));
      for (const [name, data] of zips.firefox) expect(rebuilt.get(name)!.equals(data), `${name} differs after a rebuild from source`).toBe(true);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to package a build made with the Firefox test hook (web-accessible panel or test messages)', () => {
    const fake = mkdtempSync(join(tmpdir(), 'rtc-package-hooked-'));
    const ffDir = join(fake, 'firefox');
    try {
      cpSync(join(dist, 'chrome'), join(fake, 'chrome'), { recursive: true });
      cpSync(join(dist, 'firefox'), ffDir, { recursive: true });
      const storeManifest = readFileSync(join(ffDir, 'manifest.json'), 'utf8');
      writeFileSync(join(ffDir, 'manifest.json'), JSON.stringify(withTestHarness(JSON.parse(storeManifest) as Record<string, unknown>)));
      expect(() => writePackages(fake)).toThrow(/RTC_TEST_HOOKS/);

      writeFileSync(join(ffDir, 'manifest.json'), storeManifest);
      writeFileSync(join(ffDir, 'background.js'), `browser.runtime.onMessage.addListener((m)=>m.type==="${TEST_BOOT_MESSAGE}")`);
      expect(() => writePackages(fake)).toThrow(/RTC_TEST_HOOKS/);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });

  it('zip() output is byte-stable and readable (fixed timestamps, stored when deflate does not help)', () => {
    const entries = [
      { name: 'a.txt', data: Buffer.from('hello hello hello hello hello') },
      { name: 'dir/ü.bin', data: Buffer.from([0, 1, 2, 3]) },
    ];
    const a = zip(entries);
    expect(zip(entries).equals(a)).toBe(true);
    const back = readZip(a);
    expect([...back.keys()]).toEqual(['a.txt', 'dir/ü.bin']);
    expect(back.get('dir/ü.bin')).toEqual(Buffer.from([0, 1, 2, 3]));
  });
});
