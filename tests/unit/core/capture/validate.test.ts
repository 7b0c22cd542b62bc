import { describe, expect, it } from 'vitest';
import { HOOK_MESSAGE_SOURCE } from '../../../../core/messages/versions.js';
import { LIMITS, type CaptureEvent } from '../../../../core/capture/events.js';
import { checkHookBatch } from '../../../../core/messages/hook-bridge.js';
import { isCaptureEvent, parseBatchEvents } from '../../../../core/capture/validate.js';
import { parseBridgeMessage } from '../../../../core/messages/bridge-worker.js';
import { parsePanelMessage } from '../../../../core/messages/panel-worker.js';

const frame = (over: Record<string, unknown> = {}) => ({ kind: 'ws.frame', t: 1, id: 'd:ws-1', dir: 'sent', size: 5, binary: false, text: 'hello', ...over });
const batch = (events: unknown[], over: Record<string, unknown> = {}) => ({ source: HOOK_MESSAGE_SOURCE, v: 2, docId: 'abc123', seq: 1, n: events.length, json: JSON.stringify(events), ...over });

describe('checkHookBatch (the bridge, on the page thread)', () => {
  it('accepts a well-formed envelope and passes its JSON text on untouched', () => {
    const evs = [frame(), frame({ dir: 'received', text: 'world' })];
    const input = batch(evs);
    const r = checkHookBatch(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.batch.json).toBe(input.json);
    expect(r.batch.n).toBe(2);
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['wrong source', batch([], { source: 'someone-else' })],
    ['the old protocol (events as objects)', { source: HOOK_MESSAGE_SOURCE, v: 1, docId: 'abc123', seq: 1, events: [frame()] }],
    ['a newer protocol version', batch([frame()], { v: 3 })],
    ['missing version', batch([frame()], { v: undefined })],
    ['docId with markup', batch([], { docId: '<img src=x onerror=alert(1)>' })],
    ['docId too long', batch([], { docId: 'a'.repeat(65) })],
    ['seq zero', batch([], { seq: 0 })],
    ['seq not an integer', batch([], { seq: 1.5 })],
    ['seq a string', batch([], { seq: '1' })],
    ['events as objects instead of text', batch([], { json: [frame()] })],
    ['a negative count', batch([frame()], { n: -1 })],
    ['a count above the limit', batch([frame()], { n: LIMITS.maxBatchEvents + 1 })],
    ['a version that cannot become a string', batch([], { v: { toString: '' } })],
    ['a version with a throwing toString', batch([], { v: { toString: () => { throw new Error('page'); } } })],
  ])('rejects %s without throwing', (_label, input) => {
    const r = checkHookBatch(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.events).toBeGreaterThanOrEqual(1);
  });

  it('counts a refused batch by the events it claims, never less than one', () => {
    expect(checkHookBatch(batch([frame(), frame(), frame()], { v: 9 }))).toMatchObject({ ok: false, events: 3 });
    expect(checkHookBatch(batch([], { source: 'x' }))).toMatchObject({ ok: false, events: 1 });
    expect(checkHookBatch({ source: HOOK_MESSAGE_SOURCE, v: 1, docId: 'a', seq: 1, events: new Array(50).fill(frame()) })).toMatchObject({ ok: false, events: 50 });
  });

  it('rejects a batch above the byte limit and says how big it was', () => {
    const r = checkHookBatch(batch([{ kind: 'hook.notice', t: 1, level: 'info', code: 'x', message: 'y'.repeat(2000) }]), 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/too large \(\d+ bytes\)/);
  });

  it('returns a fresh batch object: extra fields the page added do not travel on', () => {
    const r = checkHookBatch({ ...batch([frame()]), extra: 'x'.repeat(10) });
    expect(r.ok && Object.keys(r.batch).sort()).toEqual(['docId', 'json', 'n', 'seq', 'source', 'v']);
  });
});

