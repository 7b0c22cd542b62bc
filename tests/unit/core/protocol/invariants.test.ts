/**
 * Model invariants under random but protocol-shaped traffic: ids drawn from a small pool so replies,
 * duplicates, strays and out-of-order answers all happen, mixed across two sockets that drop and reconnect.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';

const ids = fc.constantFrom('a', 'b', 'c', 1, 2);
const calls = fc.constantFrom('call-1', 'call-2');
const verto = fc.constantFrom('verto.invite', 'verto.answer', 'verto.bye', 'verto.media', 'verto.modify', 'verto.attach');
const tx = fc.constantFrom('telnyx_rtc.invite', 'telnyx_rtc.ringing', 'telnyx_rtc.answer', 'telnyx_rtc.bye', 'telnyx_rtc.modify', 'telnyx_rtc.attach', 'telnyx_rtc.ping');

const body = fc.oneof(
  fc.record({ id: ids, callID: calls, m: verto, action: fc.constantFrom('hold', 'unhold') }).map(({ id, callID, m, action }) => ({
    jsonrpc: '2.0',
    id,
    method: 'webrtc.verto',
    params: { callID, message: { jsonrpc: '2.0', id: `v${String(id)}`, method: m, params: { callID, action, dialogParams: { callID } } } },
  })),
  fc.record({ id: ids, callID: calls, m: verto }).map(({ id, callID, m }) => ({
    jsonrpc: '2.0',
    id,
    method: 'signalwire.event',
    params: { event_type: 'webrtc.message', params: { jsonrpc: '2.0', id: `v${String(id)}`, method: m, params: { callID } } },
  })),
  fc.record({ id: ids, callID: calls, m: tx }).map(({ id, callID, m }) => ({ jsonrpc: '2.0', id, method: m, params: { callID, action: 'hold' } })),
  fc.record({ id: ids, err: fc.boolean() }).map(({ id, err }) =>
    err ? { jsonrpc: '2.0', id, error: { code: -32000, message: 'nope' } } : { jsonrpc: '2.0', id, result: { code: '200', result: { jsonrpc: '2.0', id: `v${String(id)}`, result: { message: 'OK' } } } },
  ),
  fc.constant({ jsonrpc: '2.0', id: 'c', method: 'signalwire.connect', params: { version: { major: 4 }, agent: 'signalwire-js/4.0.0' } }),
);

const step = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('frame' as const), sock: fc.constantFrom(0, 1), dir: fc.constantFrom('sent' as const, 'received' as const), body, dt: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), sock: fc.constantFrom(0, 1), dt: fc.integer({ min: 0, max: 3000 }) }) },
);

const RANK: Record<string, number> = { new: 0, requesting: 1, trying: 2, ringing: 3, early: 4, answering: 5, active: 6, held: 6, recovering: 6, hangup: 9 };

describe('analyzer invariants', () => {
  it('keeps indexes, pairing, call states and session timelines consistent whatever the traffic', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const a = createAnalyzer();
        let t = 1000;
        const gen = [1, 1];
        const cur = (s: number) => `s${s}-${gen[s]}`;
        const events: CaptureEvent[] = [];
        for (const s of [0, 1]) events.push({ kind: 'ws.create', t, id: cur(s), url: `wss://host${s}/`, protocols: [] }, { kind: 'ws.open', t, id: cur(s), protocol: '', extensions: '' });
        for (const st of steps) {
          t += st.dt;
          if (st.kind === 'drop') {
            events.push({ kind: 'ws.close', t, id: cur(st.sock), code: 1006, reason: '', wasClean: false, initiator: 'remote' });
            gen[st.sock]!++;
            t += 100;
            events.push({ kind: 'ws.create', t, id: cur(st.sock), url: `wss://host${st.sock}/`, protocols: [] }, { kind: 'ws.open', t, id: cur(st.sock), protocol: '', extensions: '' });
          } else {
            const text = JSON.stringify(st.body);
            events.push({ kind: 'ws.frame', t, id: cur(st.sock), dir: st.dir, size: text.length, binary: false, text });
          }
        }
        for (const ev of events) a.push(ev);
        a.tick(t + 60_000);
        const an = a.snapshot();

        an.messages.forEach((m, i) => {
          expect(m.index).toBe(i);
          if (m.pairedWith !== undefined) {
            const other = an.messages[m.pairedWith]!;
            expect(other.dir).not.toBe(m.dir);
            if (m.kind === 'response' || m.kind === 'error') expect(other.kind).toBe('request');
            else expect(other.pairedWith).toBe(i);
          }
          if (m.inner?.pairedWith !== undefined) expect(an.messages[m.inner.pairedWith]!.dir).not.toBe(m.dir);
        });
        for (const c of an.calls) {
          for (let i = 1; i < c.states.length; i++) {
            const [p, q] = [c.states[i - 1]!, c.states[i]!];
            expect(q.t).toBeGreaterThanOrEqual(p.t);
            expect(p.state).not.toBe('hangup');
            if (!(RANK[p.state] === 6 && RANK[q.state] === 6)) expect(RANK[q.state]!).toBeGreaterThan(RANK[p.state]!);
          }
          expect(c.state).toBe(c.states[c.states.length - 1]!.state);
        }
        for (const s of an.connections) {
          for (let i = 1; i < s.states.length; i++) expect(s.states[i]!.state).not.toBe(s.states[i - 1]!.state);
          for (const ep of s.reconnects) expect(ep.delaysMs).toHaveLength(ep.attempts);
        }
        expect(an.findings.filter((f) => f.rule === 'analyzer-error')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
