import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, WsFrame } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { parseFrame } from '../../../../core/protocol/decoders/index.js';
import { sdkFromAgent } from '../../../../core/protocol/sdk.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { SW_URL, swConnect } from '../../../fixtures/protocol/signalwire.js';

function frame(text: string | undefined, extra: Partial<WsFrame> = {}): WsFrame {
  return { kind: 'ws.frame', t: 1, id: 'ws-1', dir: 'sent', size: text?.length ?? 4, binary: text === undefined, text, ...extra };
}

describe('frame decoders', () => {
  it('names SDKs from their agent strings', () => {
    expect(sdkFromAgent('@signalwire/js/browser/3.30.0')).toEqual({ name: '@signalwire/js', version: '3.30.0' });
    expect(sdkFromAgent('signalwire-js/4.0.0')).toEqual({ name: '@signalwire/js', version: '4.0.0' });
    expect(sdkFromAgent('@signalwire/nodejs/realtime-api/4.2.1')).toEqual({ name: '@signalwire/realtime-api', version: '4.2.1' });
    expect(sdkFromAgent('my-app/1.2.3-beta.1')).toEqual({ name: 'my-app', version: '1.2.3-beta.1' });
  });

  it('keeps binary, raw text, non-RPC JSON and batches apart', () => {
    expect(parseFrame(frame(undefined, { preview: '0a0b', size: 2 }))).toMatchObject({ protocol: 'binary', kind: 'other', summary: 'binary 2 B 0a0b' });
    expect(parseFrame(frame('hello\nworld'))).toMatchObject({ protocol: 'raw', summary: 'hello world' });
    expect(parseFrame(frame('{"type":"presence","user":"x"}'))).toMatchObject({ protocol: 'json', summary: '{type, user}' });
    const batch = parseFrame(frame('[{"jsonrpc":"2.0","id":1,"method":"a.b"},{"jsonrpc":"2.0","id":2,"method":"c"}]'));
    expect(batch).toMatchObject({ protocol: 'jsonrpc', method: 'a.b', summary: 'batch of 2: a.b' });
    expect(parseFrame(frame(''))).toMatchObject({ protocol: 'raw', summary: '(empty)' });
  });

  it('recovers method and id from a frame cut by the capture limit, so it still pairs', () => {
    const full = JSON.stringify({ jsonrpc: '2.0', id: 'abc-1', method: 'webrtc.verto', params: { message: { sdp: 'x'.repeat(1000) } } });
    const d = parseFrame(frame(full.slice(0, 200), { truncated: true }));
    expect(d).toMatchObject({ protocol: 'jsonrpc', kind: 'request', method: 'webrtc.verto', id: 'abc-1', sdk: 'signalwire', parseError: 'frame truncated by the capture limit' });
    const bad = parseFrame(frame('{"jsonrpc":"2.0","id":7,'));
    expect(bad).toMatchObject({ kind: 'response', id: 7, parseError: 'malformed JSON' });
  });

  it('decodes a RELAY error at the envelope level of webrtc.verto', () => {
    const d = parseFrame(frame(JSON.stringify({ jsonrpc: '2.0', id: 'o1', result: { code: '404', message: 'Not found', node_id: 'n' } })), 'signalwire');
    expect(d).toMatchObject({ kind: 'error', error: { code: '404', message: 'Not found' }, summary: 'error 404 Not found' });
    const inner = parseFrame(
      frame(JSON.stringify({ jsonrpc: '2.0', id: 'o2', result: { code: '200', result: { jsonrpc: '2.0', id: 'i', error: { code: -32002, message: 'CALL DOES NOT EXIST' } } } })),
      'signalwire',
    );
    expect(inner).toMatchObject({ kind: 'error', error: { code: -32002, message: 'CALL DOES NOT EXIST' } });
    expect(inner.inner?.msg.kind).toBe('error');
  });

  it('decodes plain Verto (verto.* at the top level) as its own protocol', () => {
    const d = parseFrame(frame(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'verto.invite', params: { dialogParams: { callID: 'v-1', destination_number: '1000' }, sdp: 'v=0' } })));
    expect(d).toMatchObject({ protocol: 'verto', sdk: 'verto', callId: 'v-1', summary: 'verto.invite to 1000' });
  });

  it('summaries never carry line breaks and stay short', () => {
    const d = parseFrame(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x\ny'.repeat(100) })));
    expect(d.summary).not.toMatch(/[\r\n]/);
    expect(d.summary.length).toBeLessThanOrEqual(80);
  });
});

