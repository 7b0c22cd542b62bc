/**
 * The panel's preflight run in the inspected page: message validation, where-it-ran marking, and
 * the whole path in one process (panel observable -> worker port relay -> top-frame bridge ->
 * runner module) with ports that behave like the extension's (async, cloned, disconnect seen by the other end).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { fileURLToPath } from 'node:url';
import { configFromFields, EMPTY_FIELDS } from '../../../../core/preflight/config.js';
import type { CheckResult, PreflightEvent } from '../../../../core/preflight/types.js';
import { PREFLIGHT_PORT } from '../../../../core/messages/versions.js';
import { parsePreflightRelay, parsePreflightReply, parsePreflightStart } from '../../../../core/messages/preflight.js';
import { parseWireConfig, placeEvent, toWireConfig } from '../../../../core/preflight/remote.js';
import { onPreflightPort } from '../../../../extension/background/preflight.js';
import { installPreflightRelay } from '../../../../extension/bridge/preflight.js';
import { runPreflightInPage } from '../../../../extension/panel-api/pagePreflight.js';
import { calls } from '../../../fixtures/preflight/fakeRunner.js';

type Fn = (m?: unknown) => void;
interface FakePort {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: Fn): void };
  onDisconnect: { addListener(fn: Fn): void };
}

interface End extends FakePort {
  msg: Fn[];
  disc: Fn[];
  open: boolean;
  peer?: End;
}

/** Two connected ends; messages arrive later and cloned; disconnect tells only the other end. */
function portPair(name: string, senderOfA?: FakePort['sender']): [FakePort, FakePort] {
  const make = (): End => {
    const p: End = {
      name,
      msg: [],
      disc: [],
      open: true,
      postMessage(m: unknown) {
        if (!p.open) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(m);
        setTimeout(() => p.peer?.open && p.peer.msg.forEach((f) => f(copy)), 0);
      },
      disconnect() {
        if (!p.open) return;
        p.open = false;
        const peer = p.peer!;
        setTimeout(() => {
          if (!peer.open) return;
          peer.open = false;
          peer.disc.forEach((f) => f());
        }, 0);
      },
      onMessage: { addListener: (f: Fn) => void p.msg.push(f) },
      onDisconnect: { addListener: (f: Fn) => void p.disc.push(f) },
    };
    return p;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  // The receiving end reports who opened the port.
  if (senderOfA) b.sender = senderOfA;
  return [a, b];
}

const EXT = 'chrome-extension://abc/';
const RUNNER = fileURLToPath(new URL('../../../fixtures/preflight/fakeRunner.ts', import.meta.url));

function world(opts: { top?: boolean; runnerUrl?: string; senderUrl?: string; noBridge?: boolean } = {}) {
  const bridgeConnect: ((p: FakePort) => void)[] = [];
  if (!opts.noBridge) installPreflightRelay({ runtime: { id: 'abc', getURL: () => opts.runnerUrl ?? RUNNER, onConnect: { addListener: (f: (p: FakePort) => void) => bridgeConnect.push(f) } } } as never, opts.top ?? true);
  const tabConnects: { tabId: number; frameId?: number }[] = [];
  const browser = {
    runtime: { id: 'abc', getURL: (p: string) => EXT + p },
    tabs: {
      connect(tabId: number, info: { name: string; frameId?: number }) {
        tabConnects.push({ tabId, frameId: info.frameId });
        const [worker, bridge] = portPair(info.name, { id: 'abc' });
        setTimeout(() => (bridgeConnect.length ? bridgeConnect.forEach((f) => f(bridge)) : bridge.disconnect()), 0);
        return worker;
      },
    },
  };
  const connect = (name: string) => {
    const [panel, worker] = portPair(name, { id: 'abc', url: opts.senderUrl ?? `${EXT}panel.html?tabId=7` });
    onPreflightPort(worker as never, browser as never);
    return panel;
  };
  return { connect, tabConnects };
}

const config = () => configFromFields({ ...EMPTY_FIELDS, stun: 'stun:127.0.0.1:3478', turn: 'turn:127.0.0.1:3478', user: 'u', pass: 'S3cret' }).config;

afterEach(() => {
  calls.started.length = 0;
  calls.cancelled = 0;
});

describe('preflight messages', () => {
  it('a form config crosses the wire intact, without functions or AudioContext', () => {
    const c = { ...config(), signalingPing: (n: number) => String(n), signalingUrl: 'wss://sig.example/ws' };
    const wire = toWireConfig(c);
    expect('signalingPing' in wire).toBe(false);
    expect(parseWireConfig(wire)).toEqual(wire);
    expect(wire.iceServers[1]).toEqual({ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'S3cret' });
  });

  it('refuses configs a page could abuse or that make no sense', () => {
    const ok = toWireConfig(config());
    expect(parseWireConfig({ ...ok, signalingUrl: 'javascript:alert(1)' })).toBeNull();
    expect(parseWireConfig({ ...ok, iceServers: [{ urls: 'http://x' }] })).toBeNull();
    expect(parseWireConfig({ ...ok, iceServers: Array.from({ length: 21 }, () => ({ urls: 'stun:a' })) })).toBeNull();
    expect(parseWireConfig({ ...ok, durations: { ...ok.durations, qualityMs: 1e9 } })).toBeNull();
    expect(parseWireConfig({ ...ok, only: ['permissions', 'rm -rf'] })).toBeNull();
    expect(parseWireConfig({ ...ok, resolutions: [{ width: -1, height: 2 }] })).toBeNull();
    expect(parseWireConfig(null)).toBeNull();
  });

  it('a start needs a tab id only on the panel hop, where it travels whole inside the relay request', () => {
    const m = { type: PREFLIGHT_PORT, v: 1, op: 'start', runId: 'r1', config: toWireConfig(config()) };
    const relay = { type: PREFLIGHT_PORT, v: 1, op: 'relay', message: m };
    expect(parsePreflightRelay(relay)).toBeNull();
    expect(parsePreflightRelay({ ...relay, tabId: 3 })?.tabId).toBe(3);
    expect(parsePreflightRelay({ ...relay, tabId: 3 })?.message.runId).toBe('r1');
    expect(parsePreflightRelay({ ...relay, tabId: 3, message: { ...m, v: 2 } })).toBeNull();
    expect(parsePreflightStart(m)?.runId).toBe('r1');
    expect(parsePreflightStart({ ...m, v: 2 })).toBeNull();
  });

  it("replies of another run or of unknown shape are dropped", () => {
    const ev = { type: 'rtc-devtools/preflight', v: 1, op: 'event', runId: 'r1', event: { type: 'progress', id: 'ice', fraction: 0.3 } };
    expect(parsePreflightReply(ev, 'r1')?.op).toBe('event');
    expect(parsePreflightReply(ev, 'r2')).toBeNull();
    expect(parsePreflightReply({ ...ev, event: { type: 'evil' } }, 'r1')).toBeNull();
    expect(parsePreflightReply({ ...ev, event: { type: 'progress', id: 'ice', fraction: 0.1, pad: 'x'.repeat(600_000) } }, 'r1')).toBeNull();
  });
});

describe('placeEvent', () => {
  const mic: CheckResult = { id: 'microphone', title: 'Microphone', status: 'skip', summary: 'audio did not start', metrics: { audioContext: 'suspended' }, advice: ['Start the check with the Run button'], durationMs: 1500 };
  const perms: CheckResult = { id: 'permissions', title: 'Access', status: 'pass', summary: 'ok', metrics: { camera: 'granted' }, advice: [], durationMs: 3 };

  it('puts the origin on the permissions check and the result', () => {
    const done = placeEvent({ type: 'done', result: { version: 1, startedAt: 0, durationMs: 1, verdict: 'pass', verdictText: '', cancelled: false, config: {} as never, checks: [perms] } }, { where: 'page', origin: 'https://app.example' });
    expect(done.type === 'done' && done.result).toMatchObject({ ranIn: { where: 'page', origin: 'https://app.example' }, checks: [{ metrics: { camera: 'granted', origin: 'https://app.example' } }] });
    expect(perms.metrics.origin).toBeUndefined();
  });

  it('a suspended audio engine in the page asks for a click in that page, not on Run', () => {
    const inPage = placeEvent({ type: 'check-done', result: mic }, { where: 'page', origin: 'https://app.example' });
    expect(inPage.type === 'check-done' && inPage.result.advice.join(' ')).toMatch(/Click once anywhere in that page/);
    const here = placeEvent({ type: 'check-done', result: mic }, { where: 'extension', origin: EXT });
    expect(here.type === 'check-done' && here.result.advice).toEqual(mic.advice);
  });
});

describe('panel -> worker -> page bridge', () => {
  it('streams every event of the run in the page and completes; the tab is reached at its top frame', async () => {
    const w = world();
    const events = await lastValueFrom(runPreflightInPage(7, config(), w.connect).pipe(toArray()));
    expect(events.map((e: PreflightEvent) => e.type)).toEqual(['start', 'progress', 'check-done', 'done']);
    expect(w.tabConnects).toEqual([{ tabId: 7, frameId: 0 }]);
    // Credentials reach the runner (it needs them for TURN) and nothing else is added.
    expect(calls.started[0]!.iceServers[1]!.credential).toBe('S3cret');
  });

  it('unsubscribing cancels the run in the page', async () => {
    const w = world();
    const cfg = { ...config(), signalingUrl: 'ws://hang.invalid/' };
    const first = await firstValueFrom(runPreflightInPage(7, cfg, w.connect));
    expect(first.type).toBe('start');
    await expect.poll(() => calls.cancelled).toBe(1);
  });

  it("a failure in the page reaches the panel as the run's error", async () => {
    const w = world();
    await expect(lastValueFrom(runPreflightInPage(7, { ...config(), signalingUrl: 'ws://fail.invalid/' }, w.connect))).rejects.toThrow('boom in the page');
  });

  it('a runner that cannot be loaded says so', async () => {
    const w = world({ runnerUrl: '/nonexistent/preflight-runner.js' });
    await expect(lastValueFrom(runPreflightInPage(7, config(), w.connect))).rejects.toThrow(/could not start in the page/);
  });

  it('a tab without a bridge (or a sub-frame only) ends with a readable error, not a hang', async () => {
    await expect(lastValueFrom(runPreflightInPage(7, config(), world({ noBridge: true }).connect))).rejects.toThrow(/went away|no RTC DevTools bridge/);
    await expect(lastValueFrom(runPreflightInPage(7, config(), world({ top: false }).connect))).rejects.toThrow(/went away|no RTC DevTools bridge/);
    expect(calls.started).toHaveLength(0);
  });

  it('a content script cannot start a run', async () => {
    const w = world({ senderUrl: 'https://evil.example/' });
    await expect(lastValueFrom(runPreflightInPage(7, config(), w.connect))).rejects.toThrow(/stopped relaying/);
    expect(w.tabConnects).toHaveLength(0);
  });
});
