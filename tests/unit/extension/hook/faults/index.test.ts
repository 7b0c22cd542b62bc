import { describe, expect, it } from 'vitest';
import { armedCount, installFaultListener, registerFaultHandler } from '../../../../../extension/hook/faults/index.js';
import type { Emitter } from '../../../../../extension/hook/emitter.js';
import type { CaptureEvent } from '../../../../../core/capture/events.js';

class FakeMessageEvent extends Event {
  #data: unknown;
  #source: unknown;
  constructor(type: string, init: { data: unknown; source: unknown }) {
    super(type);
    this.#data = init.data;
    this.#source = init.source;
  }
  get data() {
    return this.#data;
  }
  get source() {
    return this.#source;
  }
}

function setup() {
  const win = new EventTarget() as EventTarget & Record<string, unknown>;
  win.top = win;
  win.MessageEvent = FakeMessageEvent;
  win.Event = Event;
  const events: CaptureEvent[] = [];
  const em = { docId: 'd', emit: (e: CaptureEvent) => events.push(e), now: () => 1, nextId: (p: string) => p, flush() {}, flushNow() {}, stop() {} } as Emitter;
  installFaultListener(win as never, em);
  const order = (order: unknown, source: unknown = win) => {
    const ev = new FakeMessageEvent('message', { data: { source: 'rtc-devtools-fault', v: 1, order }, source });
    let pageSaw = false;
    win.addEventListener('message', () => (pageSaw = true));
    win.dispatchEvent(ev);
    return pageSaw;
  };
  return { events, order };
}

describe('hook fault registry', () => {
  it('an armed fault reaches its handler; Stop runs its undo; both are recorded; the page never sees the order', () => {
    const calls: string[] = [];
    registerFaultHandler('block-udp', (fault, ctx) => {
      calls.push(`apply ${fault.kind}`);
      ctx.applied('pc-1', 'filtered');
      return () => calls.push('undo');
    });
    const { events, order } = setup();
    const pageSaw = order({ op: 'arm', armed: { id: 'f1', t: 0, fault: { kind: 'block-udp', params: {} } } });
    expect(pageSaw).toBe(false);
    expect(calls).toEqual(['apply block-udp']);
    expect(armedCount()).toBe(1);
    order({ op: 'stop' });
    expect(calls).toEqual(['apply block-udp', 'undo']);
    expect(armedCount()).toBe(0);
    expect(events.map((e) => e.kind)).toEqual(['fault.armed', 'fault.applied', 'fault.ended']);
    expect(events[2]).toMatchObject({ id: 'f1', reason: 'stopped' });
  });

  it('a handler that ends its fault at once is undone and recorded as done', () => {
    registerFaultHandler('end-camera-track', (_f, ctx) => {
      ctx.end();
      return () => undefined;
    });
    const { events, order } = setup();
    order({ op: 'arm', armed: { id: 'f2', t: 0, fault: { kind: 'end-camera-track', params: {} } } });
    expect(armedCount()).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'fault.ended', id: 'f2', reason: 'done' });
  });

  it('ignores orders from another window and malformed ones', () => {
    const calls: string[] = [];
    registerFaultHandler('force-relay', () => {
      calls.push('x');
    });
    const { order } = setup();
    order({ op: 'arm', armed: { id: 'f3', t: 0, fault: { kind: 'force-relay', params: {} } } }, {});
    order({ op: 'arm', armed: { id: 'f3', t: 0, fault: { kind: 'force-relay!', params: {} } } });
    expect(calls).toEqual([]);
  });
});