describe('Realtime (RELAY) calling', () => {
  it('follows calling.dial through calling.call.state and calling.call.dial events to the end', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 3, agent: '@signalwire/nodejs/realtime-api/4.2.1' });
    s.send('ws-1', { jsonrpc: '2.0', id: 'r1', method: 'signalwire.receive', params: { contexts: ['office'] } });
    s.wait(20).recv('ws-1', { jsonrpc: '2.0', id: 'r1', result: { code: '200', message: 'Receiving' } });
    s.send('ws-1', {
      jsonrpc: '2.0',
      id: 'd1',
      method: 'calling.dial',
      params: { tag: 'tag-1', devices: [[{ type: 'phone', params: { timeout: 30, to_number: '+15550002222', from_number: '+15550001111' } }]] },
    });
    s.wait(30).recv('ws-1', { jsonrpc: '2.0', id: 'd1', result: { code: '200', message: 'Dialing' } });
    const ev = (event_type: string, params: object) => s.recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'signalwire.event', params: { event_type, params } });
    const device = { type: 'phone', params: { to_number: '+15550002222', from_number: '+15550001111' } };
    ev('calling.call.state', { call_id: 'rc-1', tag: 'tag-1', node_id: 'n1', call_state: 'created', direction: 'outbound', device });
    s.wait(800);
    ev('calling.call.state', { call_id: 'rc-1', tag: 'tag-1', call_state: 'ringing', direction: 'outbound', device });
    s.wait(2000);
    ev('calling.call.state', { call_id: 'rc-1', tag: 'tag-1', call_state: 'answered', direction: 'outbound', device });
    ev('calling.call.dial', { tag: 'tag-1', node_id: 'n1', dial_state: 'answered', call: { call_id: 'rc-1' } });
    s.wait(5000);
    ev('calling.call.state', { call_id: 'rc-1', tag: 'tag-1', call_state: 'ended', end_reason: 'hangup', direction: 'outbound', device });
    const a = createAnalyzer();
    for (const e of s.events) a.push(e);
    const an = a.snapshot();
    expect(an.messages[2]!.summary).toBe('signalwire.receive office');
    expect(an.messages[4]!.summary).toBe('calling.dial to +15550002222');
    const call = an.calls[0]!;
    expect(call).toMatchObject({ id: 'rc-1', sdk: 'signalwire', direction: 'outbound', destination: '+15550002222', caller: '+15550001111', nodeId: 'n1' });
    expect(call.states.map((x) => x.state)).toEqual(['new', 'trying', 'ringing', 'active', 'hangup']);
    expect(call.durationMs).toBe(5000);
    expect(an.findings).toEqual([]);
  });
});

describe('robustness', () => {
  const frames = fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'webrtc.verto', params: { message: v } })),
    fc.jsonValue().map((v) => JSON.stringify({ jsonrpc: '2.0', id: 1, result: v })),
    fc.jsonValue().map((v) => JSON.stringify({ jsonrpc: '2.0', id: 'e', method: 'signalwire.event', params: { event_type: 'webrtc.message', params: v } })),
    fc.constantFrom('SIP/2.0 200 OK\r\n', 'INVITE sip:x SIP/2.0\r\nCSeq: x\r\n\r\n', 'SIP/2.0 \r\n'),
    fc.string().map((s) => `{"method":"login","params":${s}`),
  );
  const event = fc.record({
    text: frames,
    dir: fc.constantFrom('sent' as const, 'received' as const),
    sock: fc.constantFrom('ws-1', 'ws-2'),
    dt: fc.integer({ min: 0, max: 20_000 }),
    truncated: fc.boolean(),
  });

  it('never throws and yields one message per frame, whatever the frames hold', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (list) => {
        const a = createAnalyzer();
        let t = 1000;
        for (const e of list) {
          t += e.dt;
          const ev: CaptureEvent = { kind: 'ws.frame', t, id: e.sock, dir: e.dir, size: e.text.length, binary: false, text: e.text, truncated: e.truncated };
          a.push(ev);
        }
        a.tick(t + 60_000);
        const an = a.snapshot();
        expect(an.messages).toHaveLength(list.length);
        expect(an.findings.filter((f) => f.rule === 'analyzer-error')).toEqual([]);
        JSON.stringify(an);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on capture events with hostile shapes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('pc.stats', 'pc.event', 'pc.call', 'pc.result', 'media.gum.result', 'media.devicechange', 'media.track', 'ws.close', 'ws.create', 'ws.open', 'ws.frame', 'sdk.found'),
            hostileId: fc.boolean(),
            data: fc.jsonValue(),
            other: fc.jsonValue(),
          }),
          { maxLength: 30 },
        ),
        (list) => {
          const a = createAnalyzer();
          let t = 0;
          for (const x of list) {
            const raw = { kind: x.kind, t: (t += 500), id: x.hostileId ? x.other : 'pc-1', api: x.other, trackKind: x.other, label: x.other, event: 'ended', name: x.other, size: x.other, preview: x.other, dir: x.other, reports: x.data, data: x.data, args: [x.data], value: x.data, type: 'icecandidate', method: 'setLocalDescription', url: x.other, removed: x.other, devices: x.other, ok: false, error: x.other, sdk: x.other, version: x.other, via: x.other, code: x.other } as unknown as CaptureEvent;
            a.push(raw);
          }
          a.tick(t + 1000);
          expect(a.snapshot().findings.filter((f) => f.rule === 'analyzer-error')).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
