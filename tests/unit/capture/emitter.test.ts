import { describe, expect, it } from 'vitest';
import { HOOK_MESSAGE_SOURCE, LIMITS, type CaptureEvent, type HookBatch } from '../../../core/capture/events.js';
import { createEmitter } from '../../../extension/hook/emitter.js';
import { validateBatch } from '../../../core/capture/validate.js';

/** Just enough of a window for the emitter: postMessage, timers, clock, pagehide. */
function fakeWindow() {
  const posted: HookBatch[] = [];
  const timers: (() => void)[] = [];
  const listeners: Record<string, (() => void)[]> = {};
  const win = {
    postMessage: (m: HookBatch) => posted.push(structuredClone(m)),
    setTimeout: (fn: () => void) => timers.push(fn),
    performance: { now: () => 1.5, timeOrigin: 1_700_000_000_000 },
    addEventListener: (type: string, fn: () => void) => (listeners[type] ||= []).push(fn),
    crypto: globalThis.crypto,
  };
  return {
    win: win as unknown as Window & typeof globalThis,
    posted,
    runTimers: () => timers.splice(0).forEach((f) => f()),
    fire: (type: string) => listeners[type]?.forEach((f) => f()),
  };
}

const notice = (n: number): CaptureEvent => ({ kind: 'hook.notice', t: n, level: 'info', code: 'c', message: `m${n}` });

describe('hook emitter', () => {
  it('announces its docId with an empty batch at once, before any page script could post', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    expect(w.posted).toEqual([{ source: HOOK_MESSAGE_SOURCE, v: 1, docId: em.docId, seq: 1, events: [] }]);
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
    expect(w.posted.map((b) => [b.seq, b.events.length])).toEqual([
      [1, 0],
      [2, 2],
      [3, 1],
    ]);
    for (const b of w.posted) expect(validateBatch(b).ok).toBe(true);
  });

  it('flushes early at the event limit and on pagehide', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    for (let i = 0; i < LIMITS.maxBatchEvents; i++) em.emit(notice(i));
    expect(w.posted.at(-1)!.events).toHaveLength(LIMITS.maxBatchEvents);
    em.emit(notice(1));
    w.fire('pagehide');
    expect(w.posted.at(-1)!.events).toHaveLength(1);
  });

  it('flushes early before a batch of big frames could exceed the bridge byte limit', () => {
    const w = fakeWindow();
    const em = createEmitter(w.win);
    const text = 'x'.repeat(LIMITS.maxFrameText);
    for (let i = 0; i < 20; i++) em.emit({ kind: 'ws.frame', t: i, id: 'a', dir: 'sent', size: text.length, binary: false, text });
    w.runTimers();
    const batches = w.posted.slice(1);
    expect(batches.reduce((n, b) => n + b.events.length, 0)).toBe(20);
    for (const b of batches) expect(validateBatch(b).ok).toBe(true);
  });

  it('ids are unique per prefix and carry the docId; time is epoch ms', () => {
    const em = createEmitter(fakeWindow().win);
    expect([em.nextId('ws'), em.nextId('ws'), em.nextId('pc')]).toEqual([`${em.docId}:ws-1`, `${em.docId}:ws-2`, `${em.docId}:pc-1`]);
    expect(em.now()).toBe(1_700_000_000_001.5);
  });
});
