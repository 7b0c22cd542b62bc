import { describe, expect, it } from 'vitest';
import { createRecording } from '../../../../core/capture/recording.js';
import { HOOK_MESSAGE_SOURCE, HOOK_PROTOCOL_VERSION } from '../../../../core/messages/versions.js';
import type { HookBatch } from '../../../../core/messages/hook-bridge.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';

const DOC = 'abcdefghijkl';

function batch(seq: number, events: unknown[]): HookBatch {
  return { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId: DOC, seq, n: events.length, json: JSON.stringify(events) };
}

function frame(t: number, text: string): CaptureEvent {
  return { kind: 'ws.frame', t, id: `${DOC}:ws-1`, dir: 'sent', binary: false, size: text.length, text } as CaptureEvent;
}

describe('the recorder keeps the hook batches as the service worker would', () => {
  it('stores valid events with their document, counts malformed ones and skips a resent batch', () => {
    const r = createRecording();
    r.hello(DOC, 'https://app.example/call', 1000, 'Call');
    r.deliver(batch(1, [{ kind: 'ws.create', t: 1, id: `${DOC}:ws-1`, url: 'wss://x.example', protocols: [] }, frame(2, 'hi'), { kind: 'nope' }]));
    r.deliver(batch(1, [frame(3, 'again')]));
    expect(r.events().map((e) => e.kind)).toEqual(['ws.create', 'ws.frame']);
    expect(r.events().every((e) => e.doc === DOC)).toBe(true);
    expect(r.docs()).toEqual([expect.objectContaining({ docId: DOC, url: 'https://app.example/call', top: true, title: 'Call' })]);
    expect(r.dropped().byKind.invalid).toBe(1);
  });

  it('drops what goes beyond the cap and counts it by kind, keeping what came first', () => {
    const r = createRecording(2000);
    r.hello(DOC, 'https://app.example/', 1000);
    for (let i = 1; i <= 20; i++) r.deliver(batch(i, [frame(i, 'x'.repeat(300))]));
    expect(r.bytes()).toBeLessThanOrEqual(2000);
    const kept = r.events().length;
    expect(kept).toBeGreaterThan(0);
    expect(kept + r.dropped().byKind['ws.frame']!).toBe(20);
    expect(r.events()[0]!.t).toBe(1);
  });
});
