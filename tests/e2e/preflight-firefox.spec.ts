/**
 * The standalone preflight page in real Firefox ESR (driven over WebDriver BiDi by puppeteer-core,
 * which Playwright cannot do for a stock Firefox), with fake devices, against a real coturn.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { build } from 'vite';
import { sharedConfig } from '../../vite.config.js';
import { startTurn, type TurnServer } from '../rig/coturn.js';
import { startHttp, type HttpRig } from '../rig/http.js';
import type { PreflightResult } from '../../core/preflight/types.js';

const root = resolve(import.meta.dirname, '../..');
let outDir = '';
let http: HttpRig;
let turn: TurnServer;
let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  outDir = mkdtempSync(join(tmpdir(), 'rtc-preflight-ff-'));
  const base = sharedConfig();
  await build({ ...base, root: join(root, 'pages/preflight'), base: './', build: { ...(base.build ?? {}), outDir, emptyOutDir: true } });
  [http, turn] = await Promise.all([startHttp({ mounts: { '/': outDir } }), startTurn({ user: 'ff-user', pass: 'ff-S3cret' })]);
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // Firefox leaves loopback addresses out of ICE unless told; the rig's TURN server is on 127.0.0.1.
      'media.peerconnection.ice.loopback': true,
    },
  });
});

test.afterAll(async () => {
  await browser?.close();
  await Promise.all([http?.close(), turn?.stop()]);
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('Firefox: devices, TURN relay and the loopback call work; speakers it cannot list are not held against it', async () => {
  test.setTimeout(60_000);
  const page = await browser.newPage();
  const q = new URLSearchParams({ turn: turn.urls.join(','), user: turn.username, pass: turn.credential });
  await page.goto(`${http.url}/index.html?${q.toString()}`);
  const started = Date.now();
  await page.locator('button.primary').click();
  await page.waitForSelector('[data-verdict]', { timeout: 40_000 });
  const wallMs = Date.now() - started;
  const r = (await page.evaluate(() => window.__rtcPreflightResult)) as PreflightResult;
  console.log(`preflight Firefox full run: ${wallMs} ms wall; ` + r.checks.map((c) => `${c.id}=${c.durationMs}ms/${c.status}`).join(' '));
  const get = (id: string) => r.checks.find((c) => c.id === id)!;
  expect(wallMs).toBeLessThan(15_000);
  expect(get('browser').status).toBe('pass');
  expect(get('permissions').status).toBe('pass');
  expect(get('camera').status).toBe('pass');
  expect(get('ice').metrics.relay as number).toBeGreaterThan(0);
  expect(get('connectivity').status).toBe('pass');
  expect(get('quality').status).toBe('pass');
  expect(get('quality').metrics.path).toBe('relay');
  expect(get('speakers').status).toBe('skip');
  // Headless Firefox here has no sound output, so its audio engine stays suspended: the check says
  // so instead of reporting silence.
  const mic = get('microphone');
  expect(['pass', 'skip']).toContain(mic.status);
  if (mic.status === 'skip') expect(mic.summary).toMatch(/audio engine did not start/);
  await page.close();
});
