/**
 * `npm run package`: the store-ready archives, from a fresh production build.
 *
 *   <dist>/packages/rtc-devtools-chrome-<version>.zip    Chrome Web Store upload (dist/chrome)
 *   <dist>/packages/rtc-devtools-firefox-<version>.zip   addons.mozilla.org upload (dist/firefox)
 *   <dist>/packages/rtc-devtools-source-<version>.zip    the sources AMO review asks for: what is
 *                                                        needed to rebuild, plus BUILD.md
 *
 * <dist> is env RTC_DIST (default "dist"), like the build. `--no-build` packages what is already
 * built (tests use it after building into a temp dir).
 *
 * Zips are written here with node:zlib (no dependency) and fixed timestamps, so the same tree gives
 * the same bytes and a reviewer can compare a rebuild with the upload.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { TEST_BOOT_MESSAGE } from '../core/messages/versions.js';
import { TEST_HARNESS_PAGE } from '../extension/shared/test-harness.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** 1980-01-01 00:00 in DOS format, the earliest a zip can say: builds are reproducible. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A plain zip (deflate, or store when deflate does not help), entries in the given order. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = deflateRawSync(e.data, { level: 9 });
    const stored = deflated.length >= e.data.length;
    const body = stored ? e.data : deflated;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, body);

    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(stored ? 0 : 8, 10);
    c.writeUInt16LE(DOS_TIME, 12);
    c.writeUInt16LE(DOS_DATE, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal attributes: 0
    c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length > 0xffff || offset > 0xffffffff) throw new Error('archive too large for a plain zip');
  return Buffer.concat([...chunks, cd, end]);
}

/** Every file under dir, as zip names with forward slashes, sorted (stable archives). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Files that never belong in a store upload even if a build left them behind. */
const NOT_SHIPPED = [/\.map$/, /(^|\/)\.DS_Store$/, /\.test\.[jt]sx?$/, /\.spec\.[jt]sx?$/];

export function extensionEntries(dir: string): ZipEntry[] {
  return listTree(dir)
    .filter((f) => !NOT_SHIPPED.some((re) => re.test(f)))
    .map((name) => ({ name, data: readFileSync(join(dir, name)) }));
}

/**
 * What a reviewer needs to rebuild the extension byte for byte: the build inputs, not the tests,
 * benchmarks or generated output. Tracked files only, so nothing local slips in.
 */
const SOURCE_TOP = ['core/', 'ui/', 'extension/', 'pages/', 'recorder/', 'docs/', 'scripts/build.ts', 'scripts/package.ts'];
const SOURCE_FILES = ['manifest.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'vite.config.ts', 'README.md'];

export function sourceFileList(): string[] {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout
    .split('\0')
    .filter((f) => f && (SOURCE_FILES.includes(f) || SOURCE_TOP.some((t) => (t.endsWith('/') ? f.startsWith(t) : f === t))))
    .sort();
}

export function buildNote(version: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  return `# Building RTC DevTools ${version} from source

Requirements: Linux, macOS or Windows with Node.js ${pkg.engines?.node ?? '>= 20'} and npm 10 or newer.
No other tool is needed; every dependency is pinned in package-lock.json.

    npm ci
    npm run build

Output:
- dist/firefox/ is the Firefox add-on (the contents of rtc-devtools-firefox-${version}.zip)
- dist/chrome/  is the Chromium extension
- dist/pages/   are the standalone preflight and viewer pages
- dist/recorder/ is the in-app recorder's script-tag build

The bundles are produced by Vite (vite.config.ts, scripts/build.ts) from the TypeScript and TSX
sources in core/, ui/, extension/, pages/ and recorder/; they are minified but not obfuscated, and contain no
remote code. \`npm run package\` rebuilds and writes the three zips to dist/packages/.
More: docs/firefox.md.
`;
}

export interface PackageResult {
  version: string;
  outDir: string;
  chrome: string;
  firefox: string;
  source: string;
}

/** A Firefox e2e build (RTC_TEST_HOOKS=1): its panel is web-accessible and its background answers test messages. */
function isTestBuild(dir: string, m: Record<string, unknown>): boolean {
  const war = (m.web_accessible_resources as { resources?: string[] }[] | undefined) ?? [];
  if (war.some((w) => w.resources?.includes(TEST_HARNESS_PAGE))) return true;
  return readFileSync(join(dir, 'background.js'), 'utf8').includes(TEST_BOOT_MESSAGE);
}

export function writePackages(distRoot: string): PackageResult {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const outDir = join(distRoot, 'packages');
  mkdirSync(outDir, { recursive: true });
  const out = (kind: string) => join(outDir, `rtc-devtools-${kind}-${version}.zip`);
  const res: PackageResult = { version, outDir, chrome: out('chrome'), firefox: out('firefox'), source: out('source') };
  for (const browser of ['chrome', 'firefox'] as const) {
    const dir = join(distRoot, browser);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown> & { version?: string };
    if (m.version !== version) throw new Error(`${dir}/manifest.json says version ${m.version}, package.json ${version}: rebuild`);
    if (isTestBuild(dir, m)) {
      throw new Error(`${dir} was built with RTC_TEST_HOOKS=1: rebuild without it before packaging`);
    }
    writeFileSync(res[browser], zip(extensionEntries(dir)));
  }
  const sources = sourceFileList().map((name) => ({ name, data: readFileSync(join(root, name)) }));
  sources.push({ name: 'BUILD.md', data: Buffer.from(buildNote(version)) });
  writeFileSync(res.source, zip(sources));
  return res;
}

function main(): void {
  const distRoot = resolve(root, process.env.RTC_DIST || 'dist');
  if (!process.argv.includes('--no-build')) {
    // A store build never carries test hooks, whatever the calling shell has set.
    // NODE_ENV changes what Vite bundles (a shell left at "test" gives other chunks): pin it.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    delete env.RTC_TEST_HOOKS;
    const b = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts')], { cwd: root, env, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const r = writePackages(distRoot);
  for (const f of [r.chrome, r.firefox, r.source]) console.log(`${relative(process.cwd(), f)}  ${(statSync(f).size / 1024).toFixed(1)} KiB`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
