import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../../../../core/capture/events.js';
import type { WorkerToPanel } from '../../../../../core/messages/panel-worker.js';
import { connectLive } from '../../../../../extension/panel/data/port-source.js';
import type { PortLike } from '../../../../../core/messages/channel.js';
import { PanelStore } from '../../../../../ui/data/store.js';

class FakePort implements PortLike {
  sent: unknown[] = [];
  private onMsg: ((m: unknown) => void)[] = [];
  private onDisc: (() => void)[] = [];
  disconnected = false;
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  disconnect() {
    this.disconnected = true;
  }
  onMessage = { addListener: (f: (m: unknown) => void) => void this.onMsg.push(f) };
  onDisconnect = { addListener: (f: () => void) => void this.onDisc.push(f) };
  deliver(m: unknown) {
    for (const f of this.onMsg) f(m);
  }
  die() {
    for (const f of this.onDisc) f();
  }
}

const frame = (n: number): StoredEvent => ({ kind: 'ws.frame', t: n, id: 'd:ws-1', dir: 'sent', size: 2, binary: false, text: '{}', doc: 'd' });
const dropped = { events: 0, bytes: 0, byKind: {} };
const snapshot = (events: StoredEvent[], done = true, tabId = 4): WorkerToPanel => ({ type: 'snapshot', v: 1, tabId, docs: [], events, dropped, preserveLog: false, done });

function setup() {
  const ports: FakePort[] = [];
  const store = new PanelStore();
  const live = connectLive(() => {
    const p = new FakePort();
    ports.push(p);
    return p;
  }, 4, store);
  return { ports, store, live };
}

afterEach(() => vi.useRealTimers());

