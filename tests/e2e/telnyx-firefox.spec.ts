/**
 * The same Telnyx demo call in Firefox ESR (driven by puppeteer-core over WebDriver BiDi; Playwright
 * cannot drive a stock Firefox): first without the extension, then with the built Firefox
 * extension installed. The call must behave identically, and the MAIN-world hook must have seen
 * every frame the server logged (read from its window messages, since Firefox tests cannot open
 * moz-extension pages).
 *
 * Needs `npm run build` (same RTC_DIST) for <dist>/firefox.
 */
import { test, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser as PBrowser, type Page as PPage } from 'puppeteer-core';
import type { Browser } from '@playwright/test';
import { HOOK_MESSAGE_SOURCE, type CaptureEvent } from '../../core/capture/events.js';
import { launchPlainChromium } from '../rig/browser.js';
import { startFarEnd, type FarEnd } from '../rig/farend.js';
import { startTelnyxServer, type TelnyxServer } from '../servers/telnyx.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const FIREFOX_DIST = resolve(process.env.RTC_DIST || 'dist', 'firefox');

const CALL_SEQUENCE = [
  'in login',
  'out result',
  'out telnyx_rtc.clientReady',
  'in telnyx_rtc.gatewayState',
  'out result',
  'in telnyx_rtc.invite',
  'out result',
  'out telnyx_rtc.ringing',
  'in result',
  'out telnyx_rtc.answer',
  'in result',
  'in telnyx_rtc.bye',
  'out result',
];

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let srv: TelnyxServer;
let chromium: Browser;
let farEnd: FarEnd;
let firefox: PBrowser;
let run = 0;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  srv = await startTelnyxServer({
    users: { alice: 'secret-pw' },
    mounts: { '/': join(ROOT, 'tests/demo'), '/node_modules/': join(ROOT, 'node_modules') },
  });
  chromium = await launchPlainChromium();
  farEnd = await startFarEnd(srv.farEndUrl, { browser: chromium });
  firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
  });
});

test.afterAll(async () => {
  await firefox?.close();
  await farEnd?.close();
  await chromium?.close();
  await srv?.close();
});

function demoUrl(): string {
  const q = new URLSearchParams({ host: srv.url.replace(/\/$/, ''), login: 'alice', passwd: 'secret-pw', destination: '+15557654321', run: String(++run) });
  return `${srv.httpUrl}/telnyx/index.html?${q}`;
}

interface Seen {
  hookInstalled: boolean;
  events: CaptureEvent[];
}

/** Before any page script: collect what the hook posts to the bridge. */
async function listenToHook(page: PPage): Promise<void> {
  await page.evaluateOnNewDocument((source: string) => {
    const seen: CaptureEvent[] = [];
    (window as unknown as { __rigHookEvents: CaptureEvent[] }).__rigHookEvents = seen;
    window.addEventListener('message', (e: MessageEvent) => {
      const d = e.data as { source?: string; events?: CaptureEvent[] } | null;
      if (d && d.source === source && Array.isArray(d.events)) seen.push(...d.events);
    });
  }, HOOK_MESSAGE_SOURCE);
}

async function seen(page: PPage): Promise<Seen> {
  return page.evaluate(() => ({
    hookInstalled: (window as unknown as Record<symbol, unknown>)[Symbol.for('rtc-devtools.hook')] === true,
    events: [...(window as unknown as { __rigHookEvents: CaptureEvent[] }).__rigHookEvents],
  }));
}

async function callAndHangUp(page: PPage): Promise<number> {
  const before = srv.connections.length;
  await page.goto(demoUrl());
  await page.waitForFunction(() => (window as unknown as { demo: { pcState(): string } }).demo.pcState() === 'connected', { timeout: 20_000 });
  const callId = await page.evaluate(() => (window as unknown as { demo: { call: { id: string } } }).demo.call.id);
  await srv.hub.waitForState(callId, 'connected');
  await page.click('#hangup');
  await page.waitForFunction(() => document.getElementById('call-state')!.textContent === 'destroy', { timeout: 10_000 });
  expect(srv.calls.get(callId)).toMatchObject({ state: 'ended', endedBy: 'client' });
  expect(await page.evaluate(() => document.getElementById('error')!.textContent)).toBe('none');
  return srv.connections[before]!.conn;
}

const sequence = (conn: number) => srv.frames.filter((f) => f.conn === conn).map((f) => `${f.dir} ${f.method ?? f.kind}`);

test('Firefox without the extension: the demo call connects and ends cleanly', async () => {
  const page = await firefox.newPage();
  try {
    await listenToHook(page);
    const conn = await callAndHangUp(page);
    expect(sequence(conn)).toEqual(CALL_SEQUENCE);
    const s = await seen(page);
    expect(s.hookInstalled).toBe(false);
    expect(s.events).toHaveLength(0);
  } finally {
    await page.close();
  }
});

test('Firefox with the extension: the same call, and the hook saw every frame the server logged', async () => {
  expect(existsSync(join(FIREFOX_DIST, 'manifest.json')), `no built Firefox extension at ${FIREFOX_DIST}: run npm run build`).toBe(true);
  await firefox.installExtension(FIREFOX_DIST);
  const page = await firefox.newPage();
  try {
    await listenToHook(page);
    const conn = await callAndHangUp(page);
    expect(sequence(conn)).toEqual(CALL_SEQUENCE);
    const server = srv.frames.filter((f) => f.conn === conn).map((f) => `${f.dir === 'in' ? 'sent' : 'received'} ${f.text}`);
    const prefix = `ws://127.0.0.1:${srv.port}/`;
    await expect
      .poll(async () => {
        const s = await seen(page);
        const ids = s.events.filter((e) => e.kind === 'ws.create' && e.url.startsWith(prefix)).map((e) => (e as { id: string }).id);
        return s.hookInstalled && ids.length === 1
          ? s.events.filter((e) => e.kind === 'ws.frame' && e.id === ids[0]).map((e) => `${(e as { dir: string }).dir} ${(e as { text?: string }).text}`)
          : [];
      })
      .toEqual(server);
  } finally {
    await page.close();
  }
});
