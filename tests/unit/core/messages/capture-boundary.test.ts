/**
 * Property-based tests of everything that crosses the page -> bridge -> worker boundary: the
 * validators never throw and never let a malformed event through; the worker's store never stores a
 * batch twice nor passes its cap, and counts what it refuses; the bridge outbox delivers every batch
 * exactly once, in order, whatever the worker stops and restarts do in between.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOOK_MESSAGE_SOURCE, HOOK_PROTOCOL_VERSION } from '../../../../core/messages/versions.js';
import { LIMITS, type CaptureEvent } from '../../../../core/capture/events.js';
import { checkHookBatch } from '../../../../core/messages/hook-bridge.js';
import { isCaptureEvent, parseBatchEvents } from '../../../../core/capture/validate.js';
import { parseBridgeMessage } from '../../../../core/messages/bridge-worker.js';
import { parsePanelMessage } from '../../../../core/messages/panel-worker.js';
import { TabCaptureStore, docBytes, eventBytes } from '../../../../core/capture/store.js';
import { createOutbox } from '../../../../extension/bridge/outbox.js';
import type { PortLike } from '../../../../core/messages/channel.js';
import type { BridgeBatch, BridgeHello } from '../../../../core/messages/bridge-worker.js';

const RUNS = 2000;

/** Valid events of a few kinds, plus hostile strings where text goes. */
const hostile = fc.oneof(fc.string(), fc.constantFrom('<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '\uD800', '\u202E', '{"__proto__":{"x":1}}'));
const validEvent: fc.Arbitrary<CaptureEvent> = fc.oneof(
  fc.record({ kind: fc.constant('ws.create' as const), t: fc.double({ noNaN: true, noDefaultInfinity: true }), id: hostile, url: hostile, protocols: fc.array(fc.string(), { maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('ws.frame' as const),
    t: fc.double({ noNaN: true, noDefaultInfinity: true }),
    id: fc.string(),
    dir: fc.constantFrom('sent' as const, 'received' as const),
    size: fc.nat(),
    binary: fc.boolean(),
    text: hostile,
  }),
  fc.record({ kind: fc.constant('hook.notice' as const), t: fc.double({ noNaN: true, noDefaultInfinity: true }), level: fc.constantFrom('info' as const, 'warn' as const), code: fc.string(), message: hostile }),
) as fc.Arbitrary<CaptureEvent>;

/** A valid event with one field replaced by something of another type, or a field removed. */
const brokenEvent = fc.tuple(validEvent, fc.constantFrom('t', 'kind', 'id', 'size', 'dir', 'level', 'binary'), fc.oneof(fc.anything(), fc.constant(undefined))).map(([ev, key, val]) => {
  const copy: Record<string, unknown> = { ...ev };
  if (val === undefined) delete copy[key];
  else copy[key] = val;
  return copy;
});

const docId = fc.stringMatching(/^[a-z0-9]{6,18}$/);

describe('validators at the trust boundary', () => {
  it('the bridge\'s envelope check never throws, and passes on only plausible envelopes', () => {
    const batch = fc.record({
      source: fc.oneof(fc.constant(HOOK_MESSAGE_SOURCE), fc.anything()),
      v: fc.oneof(fc.constant(HOOK_PROTOCOL_VERSION), fc.anything()),
      docId: fc.oneof(docId, fc.anything()),
      seq: fc.oneof(fc.integer({ min: -2, max: 1e6 }), fc.anything()),
      n: fc.oneof(fc.integer({ min: -2, max: LIMITS.maxBatchEvents + 2 }), fc.anything()),
      json: fc.oneof(fc.string(), fc.anything()),
    });
    fc.assert(
      fc.property(fc.oneof(batch, fc.anything()), (data) => {
        const r = checkHookBatch(data);
        if (!r.ok) {
          expect(typeof r.reason).toBe('string');
          expect(r.events).toBeGreaterThanOrEqual(1);
          expect(r.events).toBeLessThanOrEqual(LIMITS.maxBatchEvents);
          return;
        }
        expect(typeof r.batch.json).toBe('string');
        expect(r.batch.json.length).toBeLessThanOrEqual(LIMITS.maxBatchBytes);
        expect(r.batch.seq).toBeGreaterThanOrEqual(1);
        expect(Number.isSafeInteger(r.batch.n) && r.batch.n >= 0 && r.batch.n <= LIMITS.maxBatchEvents).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('the worker\'s event parser never throws, and keeps only well-formed events, counted exactly', () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.array(fc.oneof(validEvent, brokenEvent, fc.anything()), { maxLength: 30 }).map((a) => JSON.stringify(a) ?? ''),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 50 }), (json, claimed) => {
        const r = parseBatchEvents(json, claimed);
        expect(r.events.every(isCaptureEvent)).toBe(true);
        let arr: unknown;
        try {
          arr = JSON.parse(json);
        } catch {
          arr = undefined;
        }
        if (Array.isArray(arr)) expect(r.events.length + r.invalid).toBe(arr.length);
        else expect(r).toMatchObject({ events: [], invalid: Math.max(1, claimed) });
      }),
      { numRuns: RUNS },
    );
  });

  it('a well-formed batch is accepted whole, and each broken event is dropped alone', () => {
    const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v) ?? 'null');
    fc.assert(
      fc.property(docId, fc.integer({ min: 1, max: 1e9 }), fc.array(validEvent, { maxLength: 20 }), fc.array(brokenEvent, { maxLength: 5 }), (id, seq, good, bad) => {
        const mixed = [...good, ...bad.filter((b) => !isCaptureEvent(roundTrip(b)))];
        const json = JSON.stringify(mixed);
        const env = checkHookBatch({ source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId: id, seq, n: mixed.length, json });
        expect(env.ok).toBe(true);
        const r = parseBatchEvents(json, mixed.length);
        expect(r.events).toEqual(roundTrip(good));
        expect(r.invalid).toBe(mixed.length - good.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('runtime-port message parsers never throw on anything', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), (m) => {
        parseBridgeMessage(m);
        parsePanelMessage(m);
        parseBridgeMessage({ type: 'batch', v: 2, docId: 'abcdef', seq: 1, n: 1, json: m });
        parsePanelMessage({ type: 'subscribe', v: 1, tabId: m });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the worker store under arbitrary batch orders', () => {
  type Op = { kind: 'batch'; doc: number; seq: number; events: CaptureEvent[]; sized: boolean } | { kind: 'hello'; doc: number; top: boolean } | { kind: 'clear' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('batch' as const), doc: fc.nat(3), seq: fc.integer({ min: 1, max: 12 }), events: fc.array(validEvent, { maxLength: 4 }), sized: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('hello' as const), doc: fc.nat(3), top: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
  );

  it('never stores a batch twice, never passes the cap, and counts every event it refuses', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 200, max: 4000 }), (ops, cap) => {
        const store = new TabCaptureStore(cap);
        const tab = 7;
        const accepted = new Set<string>();
        let offeredSinceReset = 0;
        let storedSinceReset = 0;
        for (const o of ops) {
          if (o.kind === 'hello') {
            const r = store.hello(tab, `doc${o.doc}`, 'https://x/', o.top, 0);
            if (r.reset) offeredSinceReset = storedSinceReset = 0;
          } else if (o.kind === 'clear') {
            store.clear(tab);
            offeredSinceReset = storedSinceReset = 0;
          } else {
            // As the worker gets it: fresh objects, and (sometimes) the batch's size known up front.
            const events = JSON.parse(JSON.stringify(o.events)) as CaptureEvent[];
            const sized = o.sized ? events.reduce((n, e) => n + eventBytes(e), 0) : undefined;
            const r = store.addBatch(tab, `doc${o.doc}`, o.seq, events, 0, sized);
            if (r.ignored) continue;
            const key = `doc${o.doc}:${o.seq}`;
            // A (doc, seq) is accepted at most once while the document stays current.
            expect(accepted.has(key)).toBe(false);
            accepted.add(key);
            offeredSinceReset += o.events.length;
            storedSinceReset += r.stored.length;
            expect(r.droppedByCap).toBe(o.events.length - r.stored.length);
          }
          const t = store.get(tab);
          if (!t) continue;
          // Documents count toward the cap too; only a top document (a new page load) may start past it.
          const topOnly = t.docs.length === 1 && t.docs[0]!.top && t.events.length === 0;
          if (!topOnly) expect(t.bytes).toBeLessThanOrEqual(cap);
          // Sizes are those of the events as the page sent them (without the doc the store adds), and of the documents.
          expect(t.bytes).toBe(t.events.reduce((n, { doc: _doc, ...e }) => n + eventBytes(e as CaptureEvent), 0) + t.docs.reduce((n, d) => n + docBytes(d), 0));
          expect(t.events.every((e) => t.docs.some((d) => d.docId === e.doc))).toBe(true);
          expect(t.events.every((e) => e.doc.startsWith('doc'))).toBe(true);
          expect(t.dropped.events).toBe(offeredSinceReset - storedSinceReset);
          // A document whose load was discarded may say hello again (restored from the back/forward cache); forget its old seqs.
          for (const id of t.retired) for (const k of [...accepted]) if (k.startsWith(`${id}:`)) accepted.delete(k);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('bridge outbox against a worker that keeps being stopped', () => {
  it('every batch reaches the store exactly once and in order, whatever the stops, delays and acks do', () => {
    // Steps the world can take between two sends.
    const step = fc.constantFrom('deliver', 'ack', 'stop', 'timers', 'nothing');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(step, { minLength: 1, maxLength: 200 }), (count, steps) => {
        const store = new TabCaptureStore();
        const timers: (() => void)[] = [];
        interface Port extends PortLike {
          inbox: unknown[];
          acks: number[];
          alive: boolean;
          ack: (m: unknown) => void;
          drop: () => void;
        }
        let current: Port | undefined;
        const connect = (): PortLike => {
          const onMsg: ((m: unknown) => void)[] = [];
          const onDisc: (() => void)[] = [];
          const p: Port = {
            inbox: [],
            acks: [],
            alive: true,
            postMessage(m) {
              if (!this.alive) throw new Error('Attempting to use a disconnected port object');
              this.inbox.push(structuredClone(m));
            },
            disconnect() {
              this.alive = false;
            },
            onMessage: { addListener: (fn) => void onMsg.push(fn) },
            onDisconnect: { addListener: (fn) => void onDisc.push(fn) },
            ack: (m) => onMsg.forEach((f) => f(m)),
            drop: () => onDisc.forEach((f) => f()),
          };
          current = p;
          return p;
        };
        const box = createOutbox({ connect, hello: () => ({ type: 'hello', v: 2, docId: 'doc', url: 'https://x/', top: true }), setTimeout: (fn) => void timers.push(fn) });
        const worker = {
          /** The worker handles what reached it; a stop loses what it had not handled yet. */
          deliver() {
            const p = current;
            if (!p?.alive) return;
            for (const m of p.inbox.splice(0)) {
              const b = m as BridgeBatch | BridgeHello;
              if (b.type === 'hello') store.hello(1, b.docId, 'https://x/', true, 0);
              else {
                // Stored or recognised as a resend: either way acknowledged, as the worker does.
                store.addBatch(1, b.docId, b.seq, parseBatchEvents(b.json, b.n).events);
                p.acks.push(b.seq);
              }
            }
          },
          ack() {
            const p = current;
            if (!p?.alive) return;
            for (const seq of p.acks.splice(0)) p.ack({ type: 'ack', v: 2, docId: 'doc', seq });
          },
          stop() {
            const p = current;
            if (!p?.alive) return;
            p.alive = false;
            p.drop();
          },
        };
        const run = (s: string) => {
          if (s === 'deliver') worker.deliver();
          else if (s === 'ack') worker.ack();
          else if (s === 'stop') worker.stop();
          else if (s === 'timers') timers.splice(0).forEach((f) => f());
        };
        let i = 0;
        for (let n = 1; n <= count; n++) {
          box.send({ type: 'batch', v: 2, docId: 'doc', seq: n, n: 1, json: JSON.stringify([{ kind: 'hook.notice', t: n, level: 'info', code: 'n', message: `event ${n}` }]) });
          run(steps[i++ % steps.length]!);
          run(steps[i++ % steps.length]!);
        }
        // Then the world settles: timers fire, the worker runs and acks until nothing is pending.
        for (let guard = 0; box.pending() > 0 && guard < 100; guard++) {
          timers.splice(0).forEach((f) => f());
          worker.deliver();
          worker.ack();
        }
        expect(box.pending()).toBe(0);
        expect(box.lost()).toEqual({ batches: 0, events: 0 });
        const got = store.get(1)!.events.map((e) => (e as { message: string }).message);
        expect(got).toEqual(Array.from({ length: count }, (_, k) => `event ${k + 1}`));
      }),
      { numRuns: RUNS },
    );
  });
});
