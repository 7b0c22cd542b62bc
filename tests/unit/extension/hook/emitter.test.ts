import { describe, expect, it } from 'vitest';
import { HOOK_MESSAGE_SOURCE, HOOK_SYNC_EVENT } from '../../../../core/messages/versions.js';
import { LIMITS, type CaptureEvent } from '../../../../core/capture/events.js';
import type { HookBatch } from '../../../../core/messages/hook-bridge.js';
import { createEmitter } from '../../../../extension/hook/emitter.js';
import { checkHookBatch } from '../../../../core/messages/hook-bridge.js';
import { parseBatchEvents } from '../../../../core/capture/validate.js';

/** Stand-ins for the DOM classes whose getters the emitter saves (persisted, visibilityState). */
class FakePageTransitionEvent {
  constructor(readonly p: boolean) {}
  get persisted() {
    return this.p;
  }
}
class FakeDocument {
  state = 'visible';
  get visibilityState() {
    return this.state;
  }
}

/**
 * Just enough of a window for the emitter: postMessage (a later task: `posted`), dispatchEvent of
 * its synchronous hand-off (`handed`, in the same call), timers, clock, page lifecycle events.
 */
function fakeWindow() {
  const posted: HookBatch[] = [];
  const handed: HookBatch[] = [];
  const timers: (() => void)[] = [];
  const listeners: Record<string, ((e?: unknown) => void)[]> = {};
  let clock = 1.5;
  const document = new FakeDocument();
  const win = {
    postMessage: (m: HookBatch) => posted.push(structuredClone(m)),
    dispatchEvent: (e: { type: string; detail: HookBatch }) => {
      if (e.type === HOOK_SYNC_EVENT) handed.push(structuredClone(e.detail));
      return true;
    },
    CustomEvent: class {
      detail: unknown;
      constructor(readonly type: string, init: { detail?: unknown }) {
        this.detail = init.detail;
      }
    },
    PageTransitionEvent: FakePageTransitionEvent,
    Document: FakeDocument,
    document,
    setTimeout: (fn: () => void) => timers.push(fn),
    performance: { now: () => clock, timeOrigin: 1_700_000_000_000 },
    addEventListener: (type: string, fn: () => void) => (listeners[type] ||= []).push(fn),
    crypto: globalThis.crypto,
  };
  return {
    win: win as unknown as Window & typeof globalThis,
    posted,
    handed,
    document,
    advance: (ms: number) => (clock += ms),
    runTimers: () => timers.splice(0).forEach((f) => f()),
    fire: (type: string, e?: unknown) => listeners[type]?.forEach((f) => f(e)),
  };
}

/** The events of a posted batch as the service worker reads them; every one must be valid. */
function events(b: HookBatch): CaptureEvent[] {
  const r = parseBatchEvents(b.json, b.n);
  expect(r.invalid).toBe(0);
  expect(r.events).toHaveLength(b.n);
  return r.events;
}

const notice = (n: number): CaptureEvent => ({ kind: 'hook.notice', t: n, level: 'info', code: 'c', message: `m${n}` });

