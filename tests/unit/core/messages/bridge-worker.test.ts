import { describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH, parseBridgeMessage, parseWorkerAck } from '../../../../core/messages/bridge-worker.js';

describe('bridge <-> worker messages', () => {
  it('the worker parses a batch and validates each event, counting the refused ones', () => {
    const json = JSON.stringify([{ kind: 'ws.error', t: 1, id: 'ws-1' }, { kind: 'evil', t: 1 }]);
    const out = parseBridgeMessage({ type: 'batch', v: 2, docId: 'd1', seq: 1, n: 2, json, invalid: 3 });
    expect(out?.msg).toMatchObject({ type: 'batch', docId: 'd1', seq: 1, events: [{ kind: 'ws.error' }] });
    expect(out?.invalidEvents).toBe(4);
  });

  it('hellos and titles are copied clean, titles cut to MAX_TITLE_LENGTH', () => {
    const out = parseBridgeMessage({ type: 'hello', v: 2, docId: 'd1', url: 'https://a/', top: true, title: 'x'.repeat(600), extra: 1, lost: { batches: 1, events: 2 } });
    expect(out?.msg).toEqual({ type: 'hello', v: 2, docId: 'd1', url: 'https://a/', top: true, title: 'x'.repeat(MAX_TITLE_LENGTH), lost: { batches: 1, events: 2 } });
    expect(parseBridgeMessage({ type: 'hello', v: 1, docId: 'd1', url: 'https://a/', top: true })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'title', v: 2, docId: 'bad id!', title: 't' })).toBeUndefined();
  });

  it('the bridge acts only on an ack with a numeric seq', () => {
    expect(parseWorkerAck({ type: 'ack', v: 2, docId: 'd1', seq: 4 })).toMatchObject({ type: 'ack', seq: 4 });
    expect(parseWorkerAck({ type: 'ack', seq: '4' })).toBeUndefined();
    expect(parseWorkerAck({ type: 'nack', seq: 4 })).toBeUndefined();
    expect(parseWorkerAck(null)).toBeUndefined();
  });
});
