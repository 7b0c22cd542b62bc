import { describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH, parseBridgeMessage, parseWorkerAck } from '../../../../core/messages/bridge-worker.js';

describe('bridge <-> worker messages', () => {
  it('the worker parses a batch and validates each event, counting the refused ones', () => {
    const json = JSON.stringify([{ kind: 'ws.error', t: 1, id: 'ws-1' }, { kind: 'evil', t: 1 }]);
    const out = parseBridgeMessage({ type: 'batch', v: 2, docId: 'd1', seq: 1, n: 2, json, lost: { batches: 0, events: 0, refused: 3 } });
    expect(out?.msg).toMatchObject({ type: 'batch', docId: 'd1', seq: 1, events: [{ kind: 'ws.error' }], lost: { refused: 3 } });
    expect(out?.invalidEvents).toBe(1);
  });

  it("a report carries the document's cumulative counts, each a non-negative safe integer", () => {
    expect(parseBridgeMessage({ type: 'report', v: 2, docId: 'd1', lost: { batches: 0, events: 0, refused: 7 } })?.msg).toEqual({ type: 'report', v: 2, docId: 'd1', lost: { batches: 0, events: 0, refused: 7 } });
    expect(parseBridgeMessage({ type: 'report', v: 2, docId: 'd1', lost: { batches: 0, events: 0, refused: -1 } })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'report', v: 2, docId: 'd1', lost: { batches: 0, events: 0, refused: 1e300 } })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'report', v: 2, docId: 'd1' })).toBeUndefined();
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