describe('hook emitter', () => {
  it('announces its docId with an empty batch at once, before any page script could post', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    expect(w.posted).toEqual([{ source: HOOK_MESSAGE_SOURCE, v: 2, docId: em.docId, seq: 1, n: 0, json: '[]' }]);
    expect(em.docId).toMatch(/^[a-z0-9]{18}$/);
  });

  it('batches events until the flush timer, with increasing seq, in a shape the bridge accepts', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    em.emit(notice(1));
    em.emit(notice(2));
    expect(w.posted).toHaveLength(1);
    w.runTimers();
    em.emit(notice(3));
    w.runTimers();
    expect(w.posted.map((b) => [b.seq, b.n, events(b).length])).toEqual([
      [1, 0, 0],
      [2, 2, 2],
      [3, 1, 1],
    ]);
    for (const b of w.posted) expect(checkHookBatch(b).ok).toBe(true);
    expect(events(w.posted[1]!)).toEqual([notice(1), notice(2)]);
  });

  it('flushes early at the event limit', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    for (let i = 0; i < LIMITS.maxBatchEvents; i++) em.emit(notice(i));
    expect(events(w.posted.at(-1)!)).toHaveLength(LIMITS.maxBatchEvents);
  });

  it('on pagehide hands the last events and a page.hide over synchronously, not as a message that would never be delivered', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    em.emit(notice(1));
    w.fire('pagehide', new FakePageTransitionEvent(false));
    expect(w.posted).toHaveLength(1); // only the announcement
    expect(w.handed).toHaveLength(1);
    expect(checkHookBatch(w.handed[0]!).ok).toBe(true);
    const evs = events(w.handed[0]!);
    expect(evs[0]).toEqual(notice(1));
    expect(evs[1]).toMatchObject({ kind: 'page.hide', docId: em.docId, persisted: false });
    // Events after pagehide (the page's own pagehide handlers closing sockets) go at once too, in seq order.
    em.emit(notice(2));
    expect(w.handed.map((b) => b.seq)).toEqual([2, 3]);
    expect(events(w.handed[1]!)).toEqual([notice(2)]);
  });

  it('after a back/forward cache restore, batching by timer resumes', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    w.fire('pagehide', new FakePageTransitionEvent(true));
    expect(events(w.handed[0]!)[0]).toMatchObject({ kind: 'page.hide', persisted: true });
    w.fire('pageshow', new FakePageTransitionEvent(true));
    em.emit(notice(1));
    expect(w.handed).toHaveLength(1);
    w.runTimers();
    expect(events(w.posted.at(-1)!)).toEqual([notice(1)]);
  });

  it('hands over synchronously when the page is frozen or hidden, not when it becomes visible', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    em.emit(notice(1));
    w.fire('visibilitychange');
    expect(w.handed).toHaveLength(0);
    w.document.state = 'hidden';
    w.fire('visibilitychange');
    expect(w.handed.flatMap(events)).toEqual([notice(1)]);
    em.emit(notice(2));
    w.fire('freeze');
    expect(w.handed.flatMap(events)).toEqual([notice(1), notice(2)]);
    // Nothing is left for the timer: each event is sent once.
    w.runTimers();
    expect(w.posted).toHaveLength(1);
  });

  it('hands batches posted lately over again first, so the bridge gets every seq in order even if their messages never run', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    em.emit(notice(1));
    w.runTimers();
    w.advance(5000);
    em.emit(notice(2));
    w.runTimers();
    em.emit(notice(3));
    w.fire('pagehide', new FakePageTransitionEvent(false));
    // seq 2 (notice 1) is long delivered; seq 3 (notice 2) was posted just now and goes again.
    expect(w.posted.map((b) => b.seq)).toEqual([1, 2, 3]);
    expect(w.handed.map((b) => b.seq)).toEqual([3, 4]);
    expect(events(w.handed[0]!)).toEqual([notice(2)]);
    // Handed over once: a later hand-off does not repeat it.
    em.emit(notice(4));
    expect(w.handed.map((b) => b.seq)).toEqual([3, 4, 5]);
  });

  it('flushes early before a batch of big frames could exceed the bridge byte limit', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    const text = 'x'.repeat(LIMITS.maxFrameText);
    for (let i = 0; i < 20; i++) em.emit({ kind: 'ws.frame', t: i, id: 'a', dir: 'sent', size: text.length, binary: false, text });
    w.runTimers();
    const batches = w.posted.slice(1);
    expect(batches.reduce((n, b) => n + events(b).length, 0)).toBe(20);
    for (const b of batches) expect(checkHookBatch(b).ok).toBe(true);
  });

  it('ids are unique per prefix and carry the docId; time is epoch ms', () => {
    const em = createEmitter(fakeWindow().win);
    expect([em.nextId('ws'), em.nextId('ws'), em.nextId('pc')]).toEqual([`${em.docId}:ws-1`, `${em.docId}:ws-2`, `${em.docId}:pc-1`]);
    expect(em.now()).toBe(1_700_000_000_001.5);
  });

  it('splits a batch whose JSON text came out above the byte limit, losing nothing', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    // Quotes double in JSON, so the emitter's size estimate is low by about 2x for this text.
    const text = '"'.repeat(LIMITS.maxFrameText);
    const n = Math.ceil(LIMITS.maxBatchBytes / (2 * text.length)) + 4;
    for (let i = 0; i < n; i++) em.emit({ kind: 'ws.frame', t: i, id: 'a', dir: 'sent', size: text.length, binary: false, text });
    w.runTimers();
    const batches = w.posted.slice(1);
    for (const b of batches) expect(checkHookBatch(b).ok).toBe(true);
    expect(batches.flatMap((b) => events(b).map((e) => e.t))).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 2));
  });

  it('writes the same JSON when the page has put toJSON on Object.prototype and Array.prototype', () => {
    const ev: CaptureEvent = {
      kind: 'pc.result',
      t: 1.25,
      id: 'p',
      method: 'createOffer',
      ok: true,
      durationMs: 3,
      value: { type: 'offer', sdp: 'v=0\r\n"q"', nested: [1, null, { a: [true, false] }], inf: null },
    };
    const plain = fakeWindow();
    createEmitter(plain.win).emit(ev);
    plain.runTimers();
    const proto = Object.prototype as unknown as Record<string, unknown>;
    const arr = Array.prototype as unknown as Record<string, unknown>;
    proto.toJSON = () => 'page object';
    arr.toJSON = function (this: unknown[]) {
      return 'page array';
    };
    try {
      const w = fakeWindow();
      createEmitter(w.win).emit(ev);
      w.runTimers();
      expect(w.posted[1]!.json).toBe(plain.posted[1]!.json);
      expect(events(w.posted[1]!)).toEqual([ev]);
    } finally {
      delete proto.toJSON;
      delete arr.toJSON;
    }
  });

  it('marks the batches that hold SDK events, and only those, for the bridge\'s command relay', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    em.emit(notice(1));
    w.runTimers();
    em.emit(notice(2));
    em.emit({ kind: 'sdk.found', t: 3, id: 's1', sdk: 'telnyx', version: '2', via: 'constructor' });
    w.runTimers();
    em.emit({ kind: 'sdk.event', t: 4, id: 's1', name: 'command.result', data: null });
    w.runTimers();
    em.emit(notice(5));
    w.runTimers();
    expect(w.posted.slice(1).map((b) => b.sdk ?? false)).toEqual([false, true, true, false]);
  });
});

