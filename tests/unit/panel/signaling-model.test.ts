import { describe, expect, it } from 'vitest';
import type { WsFrame } from '../../../core/capture/events.js';
import type { DecodedMessage } from '../../../extension/panel/data/analysis-types.js';
import { emptyFilter, FilteredFrames, innerMessage, moveSelection, rowOfFrame, textMatcher } from '../../../extension/panel/views/signaling-model.js';

function frame(i: number, dir: 'sent' | 'received', text: string, socket = 's1'): WsFrame {
  return { kind: 'ws.frame', t: i, id: socket, dir, size: text.length, binary: false, text };
}
/** Message `i` of the analysis, decoded from `f`, the socket's frame number `frameOnSocket`. */
function msg(i: number, f: WsFrame, frameOnSocket: number, extra: Partial<DecodedMessage> = {}): DecodedMessage {
  return { socketId: f.id, index: i, frame: frameOnSocket, t: f.t, dir: f.dir, size: f.size, protocol: 'jsonrpc', kind: 'request', summary: '', ...extra };
}

describe('FilteredFrames', () => {
  const frames = [
    frame(0, 'sent', '{"method":"a.login","id":1}'),
    frame(1, 'received', '{"result":{},"id":1}'),
    frame(2, 'sent', '{"method":"verto","id":2}', 's2'),
    frame(3, 'received', '{"error":{"code":1},"id":2}', 's2'),
  ];
  const messages = [
    msg(0, frames[0]!, 0, { method: 'a.login' }),
    msg(1, frames[1]!, 1, { kind: 'response', method: 'a.login' }),
    msg(2, frames[2]!, 0, { method: 'webrtc.verto', inner: { protocol: 'verto', kind: 'request', method: 'verto.invite' } }),
    msg(3, frames[3]!, 1, { kind: 'error', error: { code: 1, message: 'no' } }),
  ];

  it('filters by direction, socket, errors, method (inner method first) and text', () => {
    const f = new FilteredFrames();
    expect(f.update(frames, messages, emptyFilter, 0)).toEqual([0, 1, 2, 3]);
    expect(f.update(frames, messages, { ...emptyFilter, dir: 'sent' }, 0)).toEqual([0, 2]);
    expect(f.update(frames, messages, { ...emptyFilter, socket: 's2' }, 0)).toEqual([2, 3]);
    expect(f.update(frames, messages, { ...emptyFilter, errorsOnly: true }, 0)).toEqual([3]);
    expect(f.update(frames, messages, { ...emptyFilter, method: 'verto.invite' }, 0)).toEqual([2]);
    expect(f.update(frames, messages, { ...emptyFilter, method: 'a.login' }, 0)).toEqual([0, 1]);
    expect(f.update(frames, messages, { ...emptyFilter, text: 'LOGIN' }, 0)).toEqual([0]);
    expect([...f.methods].sort()).toEqual(['a.login', 'verto.invite']);
    expect([...f.sockets]).toEqual(['s1', 's2']);
  });

  it('tests only new frames while the filter is unchanged, and starts over on a new generation', () => {
    const f = new FilteredFrames();
    const filter = { ...emptyFilter, dir: 'received' as const };
    expect(f.update(frames.slice(0, 2), messages, filter, 0)).toEqual([1]);
    // Tamper with an already-scanned frame: an incremental pass must not look at it again.
    const seen = [{ ...frames[0]!, dir: 'received' as const }, ...frames.slice(1)];
    expect(f.update(seen, messages, filter, 0)).toEqual([1, 3]);
    expect(f.update(seen, messages, filter, 1)).toEqual([0, 1, 3]);
  });
});

describe('keyboard selection', () => {
  it('moves like the Network panel and clamps at both ends', () => {
    expect(moveSelection('ArrowDown', -1, 10, 5)).toBe(0);
    expect(moveSelection('ArrowDown', 9, 10, 5)).toBe(9);
    expect(moveSelection('ArrowUp', 0, 10, 5)).toBe(0);
    expect(moveSelection('PageDown', 2, 10, 5)).toBe(7);
    expect(moveSelection('PageDown', 8, 10, 5)).toBe(9);
    expect(moveSelection('PageUp', 3, 10, 5)).toBe(0);
    expect(moveSelection('Home', 5, 10, 5)).toBe(0);
    expect(moveSelection('End', 5, 10, 5)).toBe(9);
    expect(moveSelection('a', 5, 10, 5)).toBeUndefined();
    expect(moveSelection('End', -1, 0, 5)).toBeUndefined();
  });

  it('finds the row of a frame in the filtered list', () => {
    const rows = [1, 4, 9, 20, 33];
    expect(rowOfFrame(rows, 9)).toBe(2);
    expect(rowOfFrame(rows, 33)).toBe(4);
    expect(rowOfFrame(rows, 5)).toBe(-1);
    expect(rowOfFrame([], 5)).toBe(-1);
  });
});

describe('innerMessage', () => {
  it('unwraps Verto inside webrtc.verto requests, webrtc.message events and nested results', () => {
    const invite = { jsonrpc: '2.0', id: 3, method: 'verto.invite', params: {} };
    expect(innerMessage({ method: 'webrtc.verto', params: { message: invite } })).toBe(invite);
    const answer = { jsonrpc: '2.0', id: 9, method: 'verto.answer', params: {} };
    expect(innerMessage({ method: 'signalwire.event', params: { event_type: 'x', params: { event_type: 'webrtc.message', params: answer } } })).toBe(answer);
    const inner = { jsonrpc: '2.0', id: 3, result: { message: 'CALL CREATED' } };
    expect(innerMessage({ id: 1, result: { code: '200', result: inner } })).toBe(inner);
    expect(innerMessage({ method: 'x', params: { message: 'text' } })).toBeUndefined();
  });
});

describe('text filter', () => {
  it('matches case-insensitively and treats the text literally, not as a pattern', () => {
    expect(textMatcher('LOGIN')('{"method":"a.login"}')).toBe(true);
    expect(textMatcher('a.b')('axb')).toBe(false);
    expect(textMatcher('(x[')('call (x[1]')).toBe(true);
    expect(textMatcher('$^\\')('price $^\\ here')).toBe(true);
  });
});
