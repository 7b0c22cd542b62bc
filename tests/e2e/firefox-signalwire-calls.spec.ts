/**
 * The SignalWire demo calls in Firefox ESR (driven by puppeteer-core over WebDriver BiDi), so the
 * pages and the fake relay serve the Firefox side of the extension too. Firefox only gathers ICE
 * candidates on loopback (where coturn lives) with media.peerconnection.ice.loopback.
 */
import { test, expect, type Browser as PwBrowser } from '../support/fixture.js';
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { firefoxPath } from '../support/rig/firefox.js';
import { routeFabricApiPuppeteer } from '../support/servers/signalwire-fabric-api.js';
import { demoUrl, startSwCall, type SwRig } from '../support/servers/signalwire-e2e.js';

const FIREFOX = firefoxPath();

test.describe.configure({ mode: 'serial' });
test.setTimeout(90000);

let rig: SwRig;
let farEndBrowser: PwBrowser;
let firefox: Browser;

test.beforeAll(async ({ rigs }) => {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr, or set FIREFOX_PATH`);
  rig = await rigs.signalwire();
  farEndBrowser = await rigs.plainChromium();
  // The Firefox rig's prefs include fake, permitted media and ICE on loopback (where coturn is);
  // no extension: these calls check the pages and the relay, not the capture.
  firefox = (await rigs.firefox({ extensionDir: '' })).browser;
});

const CASES = [
  { name: '3.x Video RoomSession', sdk: 'v3' as const, wrapper: 'video.message' },
  { name: '4.0 beta SignalWire client', sdk: 'v4' as const, wrapper: 'webrtc.verto' },
];

for (const c of CASES) {
  test(`Firefox, ${c.name}: connect, dial, ICE connected with audio both ways, hang up`, async () => {
    const call = await startSwCall(rig, farEndBrowser, { pingIntervalMs: null });
    const page = await firefox.newPage();
    try {
      const api = await routeFabricApiPuppeteer(page);
      await page.goto(demoUrl(rig, c.sdk, call.server, { autodial: '1' }));
      const text = (id: string) => page.$eval(`#${id}`, (el) => el.textContent ?? '');
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'in-call', { timeout: 30000 }).catch(async () => {
        throw new Error(`not in call: status=${await text('status')} error=${await text('error')}`);
      });
      await page.waitForFunction(() => /^(connected|completed)$/.test(document.getElementById('ice')?.textContent ?? ''), { timeout: 15000 });
      const first = Number(await text('bytes-received'));
      await expect.poll(async () => Number(await text('bytes-received')), { timeout: 10000 }).toBeGreaterThan(first);
      expect(Number(await text('bytes-sent'))).toBeGreaterThan(0);

      await page.click('#hangup');
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'hungup', { timeout: 10000 });
      expect(await text('error')).toBe('none');
      await call.server.waitForFrame((f) => f.dir === 'sent' && f.verto === 'verto.bye');
      const invites = call.server.frames.filter((f) => f.kind === 'request' && f.verto === 'verto.invite');
      expect(invites.map((f) => f.method)).toEqual([c.wrapper]);
      if (c.sdk === 'v4') expect(api.requests).toContain('GET /api/fabric/subscriber/info');
    } finally {
      await page.close();
      await call.close();
    }
  });
}
