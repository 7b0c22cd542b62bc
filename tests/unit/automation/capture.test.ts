import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../core/capture/events.js';
import type { Finding } from '../../../core/protocol/types.js';
import {
  analyzeSnapshot,
  callMatches,
  captureView,
  describeCalls,
  describeFindings,
  findingMatches,
  findingsAtLeast,
  isSeverity,
} from '../../../automation/capture.js';

const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/telnyx-drop-attach.events.json'), 'utf8')) as StoredEvent[];
const snapshot = { docs: [], events, dropped: { events: 0, bytes: 0, byKind: {} }, preserveLog: false };
const last = Math.max(...events.map((e) => e.t));

describe('rtc.capture(): a recorded Telnyx call (drop, attach, hang-up) as plain data', () => {
  const view = captureView(analyzeSnapshot(snapshot, last));

  it('names the SDK, the one resumed session and the call with its summary, without SDP or candidates', () => {
    expect(view.sdks.map((s) => s.name)).toEqual(['@telnyx/webrtc']);
    expect(view.connections).toHaveLength(1);
    expect(view.connections[0]!.reconnects[0]).toMatchObject({ outcome: 'recovered' });
    expect(view.calls).toHaveLength(1);
    const call = view.calls[0]!;
    expect(call.state).toBe('hangup');
    expect(call.summary).toMatchObject({ outcome: 'answered', hungUpBy: 'local' });
    expect(call).not.toHaveProperty('offerSdp');
    expect(call).not.toHaveProperty('answerSdp');
    expect(call).not.toHaveProperty('candidates');
    expect(view.findings).toEqual([]);
    expect(view.events).toBe(events.length);
  });

  it('counts each socket\'s frames and tells how the dropped one closed', () => {
    expect(view.sockets).toHaveLength(2);
    const frames = events.filter((e) => e.kind === 'ws.frame').length;
    expect(view.sockets.reduce((n, s) => n + s.sent + s.received, 0)).toBe(frames);
    expect(view.sockets.some((s) => s.close?.code === 1006)).toBe(true);
  });

});

describe('rtc.capture(): a recorded SignalWire 4 call with media', () => {
  const sw = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/signalwire-v4-ext-call.events.json'), 'utf8')) as StoredEvent[];
  const view = captureView(analyzeSnapshot({ ...snapshot, events: sw }, Math.max(...sw.map((e) => e.t))));

  it('gives each peer connection its states and last one-second stats summary', () => {
    expect(view.peerConnections.length).toBeGreaterThan(0);
    const withStats = view.peerConnections.filter((p) => p.lastStats);
    expect(withStats.length).toBeGreaterThan(0);
    for (const p of withStats) {
      expect(p.statsSamples).toBeGreaterThan(0);
      expect(p.lastStats!.audio.inKbps).toBeGreaterThanOrEqual(0);
    }
  });
});

const f = (severity: Finding['severity'], rule = 'r', message = 'm'): Finding => ({ rule, severity, t: 0, message, advice: '', evidence: [] });

describe('matching findings and calls', () => {
  it('keeps findings at a severity or above', () => {
    const all = [f('info'), f('warning'), f('error')];
    expect(findingsAtLeast(all, 'info')).toHaveLength(3);
    expect(findingsAtLeast(all, 'warning').map((x) => x.severity)).toEqual(['warning', 'error']);
    expect(findingsAtLeast(all, 'error').map((x) => x.severity)).toEqual(['error']);
    expect(isSeverity('warning')).toBe(true);
    expect(isSeverity('fatal')).toBe(false);
  });

  it('matches a finding by rule, severity floor and message text or pattern', () => {
    const x = f('warning', 'unanswered-invite', 'Invite got no reply in 10 s');
    expect(findingMatches(x, {})).toBe(true);
    expect(findingMatches(x, { rule: 'unanswered-invite', minSeverity: 'warning' })).toBe(true);
    expect(findingMatches(x, { minSeverity: 'error' })).toBe(false);
    expect(findingMatches(x, { message: 'no reply' })).toBe(true);
    expect(findingMatches(x, { message: /^Invite/ })).toBe(true);
    expect(findingMatches(x, { message: 'busy' })).toBe(false);
  });

  it('matches a call by each field given, and describes what was seen for a failure message', () => {
    const call = { id: 'c1', state: 'active' as const, direction: 'outbound' as const, destination: '5151' };
    expect(callMatches(call, { state: 'active' })).toBe(true);
    expect(callMatches(call, { state: 'active', destination: '5152' })).toBe(false);
    expect(callMatches(call, { direction: 'inbound' })).toBe(false);
    expect(describeCalls([call])).toBe('call c1 (outbound to 5151): active');
    expect(describeCalls([])).toBe('no calls captured');
    expect(describeFindings([f('error', 'ice', 'ICE failed')])).toBe('error: [ice] ICE failed');
    expect(describeFindings([])).toBe('no findings');
  });
});
