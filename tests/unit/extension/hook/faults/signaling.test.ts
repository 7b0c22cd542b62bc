/**
 * Signaling faults on a stand-in WebSocket (an EventTarget with the platform's accessors), through
 * the real ws.ts wrapper and the real fault registry: what a page listener sees is what a page sees.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installWebSocketHook } from '../../../../../extension/hook/ws.js';
import { armFault, installFaultListener, stopFaults } from '../../../../../extension/hook/faults/index.js';
import * as signaling from '../../../../../extension/hook/faults/signaling.js';
import type { Emitter } from '../../../../../extension/hook/emitter.js';
import type { CaptureEvent } from '../../../../../core/capture/events.js';
import type { Fault } from '../../../../../core/simulate/faults.js';

class FakeCloseEvent extends Event {
  #i: { code: number; reason: string; wasClean: boolean };
  constructor(type: string, init: { code?: number; reason?: string; wasClean?: boolean } = {}) {
    super(type);
    this.#i = { code: init.code ?? 0, reason: init.reason ?? '', wasClean: init.wasClean ?? false };
  }
  get code() {
    return this.#i.code;
  }
  get reason() {
    return this.#i.reason;
  }
  get wasClean() {
    return this.#i.wasClean;
  }
}

const serverGot: string[] = [];
class FakeWebSocket extends EventTarget {
  #url: string;
  #rs = 0;
  constructor(url: string) {
    super();
    this.#url = url;
  }
  get url() {
    return this.#url;
  }
  get readyState() {
    return this.#rs;
  }
  get protocol() {
    return '';
  }
  get extensions() {
    return '';
  }
  send(d: string) {
    if (this.#rs === 1) serverGot.push(d);
  }
  close() {
    if (this.#rs >= 2) return;
    this.#rs = 2;
    setTimeout(() => {
      this.#rs = 3;
      this.dispatchEvent(new FakeCloseEvent('close', { code: 1005, wasClean: true }));
    }, 5);
  }
  // test side: the server
  open() {
    this.#rs = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(text: string) {
    this.dispatchEvent(new MessageEvent('message', { data: text }));
  }
}

const win = {
  WebSocket: FakeWebSocket,
  MessageEvent,
  CloseEvent: FakeCloseEvent,
  EventTarget,
  Event,
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (t: number) => clearTimeout(t),
  performance: { now: () => performance.now() },
  addEventListener() {},
  top: null as unknown,
} as unknown as typeof globalThis & { WebSocket: typeof FakeWebSocket };
(win as { top: unknown }).top = win;
const events: CaptureEvent[] = [];
let n = 0;
const em = { docId: 'd', emit: (e: CaptureEvent) => events.push(e), now: () => Date.now(), nextId: (p: string) => `d:${p}-${++n}`, flush() {}, flushNow() {}, stop() {} } as Emitter;
installWebSocketHook(win, em);
installFaultListener(win as never, em);

/** A page's socket: what its listeners saw, in order. */
function pageSocket(url = 'ws://127.0.0.1:9/?a=1') {
  const ws = new win.WebSocket(url) as unknown as FakeWebSocket;
  const saw: string[] = [];
  ws.addEventListener('message', (e) => saw.push(`message ${(e as MessageEvent).data}`));
  ws.addEventListener('error', () => saw.push('error'));
  ws.addEventListener('close', (e) => saw.push(`close ${(e as FakeCloseEvent).code} ${(e as FakeCloseEvent).wasClean}`));
  return { ws, saw };
}
let seq = 0;
const arm = (fault: Fault) => {
  const id = `f${++seq}`;
  armFault({ id, t: 0, fault });
  return id;
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  events.length = 0;
  serverGot.length = 0;
});
afterEach(() => {
  stopFaults();
  vi.runAllTimers();
  vi.useRealTimers();
});