describe('a page cannot read batches through its own prototypes (issue 17)', () => {
  it('a setter or getter a page puts on Object.prototype never receives a batch, its docId or seq', () => {
    const w = fakeWindow();
    const seen: unknown[] = [];
    const names = ['sdk', 'source', 'v', 'docId', 'seq', 'n', 'json', 'detail', 'bubbles', 'cancelable', 'composed'];
    const saved = names.map((k) => [k, Object.getOwnPropertyDescriptor(Object.prototype, k)] as const);
    for (const k of names) {
      Object.defineProperty(Object.prototype, k, {
        configurable: true,
        set(v) {
          seen.push([k, v]);
        },
        get() {
          seen.push([k, 'read']);
          return undefined;
        },
      });
    }
    try {
      const em = createEmitter(w.win);
      em.emit({ kind: 'sdk.found', t: 1, id: 'sdk-1', sdk: 'telnyx', version: '1', via: 'global' } as CaptureEvent);
      w.runTimers();
    } finally {
      for (const [k, d] of saved) {
        if (d) Object.defineProperty(Object.prototype, k, d);
        else delete (Object.prototype as Record<string, unknown>)[k];
      }
    }
    // The batch went out, flagged as holding SDK events…
    expect(w.posted.some((b) => b.sdk === true && b.n === 1)).toBe(true);
    // …and no page accessor ever ran with it.
    expect(seen).toEqual([]);
  });
});