describe('parseBatchEvents (the worker)', () => {
  it('keeps every well-formed event in order', () => {
    const evs = [frame(), frame({ dir: 'received', text: 'world' }), { kind: 'ws.close', t: 2, id: 'd:ws-1', code: 1000, reason: '', wasClean: true, initiator: 'page' }];
    expect(parseBatchEvents(JSON.stringify(evs), 3)).toEqual({ events: evs, invalid: 0 });
  });

  it('drops and counts malformed events but keeps the good ones', () => {
    const evs = [
      frame(),
      frame({ dir: 'sideways' }),
      frame({ size: -1 }),
      frame({ size: null }),
      frame({ text: 'x'.repeat(LIMITS.maxFrameText + 1) }),
      { kind: 'ws.create', t: 1, id: 'x', url: 'ws://a', protocols: [1] },
      { kind: 'no.such.kind', t: 1 },
      { kind: 'ws.open', id: 'x', protocol: '', extensions: '' },
      { kind: 'media.permission', t: 1, name: 'geolocation', state: 'granted' },
      { kind: 'toString', t: 1 },
      { kind: '__proto__', t: 1 },
      null,
      42,
      frame({ dir: 'received' }),
    ];
    const r = parseBatchEvents(JSON.stringify(evs), evs.length);
    expect(r.events.map((e) => (e as { dir?: string }).dir)).toEqual(['sent', 'received']);
    expect(r.invalid).toBe(evs.length - 2);
  });

  it.each([
    ['text that is not JSON', '[{"kind":', 7, 7],
    ['JSON that is not an array', '{"kind":"ws.error"}', 1, 1],
    ['a lying count of zero', 'nope', 0, 1],
    ['more events than the hook ever sends', JSON.stringify(new Array(LIMITS.maxBatchEvents + 1).fill(frame())), 3, 3],
  ])('refuses %s whole, counting what it claimed (at least one)', (_label, json, claimed, counted) => {
    const r = parseBatchEvents(json as string, claimed as number);
    expect(r.events).toEqual([]);
    expect(r.invalid).toBe(counted);
    expect(r.error).toBeTruthy();
  });
});

describe('isCaptureEvent', () => {
  it('accepts every kind the hook emits', () => {
    const evs: CaptureEvent[] = [
      { kind: 'ws.create', t: 1, id: 'a', url: 'wss://x', protocols: ['p'] },
      { kind: 'ws.open', t: 1, id: 'a', protocol: '', extensions: '' },
      { kind: 'ws.frame', t: 1, id: 'a', dir: 'received', size: 3, binary: true, preview: '00 01 02' },
      { kind: 'ws.error', t: 1, id: 'a' },
      { kind: 'pc.create', t: 1, id: 'p', config: null },
      { kind: 'pc.call', t: 1, id: 'p', method: 'createOffer', args: [] },
      { kind: 'pc.result', t: 1, id: 'p', method: 'createOffer', ok: true, value: { type: 'offer' }, durationMs: 1 },
      { kind: 'pc.event', t: 1, id: 'p', type: 'connectionstatechange', data: { state: 'connected' } },
      { kind: 'pc.stats', t: 1, id: 'p', reports: { r1: { type: 'outbound-rtp', bytesSent: 1 } } },
      { kind: 'media.gum', t: 1, id: 'g', api: 'getUserMedia', constraints: { audio: true } },
      { kind: 'media.gum.result', t: 1, id: 'g', api: 'getUserMedia', ok: false, error: { name: 'NotAllowedError', message: 'no' }, durationMs: 2 },
      { kind: 'media.devices', t: 1, devices: [{ deviceId: 'd', groupId: 'g', kind: 'audioinput', label: '' }] },
      { kind: 'media.devicechange', t: 1, added: [], removed: [], devices: [] },
      { kind: 'media.track', t: 1, trackId: 't', trackKind: 'audio', label: 'mic', event: 'ended' },
      { kind: 'media.permission', t: 1, name: 'camera', state: 'prompt' },
      { kind: 'sdk.found', t: 1, id: 's', sdk: 'telnyx', version: '2', via: 'global' },
      { kind: 'sdk.event', t: 1, id: 's', name: 'telnyx.ready', data: null },
      { kind: 'hook.notice', t: 1, level: 'warn', code: 'worker-sockets-unseen', message: 'm' },
      { kind: 'page.hide', t: 1, docId: 'doc1', persisted: false },
    ];
    for (const ev of evs) expect(isCaptureEvent(ev), ev.kind).toBe(true);
  });

  it('refuses a page.hide without a well-formed docId or persisted flag', () => {
    expect(isCaptureEvent({ kind: 'page.hide', t: 1, docId: 'doc 1 <x>', persisted: false })).toBe(false);
    expect(isCaptureEvent({ kind: 'page.hide', t: 1, docId: 'doc1' })).toBe(false);
  });
});