describe('live connection to the service worker', () => {
  it('subscribes for its tab and fills the store from snapshot chunks, then live events', () => {
    const { ports, store } = setup();
    expect(ports[0]!.sent).toEqual([{ type: 'subscribe', v: 1, tabId: 4 }]);
    ports[0]!.deliver(snapshot([frame(1), frame(2)], false));
    expect(store.ready).toBe(false);
    ports[0]!.deliver(snapshot([frame(3)], true));
    expect(store.ready).toBe(true);
    expect(store.frames).toHaveLength(3);
    ports[0]!.deliver({ type: 'events', v: 1, tabId: 4, events: [frame(4)], dropped: { events: 5, bytes: 100, byKind: { 'ws.frame': 5 } } });
    expect(store.frames).toHaveLength(4);
    expect(store.dropped.events).toBe(5);
  });

  it('re-renders for a batch that only carries new drop counts', () => {
    const { ports, store } = setup();
    ports[0]!.deliver(snapshot([frame(1)]));
    const v = store.state$.value.version;
    ports[0]!.deliver({ type: 'events', v: 1, tabId: 4, events: [], dropped: { events: 7, bytes: 70, byKind: { 'ws.frame': 7 } } });
    expect(store.dropped.events).toBe(7);
    expect(store.state$.value.version).toBeGreaterThan(v);
  });

  it('ignores messages for another tab, of another version, or malformed', () => {
    const { ports, store } = setup();
    ports[0]!.deliver(snapshot([frame(1)], true, 99));
    ports[0]!.deliver({ ...snapshot([frame(1)]), v: 2 });
    ports[0]!.deliver('junk');
    ports[0]!.deliver(null);
    expect(store.frames).toHaveLength(0);
  });

  it('drops the view on clear and on a reload without preserve log, keeps it on a new frame document', () => {
    const { ports, store } = setup();
    ports[0]!.deliver(snapshot([frame(1)]));
    const gen = store.state$.value.generation;
    const doc = { docId: 'x', url: 'https://a/', top: false, loadId: 'l', startedAt: 1 };
    ports[0]!.deliver({ type: 'doc', v: 1, tabId: 4, doc, reset: false });
    expect(store.frames).toHaveLength(1);
    expect(store.docs).toEqual([doc]);
    ports[0]!.deliver({ type: 'doc', v: 1, tabId: 4, doc: { ...doc, top: true }, reset: true });
    expect(store.frames).toHaveLength(0);
    expect(store.state$.value.generation).toBeGreaterThan(gen);
    ports[0]!.deliver({ type: 'events', v: 1, tabId: 4, events: [frame(2)], dropped });
    ports[0]!.deliver({ type: 'cleared', v: 1, tabId: 4 });
    expect(store.frames).toHaveLength(0);
  });

  it('a document sent again (its title became known) replaces its entry instead of adding a second', () => {
    const { ports, store } = setup();
    ports[0]!.deliver(snapshot([]));
    const doc = { docId: 'x', url: 'https://a/', top: true, loadId: 'x', startedAt: 1 };
    ports[0]!.deliver({ type: 'doc', v: 1, tabId: 4, doc, reset: false });
    ports[0]!.deliver({ type: 'doc', v: 1, tabId: 4, doc: { ...doc, title: 'Support call' }, reset: false });
    expect(store.docs).toEqual([{ ...doc, title: 'Support call' }]);
    expect(store.loads().map((l) => l.title)).toEqual(['Support call']);
  });

  it('Clear keeps the page loads, so ids of a later load still read as that load', () => {
    const { ports, store } = setup();
    const a = { docId: 'a', url: 'https://a/', top: true, loadId: 'a', startedAt: 1 };
    const b = { docId: 'b', url: 'https://a/', top: true, loadId: 'b', startedAt: 2 };
    ports[0]!.deliver({ ...snapshot([]), docs: [a, b] });
    ports[0]!.deliver({ type: 'cleared', v: 1, tabId: 4 });
    expect(store.events).toHaveLength(0);
    expect(store.label('b:ws-1')).toBe('ws-1 · load 2');
  });

  it('a socket of an earlier load left open reads closed once the next load starts', () => {
    const { ports, store } = setup();
    const a = { docId: 'd', url: 'https://a/', top: true, loadId: 'd', startedAt: 0 };
    ports[0]!.deliver({ ...snapshot([{ kind: 'ws.create', t: 1, id: 'd:ws-1', url: 'wss://a/', protocols: [], doc: 'd' }, { kind: 'ws.open', t: 1.5, id: 'd:ws-1', protocol: '', extensions: '', doc: 'd' }, frame(2)]), docs: [a] });
    expect(store.model.sockets.get('d:ws-1')!.state).toBe('open');
    ports[0]!.deliver({ type: 'doc', v: 1, tabId: 4, doc: { docId: 'e', url: 'https://a/', top: true, loadId: 'e', startedAt: 50 }, reset: false });
    expect(store.model.sockets.get('d:ws-1')).toMatchObject({ state: 'closed', closedBy: 'unloaded', closedAt: 50 });
  });

  it('reconnects when the worker stops, and the new snapshot replaces (not duplicates) the old view', () => {
    vi.useFakeTimers();
    const { ports, store } = setup();
    ports[0]!.deliver(snapshot([frame(1), frame(2)]));
    ports[0]!.die();
    expect(ports).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(ports).toHaveLength(2);
    expect(ports[1]!.sent).toEqual([{ type: 'subscribe', v: 1, tabId: 4 }]);
    ports[1]!.deliver(snapshot([frame(1), frame(2), frame(3)]));
    expect(store.frames.map((f) => f.t)).toEqual([1, 2, 3]);
  });

  it('a snapshot cut off by a stopped worker is replaced whole by the next one', () => {
    vi.useFakeTimers();
    const { ports, store } = setup();
    ports[0]!.deliver(snapshot([frame(1), frame(2)], false));
    ports[0]!.die();
    vi.advanceTimersByTime(100);
    ports[1]!.deliver(snapshot([frame(1)], false));
    ports[1]!.deliver(snapshot([frame(2), frame(3)], true));
    expect(store.frames.map((f) => f.t)).toEqual([1, 2, 3]);
    expect(store.ready).toBe(true);
  });

  it('sends preserve-log and clear on the current port, and disconnects on close', () => {
    const { ports, live } = setup();
    live.send({ type: 'preserve-log', v: 1, tabId: 4, preserve: true });
    expect(ports[0]!.sent.at(-1)).toEqual({ type: 'preserve-log', v: 1, tabId: 4, preserve: true });
    live.close();
    expect(ports[0]!.disconnected).toBe(true);
  });
});
