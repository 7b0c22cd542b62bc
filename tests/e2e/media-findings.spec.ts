/**
 * The media findings on one real call (tests/demo/loopback?mode=media: two peer connections in one page,
 * microphone and camera both ways, through the built extension), driven through conditions in sequence the
 * way an app or a user makes them: nothing on the healthy call first, then a muted microphone, a clipping
 * input, … each raising its own finding in the panel. One call for all of them keeps CI time low.
 *
 * Needs the build: `npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import { resolve } from 'node:path';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';

test.describe.configure({ mode: 'serial' });

let http: HttpRig;
let ext: ExtensionHandle;
let app: Page;
let panel: Page;

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({ mounts: { '/': resolve('tests/demo/loopback') } });
  ext = await rigs.extension();
});

test.afterAll(async () => {
  await app?.close();
  await panel?.close();
});

const findings = () => panel.locator('section[aria-labelledby="ov-findings"]');
const pcRow = (label: string) => panel.locator('tr[data-pc]').filter({ has: panel.locator('td:first-child', { hasText: new RegExp(`^${label}$`) }) });
const samplesOf = async (label: string) => Number(/^(\d+) samples/.exec((await pcRow(label).locator('td').nth(4).textContent()) ?? '')?.[1] ?? 0);
/** Runs one of the page's own condition switches (tests/demo/loopback/loopback.js conditionsOf). */
const condition = (name: string, arg?: unknown) =>
  app.evaluate(([n, a]) => (window as unknown as { loopback: { conditions: Record<string, (x?: unknown) => unknown> } }).loopback.conditions[n as string]!(a), [name, arg] as const);

/** Every media rule's message start: none of them may fire on the healthy call. */
const MEDIA_RULES =
  /Microphone silent|Microphone clipping|Received video froze|Sending video limited|Keyframe-request storm|Retransmission storm|Received audio concealed|Jitter buffer grew|Sending bitrate collapsed|Media relayed over TURN|Network path changed|ICE restarted|Slow first media|DTLS failed/;

test('a healthy call with microphone and camera raises no media finding', async () => {
  test.setTimeout(90_000);
  app = await ext.context.newPage();
  await app.goto(`${http.url}/index.html?mode=media`);
  await expect(app.locator('#state')).toHaveText('connected', { timeout: 20_000 });
  panel = await openPanel(ext, await tabIdOf(ext, app));
  // 12 samples: longer than every media rule's sustain window (silence 8 s, clipping 5 s).
  for (const pc of ['pc-1', 'pc-2']) await expect.poll(() => samplesOf(pc), { timeout: 40_000 }).toBeGreaterThanOrEqual(12);
  await expect(findings()).not.toContainText(MEDIA_RULES);
  await expect(findings()).not.toContainText('One-way media');
});

test('the microphone muted at the source (track.enabled = false): silent-microphone names the track', async () => {
  test.setTimeout(90_000);
  await condition('mute');
  await expect(findings()).toContainText(/Microphone silent at the source on \S*pc-1: "[^"]+" has sent only digital silence for \d/, { timeout: 40_000 });
  await condition('unmute');
  // The far end's connection sends its own, unmuted microphone: no finding for it.
  await expect(findings()).not.toContainText(/Microphone silent at the source on \S*pc-2/);
});

test('an input driven past full scale: microphone-clipping', async () => {
  test.setTimeout(90_000);
  await condition('clip');
  await expect(findings()).toContainText(/Microphone clipping on \S*pc-1: track \S+ has averaged 0 dBFS/, { timeout: 40_000 });
  await condition('unclip');
  await expect(findings()).not.toContainText(/Microphone clipping on \S*pc-2/);
});

test('the sender caps its frame rate at 1 (setParameters maxFramerate): video-freeze on the receiving connection', async () => {
  test.setTimeout(90_000);
  await condition('video', { maxFramerate: 1 });
  await expect(findings()).toContainText(/Received video froze on \S*pc-2: [\d.]+ s frozen in the last [\d.]+ s/, { timeout: 40_000 });
  await condition('video', { maxFramerate: 30 });
  // pc-1 receives pc-2's camera, untouched.
  await expect(findings()).not.toContainText(/Received video froze on \S*pc-1/);
});

test('the sender caps its bitrate at 30 kbps: the encoder lowers its frame rate, video-send-limited says bandwidth', async () => {
  test.setTimeout(120_000);
  await condition('video', { maxBitrate: 30_000 });
  await expect(findings()).toContainText(/Sending video limited by bandwidth on \S*pc-1: .*(frame rate \d+ → \d+ fps|resolution \d+×\d+ → \d+×\d+)/, { timeout: 60_000 });
  await condition('video', { maxBitrate: 2_000_000 });
  await expect(findings()).not.toContainText(/Sending video limited by \S+ on \S*pc-2/);
});

test('pc-2 adds its microphone 5 s after connecting: slow-first-media on pc-1', async () => {
  test.setTimeout(90_000);
  const late = await ext.context.newPage();
  await late.goto(`${http.url}/index.html?mode=late`);
  await expect(late.locator('#state')).toHaveText('connected', { timeout: 20_000 });
  const latePanel = await openPanel(ext, await tabIdOf(ext, late));
  await expect(late.locator('#log')).toContainText('pc-2 track added', { timeout: 20_000 });
  const lateFindings = latePanel.locator('section[aria-labelledby="ov-findings"]');
  await expect(lateFindings).toContainText(/Slow first media on \S*pc-1: nothing was received for [\d.]+ s after the connection was up/, { timeout: 30_000 });
  await expect(lateFindings).not.toContainText(/Slow first media on \S*pc-2/);
  await late.close();
  await latePanel.close();
});

test('both connections relayed by coturn over TCP only: turn-tcp names the relay protocol', async ({ rigs }) => {
  test.setTimeout(120_000);
  const turn = await rigs.turn();
  const tcpUrl = turn.urls.find((u) => u.includes('transport=tcp'))!;
  const relayed = await ext.context.newPage();
  const q = new URLSearchParams({ mode: 'sendonly', turn: tcpUrl, user: turn.username, pass: turn.credential });
  await relayed.goto(`${http.url}/index.html?${q}`);
  await expect(relayed.locator('#state')).toHaveText('connected', { timeout: 30_000 });
  const relayPanel = await openPanel(ext, await tabIdOf(ext, relayed));
  const relayFindings = relayPanel.locator('section[aria-labelledby="ov-findings"]');
  await expect(relayFindings).toContainText(/Media relayed over TURN\/TCP on \S*pc-1/, { timeout: 30_000 });
  await relayed.close();
  await relayPanel.close();
});
