/**
 * `npm test`: every check the project has, in the order that fails fastest, with one closing line
 * "tests: N passed, N failed" that sums unit and end-to-end results.
 *
 * Steps: typecheck -> unit tests (vitest) -> build -> web-ext lint of dist/firefox -> e2e (Playwright)
 * -> a tiny benchmark smoke so `npm run bench` cannot rot.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingSystemLine, systemNeeds } from './system-packages.js';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'rtc-test-'));

function run(step: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${step}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`=== ${step}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failedSteps.push(step);
  return ok;
}

function addVitest(file: string): void {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  total.passed += j.numPassedTests;
  total.failed += j.numFailedTests;
  total.skipped += j.numPendingTests;
}

function addPlaywright(file: string): void {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  total.passed += j.stats.expected;
  // A flaky pass is a bug to fix at its cause, so it counts as a failure here.
  total.failed += j.stats.unexpected + j.stats.flaky;
  total.skipped += j.stats.skipped;
}

// Browsers and coturn come from Debian, not npm: say so in one line before any step can fail on them.
const missing = missingSystemLine(systemNeeds(process.env, 'test'));
if (missing) {
  console.error(missing);
  process.exit(1);
}

const npx = 'npx';
const only = process.argv.slice(2);
const want = (s: string) => only.length === 0 || only.includes(s);

if (want('typecheck')) run('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (want('unit')) {
  const out = join(tmp, 'vitest.json');
  run('unit', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  addVitest(out);
}
if (want('build')) run('build', 'npm', ['run', 'build', '--silent']);
if (want('lint')) run('lint', 'npm', ['run', 'lint:firefox', '--silent']);
if (want('e2e')) {
  const out = join(tmp, 'playwright.json');
  run('e2e', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  addPlaywright(out);
}
if (want('bench') && existsSync('bench/run.ts')) run('bench-smoke', npx, ['tsx', 'bench/run.ts', '--smoke']);

console.log('');
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(failedSteps.length || total.failed ? 1 : 0);
