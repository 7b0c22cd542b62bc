import { describe, expect, it } from 'vitest';
import type { WsFrame } from '../../../../core/capture/events.js';
import type { DecodedFrame } from '../../../../core/protocol/types.js';
import {
  displayOfRow,
  emptyFilter,
  emptyMessage,
  FilteredFrames,
  fitColumns,
  frameIndexOf,
  frameOfRef,
  splitFrameRefs,
  innerMessage,
  itemAt,
  loadBreaks,
  methodlessLabel,
  moveSelection,
  parseFrameRef,
  parseQuery,
  previewText,
  relativeTime,
  rowOfFrame,
  splitSummary,
  textMatcher,
  timeCell,
} from '../../../../ui/views/signaling-model.js';

function frame(i: number, dir: 'sent' | 'received', text: string, socket = 's1'): WsFrame {
  return { kind: 'ws.frame', t: i, id: socket, dir, size: text.length, binary: false, text };
}
/** Message `i` of the analysis, decoded from `f`, the socket's frame number `frameOnSocket`. */
function msg(i: number, f: WsFrame, frameOnSocket: number, extra: Partial<DecodedFrame> = {}): DecodedFrame {
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

describe('filter terms like the Network panel', () => {
  const frames = [
    frame(0, 'sent', '{"jsonrpc":"2.0","id":1,"method":"telnyx_rtc.invite","params":{"x":1}}'),
    frame(1, 'received', '{"jsonrpc":"2.0","id":1,"result":{"message":"CALL CREATED"}}'),
    frame(2, 'received', '{"jsonrpc":"2.0","id":"p","method":"telnyx_rtc.ping","params":{}}'),
    frame(3, 'sent', '{"jsonrpc":"2.0","id":2,"method":"telnyx_rtc.ping","params":{}}'),
    frame(4, 'received', '{"jsonrpc":"2.0","id":2,"result":{}}'),
    frame(5, 'sent', 'plain text with ping inside'),
  ];
  const messages = [
    msg(0, frames[0]!, 0, { method: 'telnyx_rtc.invite', summary: 'telnyx_rtc.invite to 1000' }),
    msg(1, frames[1]!, 1, { kind: 'response', method: 'telnyx_rtc.invite', summary: 'telnyx_rtc.invite: result CALL CREATED (3 ms)' }),
    msg(2, frames[2]!, 2, { method: 'telnyx_rtc.ping', summary: 'telnyx_rtc.ping' }),
    msg(3, frames[3]!, 3, { method: 'telnyx_rtc.ping', summary: 'telnyx_rtc.ping' }),
    msg(4, frames[4]!, 4, { kind: 'response', method: 'telnyx_rtc.ping', summary: 'telnyx_rtc.ping: result (2 ms)' }),
    msg(5, frames[5]!, 5, { protocol: 'raw', kind: 'other', summary: 'plain text with ping inside' }),
  ];
  const shown = (text: string, extra: Partial<typeof emptyFilter> = {}) => new FilteredFrames().update(frames, messages, { ...emptyFilter, ...extra, text }, 0);

  it('excludes by method, full or short name, requests and their replies alike', () => {
    expect(shown('-method:telnyx_rtc.ping')).toEqual([0, 1, 5]);
    expect(shown('-method:ping')).toEqual([0, 1, 5]);
    expect(shown('method:invite')).toEqual([0, 1]);
    expect(shown('-method:/ping|invite/')).toEqual([5]);
  });

  it('excludes by text, and every word must match', () => {
    expect(shown('-ping')).toEqual([0, 1]);
    expect(shown('ping -plain')).toEqual([2, 3, 4]);
    expect(shown('CALL created')).toEqual([1]);
    expect(shown('"call created"')).toEqual([1]);
  });

  it('takes /regex/ as a case-insensitive pattern, spaces included', () => {
    expect(shown('/"id":\\d+,"method"/')).toEqual([0, 3]);
    expect(shown('/plain text/')).toEqual([5]);
    expect(shown('-/^\\{/')).toEqual([5]);
    expect(shown('/INVITE/')).toEqual([0, 1]);
  });

  it('matches an invalid regex literally and says why', () => {
    const q = parseQuery('/a(b/');
    expect(q.errors[0]).toMatch(/not a valid regular expression/);
    expect(q.terms).toHaveLength(1);
    expect(q.terms[0]!.test('x /a(b/ y')).toBe(true);
    expect(q.terms[0]!.test('ab')).toBe(false);
  });

  it('reads a lone "-" and a half-open slash as plain text', () => {
    expect(parseQuery('a - b').terms.map((t) => [t.neg, t.source])).toEqual([[false, 'a'], [false, '-'], [false, 'b']]);
    expect(shown('/plain')).toEqual([]);
    expect(parseQuery('/x').terms[0]!.test('a/xb')).toBe(true);
  });

  it('hides keepalives (pings and their replies) with the switch', () => {
    expect(shown('', { hideKeepalives: true })).toEqual([0, 1, 5]);
  });

  it('re-scans when only the keepalive switch changes', () => {
    const f = new FilteredFrames();
    expect(f.update(frames, messages, emptyFilter, 0)).toHaveLength(6);
    expect(f.update(frames, messages, { ...emptyFilter, hideKeepalives: true }, 0)).toEqual([0, 1, 5]);
  });
});

describe('row text', () => {
  it('previews what a frame carries without its envelope', () => {
    const f = (text: string) => ({ text, binary: false, size: text.length });
    expect(previewText(f('{"jsonrpc":"2.0","id":1,"method":"a.b","params":{"to":"1000"}}'))).toBe('{"to":"1000"}');
    expect(previewText(f('{"jsonrpc":"2.0","id":1,"result":{"ok":true}}'))).toBe('{"ok":true}');
    expect(previewText(f('{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"no"}}'))).toBe('{"error":{"code":1,"message":"no"}}');
    expect(previewText(f('{"jsonrpc":"2.0","id":1,"method":"webrtc.verto","params":{"message":{"method":"verto.invite","params":{"dialogParams":{}}}}}'))).toBe('{"dialogParams":{}}');
    expect(previewText(f('{"type":"x","n":1}'))).toBe('{"type":"x","n":1}');
    expect(previewText(f('line one\r\nline\ttwo\u0007'))).toBe('line one line two ');
    expect(previewText({ binary: true, size: 4, preview: '00 01 02 03' })).toBe('binary 4 B 00 01 02 03');
    expect(previewText(f('{"a":"' + 'x'.repeat(500) + '"}'), 20)).toBe('{"a":"xxxxxxxxxxxxxx…');
  });

  it('splits the summary after the method the Method column shows', () => {
    expect(splitSummary('telnyx_rtc.invite: result CALL CREATED (3 ms)', ['telnyx_rtc.invite'])).toEqual({ hidden: 'telnyx_rtc.invite: ', visible: 'result CALL CREATED (3 ms)' });
    expect(splitSummary('telnyx_rtc.invite to 1000', [undefined, 'telnyx_rtc.invite'])).toEqual({ hidden: 'telnyx_rtc.invite ', visible: 'to 1000' });
    expect(splitSummary('telnyx_rtc.ping', ['telnyx_rtc.ping'])).toEqual({ hidden: 'telnyx_rtc.ping', visible: '' });
    // A longer word that only starts like the method is not split.
    expect(splitSummary('loginx y', ['login'])).toEqual({ hidden: '', visible: 'loginx y' });
  });

  it('names frames without a method by what they are', () => {
    expect(methodlessLabel(undefined, true)).toBe('binary');
    expect(methodlessLabel({ kind: 'response', protocol: 'jsonrpc' }, false)).toBe('reply');
    expect(methodlessLabel({ kind: 'error', protocol: 'jsonrpc' }, false)).toBe('error');
    expect(methodlessLabel({ kind: 'other', protocol: 'raw' }, false)).toBe('text');
    expect(methodlessLabel({ kind: 'other', protocol: 'sip' }, false)).toBe('sip');
  });
});

describe('relative times', () => {
  it('stay short in a column at every scale', () => {
    expect(relativeTime(0)).toBe('0 ms');
    expect(relativeTime(999.4)).toBe('999 ms');
    expect(relativeTime(1234)).toBe('1.234 s');
    expect(relativeTime(59_999)).toBe('59.999 s');
    expect(relativeTime(125_400)).toBe('2:05.400');
    expect(relativeTime(3_725_400)).toBe('1:02:05.400');
    expect(relativeTime(-1500)).toBe('-1.500 s');
  });

  it('count from the capture start, the row above, or show the clock', () => {
    const clock = (t: number) => `clock ${t}`;
    expect(timeCell('start', 1500, 1000, 1400, clock)).toBe('500 ms');
    expect(timeCell('previous', 1500, 1000, 1400, clock)).toBe('+100 ms');
    expect(timeCell('previous', 1500, 1000, undefined, clock)).toBe('0 ms');
    expect(timeCell('clock', 1500, 1000, 1400, clock)).toBe('clock 1500');
  });
});

describe('empty list', () => {
  const base = { frames: 0, sockets: 0, shown: 0, cleared: false, ready: true, filter: emptyFilter };
  it('says why nothing shows', () => {
    expect(emptyMessage({ ...base, shown: 3, frames: 3 })).toBeUndefined();
    expect(emptyMessage({ ...base, ready: false })).toMatch(/Loading/);
    expect(emptyMessage(base)).toMatch(/No WebSocket captured/);
    expect(emptyMessage({ ...base, cleared: true })).toMatch(/capture was cleared/);
    expect(emptyMessage({ ...base, sockets: 2 })).toBe('2 WebSockets are open, but no frame has crossed them yet.');
    expect(emptyMessage({ ...base, frames: 12, filter: { ...emptyFilter, text: '-ping' } })).toBe('filter “-ping” hides all 12 frames.');
    expect(emptyMessage({ ...base, frames: 1, filter: { ...emptyFilter, dir: 'sent', errorsOnly: true } })).toBe('direction sent, “Errors only” hide all 1 frame.');
  });
});

describe('page-load markers', () => {
  const times = [10, 20, 30, 40, 50, 60];
  const loads = [
    { ordinal: 1, url: 'https://a/1', startedAt: 0 },
    { ordinal: 2, url: 'https://a/2', startedAt: 35 },
  ];
  it('sit where the page changed, among the rows shown, and only with more than one load', () => {
    expect(loadBreaks([0, 1, 2, 3, 4, 5], (i) => times[i]!, loads.slice(0, 1))).toEqual([]);
    const b = loadBreaks([0, 2, 3, 5], (i) => times[i]!, loads);
    expect(b.map((x) => [x.at, x.ordinal])).toEqual([
      [0, 1],
      [2, 2],
    ]);
    // Display positions: marker 1, rows 0 and 1, marker 2, rows 2 and 3.
    expect([0, 1, 2, 3, 4, 5].map((d) => itemAt(d, b))).toEqual([{ load: b[0] }, { row: 0 }, { row: 1 }, { load: b[1] }, { row: 2 }, { row: 3 }]);
    expect([0, 1, 2, 3].map((r) => displayOfRow(r, b))).toEqual([1, 2, 4, 5]);
    expect(displayOfRow(-1, b)).toBe(-1);
    expect(itemAt(3, [])).toEqual({ row: 3 });
  });
});

describe('frame references', () => {
  it('reads the redaction review\'s places and finds the frame by socket and number', () => {
    expect(parseFrameRef('frame 6 of socket 1')).toEqual({ frame: 6, socket: 1 });
    expect(parseFrameRef('frame 4 (sent) of socket 2')).toEqual({ frame: 4, socket: 2 });
    expect(parseFrameRef('URL of socket 1')).toBeUndefined();
    const messages = [
      { socketId: 'a', frame: 0 },
      { socketId: 'b', frame: 0 },
      { socketId: 'a', frame: 1 },
    ];
    expect(frameIndexOf(messages, 'a', 2)).toBe(2);
    expect(frameIndexOf(messages, 'b', 1)).toBe(1);
    expect(frameIndexOf(messages, 'b', 2)).toBe(-1);
    expect(frameOfRef({ socket: 1, frame: 2 }, ['a', 'b'], messages)).toBe(2);
    expect(frameOfRef({ socket: 3, frame: 1 }, ['a', 'b'], messages)).toBe(-1);
  });

  it('finds the references in review text, leaving the rest as it is', () => {
    expect(splitFrameRefs('frame 6 of socket 1; URL of socket 1; frame 2 (sent) of socket 3')).toEqual([
      { text: 'frame 6 of socket 1', ref: { frame: 6, socket: 1 } },
      '; URL of socket 1; ',
      { text: 'frame 2 (sent) of socket 3', ref: { frame: 2, socket: 3 } },
    ]);
    expect(splitFrameRefs('environment')).toEqual(['environment']);
  });
});

describe('columns at a width', () => {
  const cols = [
    { id: 'a', label: 'A', width: 100, min: 10 },
    { id: 'b', label: 'B', width: 100, min: 10, dropOrder: 1 },
    { id: 'c', label: 'C', width: 100, min: 10, dropOrder: 0 },
  ];
  it('drop the optional ones in order until the flexible column has its minimum', () => {
    expect(fitColumns(cols, {}, 1000, 100, 0)).toEqual(['a', 'b', 'c']);
    expect(fitColumns(cols, {}, 350, 100, 0)).toEqual(['a', 'b']);
    expect(fitColumns(cols, {}, 200, 100, 0)).toEqual(['a']);
    expect(fitColumns(cols, { b: 20, c: 20 }, 250, 100, 0)).toEqual(['a', 'b', 'c']);
  });
});

describe('LiveKit frames in the Signaling view', () => {
  it('shows the decoded message as the tree and on the row, not the hex', async () => {
    const { lkFrame, req } = await import('../../../fixtures/protocol/livekit-conversation.js');
    const { AddTrackRequest, TrackType } = await import('@livekit/protocol');
    const { frameTree, rowPreview } = await import('../../../../ui/views/signaling-model.js');
    const f = lkFrame(1, 'ws-1', req({ case: 'addTrack', value: new AddTrackRequest({ cid: 'c1', name: 'mic', type: TrackType.VIDEO }) }));
    expect(frameTree(f, { protocol: 'livekit' })).toEqual({ ok: true, value: { addTrack: { cid: 'c1', name: 'mic', type: 'VIDEO' } } });
    expect(rowPreview(f, { protocol: 'livekit' })).toBe('{"addTrack":{"cid":"c1","name":"mic","type":"VIDEO"}}');
    // Not known as LiveKit: the bytes, as before.
    expect(frameTree(f, { protocol: 'binary' })).toEqual({ ok: false });
    expect(rowPreview(f, { protocol: 'binary' })).toMatch(/^binary \d+ B 22 /);
  });
});
