/**
 * A hostile page cannot freeze the panel (issue 17): through the built extension in Chromium, a page on
 * loopback opens 30,000 short-lived WebSockets, each closed by the page before it connected (ws.create,
 * ws.error, ws.close: 90,000 events, far under the capture cap). The panel opened on that tab must stay usable: it opens and counts every
 * event, the Overview shows a capped socket list that still reaches every socket, a tab click renders
 * promptly, and while nothing new arrives the panel's per-second clock does not keep the main thread
 * busy. Long tasks are measured by a PerformanceObserver in the panel page; figures are printed and
 * attached. Before the fix: every socket a table row (and a timeline strip), re-rendered every second.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import type { HttpRig } from '../support/rig/http.js';

const SOCKETS = 30_000;
/** Sockets the page opens before it waits for their close events. */
const PARALLEL = 1000;

let http: HttpRig;

const PAGE = `<!doctype html><meta charset="utf-8"><title>Many short-lived sockets</title>
<script>
  // Opens \`total\` sockets, \`parallel\` at a time, closing each at once: Chromium connects to one host
  // and port one socket at a time (about 25 ms each), a socket closed while connecting costs nothing.
  window.openMany = async (url, total, parallel) => {
    let opened = 0;
    while (opened < total) {
      const n = Math.min(parallel, total - opened);
      await Promise.all(Array.from({ length: n }, () => new Promise((done) => { const ws = new WebSocket(url); ws.onclose = done; ws.close(); })));
      opened += n;
    }
    return opened;
  };
</script>`;

