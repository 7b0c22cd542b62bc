/**
 * `npm run demo`: the main job in one command. Builds the extension, starts the fake Telnyx
 * server with a real far end, opens Chromium with the extension loaded on a live call placed by
 * the real @telnyx/webrtc SDK, then exports the tab's diagnostics bundle from the RTC panel and
 * prints what was captured.
 *
 * With a display (DISPLAY set, and no --headless) the browser stays open with DevTools on the
 * call's tab until Ctrl+C. Without one it runs headless and exits after the summary.
 *
 *   npm run demo [-- --headless] [--seconds N] [--out DIR] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Bundle } from '../core/bundle/types.js';
import { eventsFromBundle } from '../core/bundle/to-events.js';
import { analyzeEvents } from '../node/bundleIo.js';
import { formatAnalysis } from '../node/report.js';
import { launchWithExtension, openPanel, tabIdOf } from '../tests/support/rig/extension.js';
import { startTelnyxCallRig } from '../tests/support/rig/telnyx-call.js';
import { missingSystemLine, systemNeeds } from './system-packages.js';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string, def: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : def;
};
const headless = flag('--headless') || !process.env.DISPLAY;
const seconds = Number(opt('--seconds', '6'));
const outDir = resolve(opt('--out', 'demo-output'));

function step(s: string): void {
  console.log(`\n▶ ${s}`);
}

async function main(): Promise<void> {
  const missing = missingSystemLine(systemNeeds(process.env, 'demo'));
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  if (!flag('--no-build')) {
    step('Building the extension (npm run build)');
    const b = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: ROOT });
    if (b.status !== 0) throw new Error('build failed');
  }

  step('Starting the fake Telnyx server and a real far-end peer on 127.0.0.1');
  const rig = await startTelnyxCallRig({ user: { login: 'demo', passwd: 'demo-password' } });
  console.log(`  signaling ${rig.url}   demo page ${rig.httpUrl}/telnyx/index.html`);

  step(`Opening Chromium with RTC DevTools loaded (${headless ? 'headless: no display' : 'windowed'})`);
  const ext = await launchWithExtension({ headless, extraArgs: headless ? [] : ['--auto-open-devtools-for-tabs'] }).catch(async (e: unknown) => {
    await rig.close().catch(() => undefined);
    throw e;
  });
  const cleanup = async () => {
    await ext.close().catch(() => undefined);
    await rig.close().catch(() => undefined);
  };
  try {
    const page = await ext.context.newPage();
    await page.goto(rig.demoUrl({ destination: '+15550100200' }));
    step('Placing a call with the real @telnyx/webrtc SDK');
    await page.locator('#call-state', { hasText: 'active' }).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('#pc-state')?.textContent === 'connected', undefined, { timeout: 30_000 });
    console.log(`  call active, media connected; keeping it up ${seconds} s for stats`);
    await page.waitForTimeout(seconds * 1000); // the demo's call length, not a test wait
    await page.click('#hangup');
    await page.locator('#call-state', { hasText: 'destroy' }).waitFor({ timeout: 15_000 });
    console.log('  hung up');

    step('Exporting diagnostics from the RTC panel (panel.html?tabId=N → "Export diagnostics")');
    const tabId = await tabIdOf(ext, page);
    const panel = await openPanel(ext, tabId);
    const button = panel.getByRole('button', { name: 'Export diagnostics', exact: true });
    await button.waitFor();
    const [download] = await Promise.all([panel.waitForEvent('download'), button.click()]);
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, download.suggestedFilename());
    await download.saveAs(file);
    const raw = readFileSync(file);
    const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
    const bundle = JSON.parse(text) as Bundle;
    writeFileSync(join(outDir, 'summary.txt'), formatAnalysis(bundle, analyzeEvents(eventsFromBundle(bundle), bundle.window.end)));

    step('What RTC DevTools captured');
    const report = formatAnalysis(bundle, analyzeEvents(eventsFromBundle(bundle), bundle.window.end), { color: process.stdout.isTTY === true, maxMessages: 40 });
    console.log(report);
    for (const pc of bundle.peerConnections) {
      console.log(`  peer connection ${pc.id}: ${pc.state.connection}, ${pc.stats.count} stats samples, ${pc.events.length} API calls and events`);
    }
    console.log(`  getUserMedia calls: ${bundle.media.getUserMedia.length}, devices: ${bundle.media.devices.length}`);
    console.log(`\n✔ bundle written to ${file}\n  open it in the viewer (dist/pages/viewer/index.html or viewer.html in the extension) or: npx rtc-devtools analyze ${file}`);

    if (!headless) {
      console.log('\nThe browser stays open: DevTools → "RTC" panel shows the capture. Ctrl+C to quit.');
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`\ndemo failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
