/**
 * The same Telnyx demo call in Firefox ESR (driven by puppeteer-core over WebDriver BiDi; Playwright
 * cannot drive a stock Firefox): first in a Firefox without the extension, then in one with the
 * test build of the Firefox extension installed. The call must behave identically: the server logs
 * the same frame sequence and the media connects.
 *
 * What the extension captured is cross-checked lightly, the way a panel reads it (the rig's
 * readSnapshot over a panel port): tests/e2e/firefox-capture-pipeline.spec.ts already proves that call
 * frame for frame, so this spec only checks the capture holds the one socket with as many frames
 * as the server logged and the peer connection reached 'connected'.
 */
import { test, expect } from '../support/fixture.js';
import type { Page } from 'puppeteer-core';
import type { StoredEvent } from '../../core/capture/events.js';
import { buildTestExtension, launchFirefox, type FirefoxHandle } from '../support/rig/firefox.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { TELNYX_CALL_SEQUENCE as CALL_SEQUENCE, frameSequence, telnyxDemoUrl } from '../support/servers/telnyx-demo.js';
import type { TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let dist: ReturnType<typeof buildTestExtension>;
let rig: TelnyxCallRig;
let srv: TelnyxServer;

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(90_000);
  // One build for the file (about 10 s); only the second test installs it.
  dist = await rigs.firefoxBuild();
  rig = await rigs.telnyx();
  srv = rig.server;
});

interface CallOutcome {
  conn: number;
  /** Whether the MAIN-world hook marked the page as hooked. */
  hooked: boolean;
}

/** Dials, waits for media and the server's 'connected', hangs up; asserts a clean end. */
async function callAndHangUp(page: Page): Promise<CallOutcome> {
  const before = srv.connections.length;
  await page.goto(telnyxDemoUrl(srv));
  await page.waitForFunction(() => (window as unknown as { demo: { pcState(): string } }).demo.pcState() === 'connected', { timeout: 30_000 });
  const callId = await page.evaluate(() => (window as unknown as { demo: { call: { id: string } } }).demo.call.id);
  await srv.hub.waitForState(callId, 'connected');
  await page.click('#hangup');
  await page.waitForFunction(() => document.getElementById('call-state')!.textContent === 'destroy', { timeout: 15_000 });
  expect(srv.calls.get(callId)).toMatchObject({ state: 'ended', endedBy: 'client' });
  expect(await page.evaluate(() => document.getElementById('error')!.textContent)).toBe('none');
  const hooked = await page.evaluate(() => (window as unknown as Record<symbol, unknown>)[Symbol.for('rtc-devtools.hook')] === true);
  return { conn: srv.connections[before]!.conn, hooked };
}

const sequence = (conn: number) => frameSequence(srv.frames.filter((f) => f.conn === conn));

const sequences: string[][] = [];

test('Firefox without the extension: the demo call connects and ends cleanly', async () => {
  const ff = await launchFirefox();
  try {
    const page = await ff.browser.newPage();
    const { conn, hooked } = await callAndHangUp(page);
    expect(sequence(conn)).toEqual(CALL_SEQUENCE);
    expect(hooked).toBe(false);
    sequences.push(sequence(conn));
  } finally {
    await ff.close();
  }
});

test('Firefox with the extension: the same call, and the panel side holds its socket and connected peer connection', async () => {
  const ff: FirefoxHandle = await launchFirefox({ extensionDir: dist.firefox });
  try {
    const page = await ff.browser.newPage();
    const { conn, hooked } = await callAndHangUp(page);
    expect(sequence(conn)).toEqual(CALL_SEQUENCE);
    expect(hooked).toBe(true);
    // Identical to the call without the extension (when that test ran in this worker).
    for (const s of sequences) expect(sequence(conn)).toEqual(s);

    // Cross-check through the background, as a panel receives it.
    const tabId = await ff.tabIdOf(page.url());
    const serverFrames = srv.frames.filter((f) => f.conn === conn).length;
    const prefix = `ws://127.0.0.1:${srv.port}/`;
    let events: StoredEvent[] = [];
    const framesOfServerSocket = () => {
      const ids = events.filter((e) => e.kind === 'ws.create' && e.url.startsWith(prefix)).map((e) => (e as { id: string }).id);
      return ids.length === 1 ? events.filter((e) => e.kind === 'ws.frame' && e.id === ids[0]).length : -ids.length;
    };
    await expect
      .poll(async () => {
        events = (await ff.readSnapshot(tabId)).events;
        return framesOfServerSocket();
      }, { timeout: 15_000 })
      .toBe(serverFrames);
    const states = events.filter((e) => e.kind === 'pc.event' && e.type === 'connectionstatechange').map((e) => (e as { data: { state?: string } }).data.state);
    expect(states).toContain('connected');
    console.log(`[Firefox Telnyx] server frames=${serverFrames}, captured=${framesOfServerSocket()}, pc states=${states.join('>')}`);
  } finally {
    await ff.close();
  }
});
