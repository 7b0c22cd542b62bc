/**
 * A real Telnyx call (tests/demo/telnyx, the real UMD bundle, the fake Telnyx server and a real
 * far-end peer in a separate browser) with the built extension: the SDK-level view in the capture
 * follows the call through the client's own notifications and the sampled call states, from
 * creation to active to hang-up, and the app's own handlers still see everything.
 */
import { test, expect } from '../support/fixture.js';
import type { SdkEvent, SdkFound } from '../../core/capture/events.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { deriveSdkState } from '../../core/sdk/summary.js';
import { readCapture, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import type { TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let rig: TelnyxCallRig;
let srv: TelnyxServer;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  srv = rig.server;
  ext = await rigs.extension();
});

test('Telnyx call: the SDK view follows the call from creation to active to hang-up', async () => {
  const q = new URLSearchParams({ host: srv.url.replace(/\/$/, ''), login: 'alice', passwd: 'secret-pw', destination: '+15557654321', run: `sdk-${Date.now()}` });
  const page = await ext.context.newPage();
  await page.goto(`${srv.httpUrl}/telnyx/index.html?${q}`);
  const tabId = await tabIdOf(ext, page);
  await expect(page.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  const callId = await page.evaluate(() => (window as unknown as { demo: { call: { id: string } } }).demo.call.id);

  const clientOf = (events: StoredEvent[]) => events.find((e): e is StoredEvent & SdkFound => e.kind === 'sdk.found' && e.via === 'constructor');
  const eventsOf = (events: StoredEvent[], id: string) => events.filter((e): e is StoredEvent & SdkEvent => e.kind === 'sdk.event' && e.id === id);

  // While active: the sampled state says so.
  await expect
    .poll(async () => {
      const events = await readCapture(ext, tabId);
      const client = clientOf(events);
      return client ? deriveSdkState(client, eventsOf(events, client.id)).calls[callId] : undefined;
    }, { timeout: 10_000 })
    .toBe('active');

  await page.click('#hangup');
  await expect(page.locator('#call-state')).toHaveText('destroy', { timeout: 15_000 });

  await expect
    .poll(async () => {
      const events = await readCapture(ext, tabId);
      const client = clientOf(events)!;
      return eventsOf(events, client.id).some((e) => e.name === 'call.removed' && (e.data as { id?: string }).id === callId);
    }, { timeout: 10_000 })
    .toBe(true);
  const events = await readCapture(ext, tabId);
  const client = clientOf(events)!;
  const mine = eventsOf(events, client.id);
  // The client's own notifications carry the call's states, reduced to the call's identity and state.
  const notified = mine.filter((e) => e.name === 'telnyx.notification').map((e) => e.data as { type?: string; call?: { id?: string; state?: string } });
  expect(notified.some((n) => n.type === 'callUpdate' && n.call?.id === callId && n.call.state === 'active')).toBe(true);
  expect(notified.some((n) => n.type === 'callUpdate' && n.call?.id === callId && (n.call.state === 'hangup' || n.call.state === 'destroy'))).toBe(true);
  const sampled = mine.filter((e) => e.name.startsWith('call.') && (e.data as { id?: string }).id === callId).map((e) => e.name);
  expect(sampled[0]).toBe('call.added');
  expect(sampled.at(-1)).toBe('call.removed');
  const state = deriveSdkState(client, mine);
  expect(state).toMatchObject({ ready: true, connected: true, errors: 0, calls: {} });
  expect(JSON.stringify(mine)).not.toContain('secret-pw');
  await page.close();
});