test.beforeAll(async ({ rigs }) => {
  // A socket that does get through is closed at once.
  http = await rigs.serve({ ws: { '/short': (ws) => ws.close(1000, 'bye'), '/echo-secrets': (ws) => ws.on('message', (d) => ws.send(d)) } });
  http.addRoute((req, res) => {
    if (!req.url?.startsWith('/many-sockets.html')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
    return true;
  });
});

/**
 * Records, from before the panel's first script, every long task (PerformanceObserver 'longtask') and
 * every run of a 1 s interval (the panel's clock), so the test can wait on ticks rather than time.
 */
const PROBE = `(() => {
  const w = window;
  w.__longTasks = [];
  w.__ticks = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const setInterval0 = w.setInterval.bind(w);
  w.setInterval = (fn, ms, ...rest) => setInterval0(ms === 1000 && typeof fn === 'function' ? (...a) => { w.__ticks++; return fn(...a); } : fn, ms, ...rest);
})()`;

interface Probe {
  __longTasks: { start: number; duration: number }[];
  __ticks: number;
}

/** Long-task time (ms) since `from` (performance.now() in the panel). */
const longTaskMs = (panel: Page, from: number) =>
  panel.evaluate((from) => (window as unknown as Probe).__longTasks.filter((t) => t.start >= from).reduce((sum, t) => sum + t.duration, 0), from);

test('30,000 short-lived sockets: the panel opens, the Overview lists them capped, a tab click is prompt, the clock does not block the main thread', async ({ ext, tabIdOf }, testInfo) => {
  test.setTimeout(300_000);
  const app = await ext.context.newPage();
  await app.goto(`${http.url}/many-sockets.html`);
  const tabId = await tabIdOf(app);
  expect(await app.evaluate(({ url, total, parallel }) => (window as unknown as { openMany(u: string, t: number, p: number): Promise<number> }).openMany(url, total, parallel), { url: `${http.wsUrl}/short`, total: SOCKETS, parallel: PARALLEL })).toBe(SOCKETS);

  const panel = await ext.context.newPage();
  await panel.setViewportSize({ width: 1200, height: 800 });
  await panel.addInitScript(PROBE);
  const t0 = Date.now();
  await panel.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=${tabId}`);

  // The panel opens on the Overview and counts every event (the hook's batches may still be on their way).
  await expect(panel.locator('.toolbar .counts')).toHaveText(`${SOCKETS * 3} events`, { timeout: 120_000 });
  const rows = panel.locator('tr[data-socket]');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  const openMs = Date.now() - t0;
  const rowsInDom = await rows.count();

  // Nothing new arrives: over five ticks of the panel's clock the main thread stays free.
  const window0 = await panel.evaluate(() => ({ at: performance.now(), ticks: (window as unknown as Probe).__ticks }));
  await expect.poll(() => panel.evaluate(() => (window as unknown as Probe).__ticks), { timeout: 120_000 }).toBeGreaterThanOrEqual(window0.ticks + 5);
  const idle = await panel.evaluate((from) => ({ ms: performance.now() - from, heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0 }), window0.at);
  const idleLongTaskMs = await longTaskMs(panel, window0.at);

  // A tab click renders promptly, there and back.
  const clickFrom = await panel.evaluate(() => performance.now());
  let t = Date.now();
  await panel.getByRole('tab', { name: 'Calls' }).click();
  await expect(panel.getByText('No call and no peer connection captured.')).toBeVisible({ timeout: 60_000 });
  const tabClickMs = Date.now() - t;
  t = Date.now();
  await panel.getByRole('tab', { name: 'Overview' }).click();
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  const backToOverviewMs = Date.now() - t;
  const clickLongTaskMs = await longTaskMs(panel, clickFrom);

  const figures = {
    sockets: SOCKETS,
    openMs,
    rowsInDom,
    idleWindowMs: Math.round(idle.ms),
    idleLongTaskMs: Math.round(idleLongTaskMs),
    tabClickMs,
    backToOverviewMs,
    clickLongTaskMs: Math.round(clickLongTaskMs),
    heapMiB: Math.round(idle.heap / 1048576),
  };
  console.log('panel on a page with 30,000 short-lived sockets:', JSON.stringify(figures));
  testInfo.annotations.push({ type: 'figures', description: JSON.stringify(figures) });
  // Generous for a loaded 2-core machine; before the fix each tick re-rendered every socket (seconds per tick).
  expect(idleLongTaskMs).toBeLessThan(1500);
  expect(tabClickMs).toBeLessThan(3000);
  expect(backToOverviewMs).toBeLessThan(3000);

  // A capped list: the first rows and a "… N more" line with the count, not 30,000 rows.
  expect(rowsInDom).toBeLessThanOrEqual(100);
  const more = panel.locator('#ov-sockets ~ .table-scroll .more-line');
  await expect(more).toHaveText(new RegExp(`^… ${SOCKETS - rowsInDom} more WebSockets \\(${rowsInDom} of ${SOCKETS} shown\\)`));
  // Every socket stays reachable: the next rows come on request, or all of them.
  await more.getByRole('button', { name: 'Show 200 more' }).click();
  await expect(rows).toHaveCount(rowsInDom + 200);
  await expect(more).toContainText(`(${rowsInDom + 200} of ${SOCKETS} shown)`);
  await expect(more.getByRole('button', { name: `Show all ${SOCKETS}` })).toBeVisible();
});

test('a frame with secrets under 300 names: the redaction review lists them capped, and every one stays reachable', async ({ ext, tabIdOf }) => {
  http.addRoute((req, res) => {
    if (!req.url?.startsWith('/many-secrets.html')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>Many secret names</title><script>
      const ws = new WebSocket(new URLSearchParams(location.search).get('ws'));
      ws.onopen = () => {
        const params = {};
        for (let i = 0; i < 300; i++) params['user' + i + 'Password'] = 'secret-value-' + i;
        ws.send(JSON.stringify({ method: 'login', params }));
        window.sent = true;
      };
    </script>`);
    return true;
  });
  const app = await ext.context.newPage();
  await app.goto(`${http.url}/many-secrets.html?ws=${encodeURIComponent(`${http.wsUrl}/echo-secrets`)}`);
  await app.waitForFunction(() => (window as unknown as { sent?: boolean }).sent === true);
  const tabId = await tabIdOf(app);
  const panel = await ext.context.newPage();
  await panel.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=${tabId}`);
  await panel.getByRole('tab', { name: 'Export / Import' }).click();
  const review = panel.getByRole('region', { name: 'Redaction review' });
  // The review is taken when the button is pressed: press again until the frame (sent and echoed) is in.
  await expect(async () => {
    await panel.getByRole('button', { name: 'Review redactions' }).click();
    await expect(review.locator('.more-line')).toContainText(/\(50 of (3\d\d|[4-9]\d\d) shown\)/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  // 50 rows and the "… N more" line, not 300 rows.
  await expect(review.locator('tbody tr:not(.more-line)')).toHaveCount(50);
  await expect(review.locator('.more-line')).toContainText(/… \d+ more kinds of redaction/);
  await review.getByRole('button', { name: /^Show all \d+$/ }).click();
  await expect(review.locator('tbody tr:not(.more-line)')).toHaveCount(await review.locator('tbody tr').count());
  expect(await review.locator('tbody tr').count()).toBeGreaterThanOrEqual(300);
  await panel.close();
  await app.close();
});