describe('port messages', () => {
  it('parses hello and batch, validating each event and counting the refused ones', () => {
    expect(parseBridgeMessage({ type: 'hello', v: 2, docId: 'd1', url: 'https://a/', top: true })?.msg).toMatchObject({ type: 'hello', top: true });
    const json = JSON.stringify([frame(), { kind: 'bad' }]);
    const b = parseBridgeMessage({ type: 'batch', v: 2, docId: 'd1', seq: 3, n: 2, json });
    expect(b?.msg).toMatchObject({ type: 'batch', seq: 3, events: [frame()] });
    // Some events were refused, so the text's length is not theirs: the store measures them.
    expect(b?.msg).not.toHaveProperty('bytes');
    expect(b?.msg).not.toHaveProperty('json');
    expect(b?.invalidEvents).toBe(1);
  });

  it('carries the top document\'s title (in a hello or on its own), cut to a bounded length', () => {
    expect(parseBridgeMessage({ type: 'title', v: 2, docId: 'd1', title: 'Support call' })?.msg).toEqual({ type: 'title', v: 2, docId: 'd1', title: 'Support call' });
    expect(parseBridgeMessage({ type: 'hello', v: 2, docId: 'd1', url: 'https://a/', top: true, title: 'T' })?.msg).toMatchObject({ title: 'T' });
    const long = parseBridgeMessage({ type: 'title', v: 2, docId: 'd1', title: 'x'.repeat(10_000) })?.msg as { title: string };
    expect(long.title.length).toBe(512);
    expect(parseBridgeMessage({ type: 'title', v: 2, docId: 'd1', title: { toString: 1 } })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'hello', v: 2, docId: 'd1', url: 'https://a/', top: true, title: 5 })).toBeUndefined();
  });

  it('carries a bridge\'s lost-in-page counts on a hello or a batch, and ignores a forged report', () => {
    const hello = (lost: unknown) => parseBridgeMessage({ type: 'hello', v: 2, docId: 'd1', url: 'https://a/', top: true, lost })?.msg;
    const batch = (lost: unknown) => parseBridgeMessage({ type: 'batch', v: 2, docId: 'd1', seq: 2, n: 0, json: '[]', lost })?.msg;
    expect(hello({ batches: 3, events: 120 })).toMatchObject({ lost: { batches: 3, events: 120 } });
    expect(batch({ batches: 3, events: 120 })).toMatchObject({ seq: 2, lost: { batches: 3, events: 120 } });
    // Only the two counts cross over, whatever else the object holds.
    expect((hello({ batches: 1, events: 2, extra: 'x' }) as { lost: unknown }).lost).toEqual({ batches: 1, events: 2 });
    const forged: unknown[] = [
      { batches: -1, events: 5 },
      { batches: 1, events: -5 },
      { batches: 2 ** 53, events: 1 },
      { batches: 1, events: 1e300 },
      { batches: 1.5, events: 2 },
      { batches: Number.NaN, events: 2 },
      { batches: Infinity, events: 2 },
      { batches: '3', events: 2 },
      { batches: 1 },
      [1, 2],
      7,
      'lots',
      null,
    ];
    for (const lost of forged) {
      // The report is dropped; the message itself still counts (its other fields are fine).
      expect(hello(lost)).toMatchObject({ type: 'hello' });
      expect(hello(lost)).not.toHaveProperty('lost');
      expect(batch(lost)).toMatchObject({ type: 'batch', seq: 2 });
      expect(batch(lost)).not.toHaveProperty('lost');
    }
  });

  it('reads the events\' serialized size off the JSON text when every event is valid', () => {
    const evs = [frame(), frame({ dir: 'received', text: 'w\u00e9rld "quoted"' }), { kind: 'ws.error', t: 3, id: 'x' }];
    const b = parseBridgeMessage({ type: 'batch', v: 2, docId: 'd1', seq: 1, n: 3, json: JSON.stringify(evs) });
    expect(b?.msg).toMatchObject({ bytes: evs.reduce((n, e) => n + JSON.stringify(e).length, 0) });
  });

  it('ignores malformed port messages', () => {
    for (const m of [
      null,
      'x',
      { type: 'hello', v: 1, docId: 'd', url: '', top: true },
      { type: 'batch', v: 2, docId: 'd', seq: -1, n: 0, json: '[]' },
      { type: 'batch', v: 2, docId: 'd', seq: 1, n: 1, json: [frame()] },
      { type: 'batch', v: 1, docId: 'd', seq: 1, events: [frame()] },
      { type: 'nope', v: 2, docId: 'd' },
    ]) {
      expect(parseBridgeMessage(m)).toBeUndefined();
    }
  });

  it('accepts only the three panel requests, each with an integer tabId', () => {
    expect(parsePanelMessage({ type: 'subscribe', v: 1, tabId: 7 })).toEqual({ type: 'subscribe', v: 1, tabId: 7 });
    expect(parsePanelMessage({ type: 'preserve-log', v: 1, tabId: 7, preserve: true })).toMatchObject({ preserve: true });
    expect(parsePanelMessage({ type: 'clear', v: 1, tabId: 7 })).toMatchObject({ type: 'clear' });
    expect(parsePanelMessage({ type: 'subscribe', v: 1, tabId: '7' })).toBeUndefined();
    expect(parsePanelMessage({ type: 'preserve-log', v: 1, tabId: 7 })).toBeUndefined();
    expect(parsePanelMessage({ type: 'subscribe', v: 0, tabId: 7 })).toBeUndefined();
  });
});
