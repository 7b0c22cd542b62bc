/**
 * What every SignalWire e2e test needs: coturn (the 4.0 beta only invites once it has a relay
 * candidate), the fake relay with the rig's far end attached, a static server for the demo pages
 * and the SDK bundles, and helpers that read the call's state off the demo page.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTurn, type TurnServer } from '../rig/coturn.js';
import { FarEndHub, startFarEnd, type FarEnd as FarEndPage } from '../rig/farend.js';
import { startHttp, type HttpRig } from '../rig/http.js';
import { startSignalWireServer, turnIceServer, type SignalWireServer, type SignalWireServerOptions, type SwFrame } from './signalwire.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface SwRig {
  turn: TurnServer;
  http: HttpRig;
  close(): Promise<void>;
}

export async function startSwRig(): Promise<SwRig> {
  const turn = await startTurn();
  const http = await startHttp({
    // /dist/recorder/: the in-app recorder's script-tag build, for the demo's ?recorder=1.
    mounts: { '/tests/demo/': resolve(ROOT, 'tests/demo'), '/node_modules/': resolve(ROOT, 'node_modules'), '/dist/recorder/': resolve(process.env.RTC_DIST || 'dist', 'recorder') },
  });
  return {
    turn,
    http,
    close: async () => {
      await http.close();
      await turn.stop();
    },
  };
}

export interface SwCall {
  server: SignalWireServer;
  hub: FarEndHub;
  farEnd: FarEndPage;
  close(): Promise<void>;
}

/** A fake relay whose far end is a page in `farEndBrowser` (never the browser under test). */
export async function startSwCall(rig: SwRig, farEndBrowser: Browser, opts: SignalWireServerOptions = {}): Promise<SwCall> {
  const hub = new FarEndHub();
  const server = await startSignalWireServer({
    farEnd: hub,
    iceServers: [turnIceServer(rig.turn)],
    ...opts,
  });
  const farEnd = await startFarEnd(`${server.url}/farend`, { browser: farEndBrowser });
  return {
    server,
    hub,
    farEnd,
    close: async () => {
      await farEnd.close();
      hub.close();
      await server.close();
    },
  };
}

/** Requests on the wire with no reply yet, "<dir> <method>", both directions; [] once the socket is quiet. */
export function unansweredRequests(frames: SwFrame[]): string[] {
  const answered = new Set(frames.filter((f) => f.kind === 'response').map((f) => `${f.conn}:${f.dir}:${JSON.stringify(f.id)}`));
  return frames
    .filter((f) => f.kind === 'request' && f.id !== undefined)
    .filter((f) => !answered.has(`${f.conn}:${f.dir === 'sent' ? 'received' : 'sent'}:${JSON.stringify(f.id)}`))
    .map((f) => `${f.dir} ${f.verto ?? f.method}`);
}

export function demoUrl(rig: SwRig, sdk: 'v3' | 'v4', server: SignalWireServer, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ host: server.url, ...extra });
  return `${rig.http.url}/tests/demo/signalwire-${sdk}/index.html?${q}`;
}

export async function text(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id}`).textContent()) ?? '';
}

/** Dials from the demo page and waits for ICE connected and audio flowing both ways. */
export async function dialAndConnect(page: Page): Promise<void> {
  await page.locator('#dial').click();
  await waitInCall(page);
}

/** Waits for the demo page's call to be up: status in-call, ICE connected, bytes flowing both ways. */
export async function waitInCall(page: Page): Promise<void> {
  await expect(page.locator('#status')).toHaveText('in-call', { timeout: 20000 });
  await expect(page.locator('#ice')).toHaveText(/^(connected|completed)$/, { timeout: 15000 });
  const first = Number(await text(page, 'bytes-received'));
  await expect.poll(async () => Number(await text(page, 'bytes-received')), { timeout: 10000 }).toBeGreaterThan(first);
  await expect.poll(async () => Number(await text(page, 'bytes-sent')), { timeout: 10000 }).toBeGreaterThan(0);
}

export async function hangUp(page: Page): Promise<void> {
  await page.locator('#hangup').click();
  await expect(page.locator('#status')).toHaveText('hungup', { timeout: 10000 });
  await expect(page.locator('#error')).toHaveText('none');
}