describe('signaling faults', () => {
  it('nothing armed: no gate on the hot path', () => {
    expect(signaling.gate).toBeNull();
  });

  it('Drop connection: the page sees error then close 1006 unclean, never the quiet real close', () => {
    const { ws, saw } = pageSocket();
    ws.open();
    arm({ kind: 'drop-connection', params: { offlineS: 0 } });
    vi.advanceTimersByTime(50);
    expect(saw).toEqual(['error', 'close 1006 false']);
    expect(events.filter((e) => e.kind === 'ws.close')).toMatchObject([{ code: 1006, wasClean: false, initiator: 'remote' }]);
    expect(events.find((e) => e.kind === 'fault.applied')).toMatchObject({ action: 'dropped' });
    expect(events.find((e) => e.kind === 'fault.ended')).toMatchObject({ reason: 'done' });
    expect(signaling.gate).toBeNull();
  });

  it('Offline for (s): new sockets to the same place fail until it ends, then succeed', () => {
    const { ws } = pageSocket('ws://127.0.0.1:9/');
    ws.open();
    arm({ kind: 'drop-connection', params: { offlineS: 3 } });
    vi.advanceTimersByTime(50);
    const retry = pageSocket('ws://127.0.0.1:9/?voice_sdk_id=x');
    vi.advanceTimersByTime(50);
    expect(retry.saw).toEqual(['error', 'close 1006 false']);
    expect(events.some((e) => e.kind === 'fault.applied' && e.action === 'refused')).toBe(true);
    const other = pageSocket('ws://127.0.0.1:10/');
    vi.advanceTimersByTime(50);
    expect(other.saw).toEqual([]);
    vi.advanceTimersByTime(3000);
    expect(events.some((e) => e.kind === 'fault.ended' && e.reason === 'expired')).toBe(true);
    const later = pageSocket('ws://127.0.0.1:9/');
    vi.advanceTimersByTime(50);
    expect(later.saw).toEqual([]);
  });

  it('Withhold replies: the reply to a matching request and server pings never reach the page; others do', () => {
    const { ws, saw } = pageSocket();
    ws.open();
    arm({ kind: 'withhold-replies', params: { method: 'modify|signalwire\\.ping' } });
    ws.send('{"jsonrpc":"2.0","id":1,"method":"telnyx_rtc.modify","params":{}}');
    ws.send('{"jsonrpc":"2.0","id":2,"method":"telnyx_rtc.info","params":{}}');
    expect(serverGot).toHaveLength(2);
    ws.receive('{"jsonrpc":"2.0","id":1,"result":{}}');
    ws.receive('{"jsonrpc":"2.0","id":2,"result":{}}');
    ws.receive('{"jsonrpc":"2.0","id":"p","method":"signalwire.ping","params":{}}');
    expect(saw).toEqual(['message {"jsonrpc":"2.0","id":2,"result":{}}']);
    expect(events.filter((e) => e.kind === 'fault.applied' && e.action === 'withheld')).toHaveLength(2);
    // The capture shows what the page got: the withheld reply is no received frame.
    expect(events.filter((e) => e.kind === 'ws.frame' && e.dir === 'received')).toHaveLength(1);
  });

  it('a pattern the hook cannot compile (a forged order) arms nothing', () => {
    arm({ kind: 'withhold-replies', params: { method: '(' } });
    expect(events.at(-1)).toMatchObject({ kind: 'fault.ended', reason: 'done' });
    expect(signaling.gate).toBeNull();
  });

  it('Withhold replies, only the next N', () => {
    const { ws, saw } = pageSocket();
    ws.open();
    arm({ kind: 'withhold-replies', params: { method: 'ping', count: 1 } });
    ws.receive('{"id":"a","method":"signalwire.ping"}');
    ws.receive('{"id":"b","method":"signalwire.ping"}');
    expect(saw).toEqual(['message {"id":"b","method":"signalwire.ping"}']);
  });

  it('Delay frames: received frames reach the page late, in order, and the rest on Stop', () => {
    const { ws, saw } = pageSocket();
    ws.open();
    const id = arm({ kind: 'delay-frames', params: { dir: 'received', delayMs: 500 } });
    ws.receive('one');
    vi.advanceTimersByTime(100);
    ws.receive('two');
    expect(saw).toEqual([]);
    vi.advanceTimersByTime(420);
    expect(saw).toEqual(['message one']);
    stopFaults(id);
    expect(saw).toEqual(['message one', 'message two']);
    ws.receive('three');
    expect(saw).toEqual(['message one', 'message two', 'message three']);
  });

  it('Delay frames: sent frames leave late, in order', () => {
    const { ws } = pageSocket();
    ws.open();
    arm({ kind: 'delay-frames', params: { dir: 'sent', delayMs: 200 } });
    ws.send('a');
    ws.send('b');
    expect(serverGot).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(serverGot).toEqual(['a', 'b']);
    expect(events.filter((e) => e.kind === 'ws.frame' && e.dir === 'sent').map((e) => (e as { text?: string }).text)).toEqual(['a', 'b']);
  });
});
