/**
 * "Send to support" on the standalone preflight page: a link with ?upload=<URL>&ticket=<id> shows
 * the button, the bundle reaches the (loopback) receiver gzipped with the ticket header, and the
 * page shows the reference it answers. A server that refuses, fails or is down gets a plain message,
 * a retry and the download; a link without ?upload= sends nothing, one with a bad address says so.
 *
 * Needs `npm run build` (same RTC_DIST): dist/pages/preflight.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect, type Browser, type Page } from '../support/fixture.js';
import type { HttpRig } from '../support/rig/http.js';
import { reserveClosedPort, type ClosedPort } from '../support/rig/ports.js';
import { startUploadReceiver, type UploadReceiver } from '../support/rig/upload-receiver.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(60_000);

const PAGE = resolve(process.env.RTC_DIST || 'dist', 'pages', 'preflight');

let http: HttpRig;
let rx: UploadReceiver;
let browser: Browser;
let closed: ClosedPort;

test.beforeAll(async ({ rigs }) => {
  if (!existsSync(join(PAGE, 'index.html'))) throw new Error(`No built preflight page at ${PAGE}: run npm run build first`);
  [http, rx, browser, closed] = await Promise.all([rigs.serve({ mounts: { '/': PAGE } }), startUploadReceiver(), rigs.plainChromium(), reserveClosedPort()]);
});

test.afterAll(async () => {
  await rx?.close();
  await closed?.release();
});

/** The page with only the quick browser check, run and finished. */
async function ranPage(params: Record<string, string>): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(`${http.url}/index.html?${new URLSearchParams({ checks: 'browser', ...params })}`);
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.locator('[data-verdict]')).toBeVisible({ timeout: 20_000 });
  return page;
}

const uploadStatus = (page: Page) => page.locator('[data-upload]');

test('the receiver gets the gzipped bundle with the ticket, and the page shows its reference', async () => {
  const page = await ranPage({ upload: rx.url, ticket: 'CASE-77' });
  await page.getByRole('button', { name: 'Send to support' }).click();
  await expect(uploadStatus(page)).toHaveText('Sent. Your reference: ref-1');
  const up = await rx.waitForUpload(1);
  expect(up.headers['content-type']).toBe('application/gzip');
  expect(up.headers['x-rtc-devtools-ticket']).toBe('CASE-77');
  expect(up.bundle.format).toBe('rtc-devtools-bundle');
  expect(up.bundle.environment?.source).toBe('preflight-page');
  expect((up.bundle.preflight as { checks: { id: string }[] }).checks.map((c) => c.id)).toEqual(['browser']);
});

test('413 and 500: a plain message, a retry that works once the server does, and the download', async () => {
  const page = await ranPage({ upload: rx.url });
  rx.answer = 413;
  await page.getByRole('button', { name: 'Send to support' }).click();
  await expect(uploadStatus(page)).toContainText('refused the bundle as too large (HTTP 413)');
  await expect(uploadStatus(page)).toContainText('download the diagnostics file');
  rx.answer = 500;
  await page.getByRole('button', { name: 'Retry sending' }).click();
  await expect(uploadStatus(page)).toContainText('failed to take the bundle (HTTP 500)');
  rx.answer = 'ok';
  const before = rx.uploads.length;
  await page.getByRole('button', { name: 'Retry sending' }).click();
  await expect(uploadStatus(page)).toHaveText(`Sent. Your reference: ref-${before + 1}`);
});

test('server down: the page says so and the diagnostics file still downloads', async () => {
  const page = await ranPage({ upload: `http://127.0.0.1:${closed.port}/upload` });
  await page.getByRole('button', { name: 'Send to support' }).click();
  await expect(uploadStatus(page)).toContainText(`Could not reach 127.0.0.1:${closed.port}`);
  await expect(page.getByRole('button', { name: 'Retry sending' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download diagnostics file' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.json\.gz$/);
});

test('nothing leaves without ?upload=, and an address that is not https (or loopback http) is refused', async () => {
  const plain = await ranPage({});
  await expect(plain.getByRole('button', { name: 'Send to support' })).toHaveCount(0);
  for (const bad of ['ftp://support.example/upload', 'http://support.example/upload', 'javascript:alert(1)']) {
    const page = await ranPage({ upload: bad });
    await expect(page.getByRole('button', { name: 'Send to support' })).toHaveCount(0);
    await expect(page.getByRole('alert')).toContainText('cannot be used');
  }
});
