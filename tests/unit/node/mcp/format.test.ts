import { describe, expect, it } from 'vitest';
import type { DecodedFrame, Finding } from '../../../../core/protocol/types.js';
import type { QualitySample } from '../../../../core/quality/types.js';
import type { RtcCapture, RtcPeerConnection } from '../../../../automation/capture.js';
import { filterFrames, formatFindings, formatOverview, formatSignaling, formatStats, formatTabs, frameLine } from '../../../../node/mcp/format.js';

const frame = (index: number, over: Partial<DecodedFrame> = {}): DecodedFrame => ({
  socketId: 'd:ws-1',
  index,
  frame: index,
  t: 1000 + index * 100,
  dir: index % 2 ? 'received' : 'sent',
  size: 100,
  protocol: 'jsonrpc',
  kind: index % 2 ? 'response' : 'request',
  method: index < 2 ? 'login' : 'telnyx_rtc.invite',
  id: index >> 1,
  summary: `frame ${index}`,
  ...over,
});
const finding = (severity: Finding['severity'], message: string): Finding => ({ rule: 'r', severity, t: 1000, message, advice: 'do this', evidence: [{ kind: 'frame', index: 2 }] });
const sample = (t: number, inKbps: number): QualitySample =>
  ({ t, intervalS: 1, audio: { inKbps, outKbps: 30, packetsInPerSec: 50, packetsOutPerSec: 50 }, video: { inKbps: 0, outKbps: 0, packetsInPerSec: 0, packetsOutPerSec: 0 }, lossPct: 0, jitterMs: 3, rttMs: 20, mos: 4.4, bytesIn: 0, bytesOut: 0 }) as QualitySample;
const pc: RtcPeerConnection = { id: 'd:pc-1', connectionState: 'connected', iceConnectionState: 'connected', signalingState: 'stable', iceGatheringState: 'complete', statsSamples: 30, lastStats: sample(30_000, 32) };

describe('MCP text', () => {
  it('escapes control characters from the page in every line', () => {
    const line = frameLine(frame(0, { summary: 'evil\u001b[2Jtext\nnext', method: 'm\u0007' }), 1000);
    expect(line).not.toMatch(/[\u0000-\u001f]/);
    expect(line).toContain('evil\\x1b[2Jtext\\x0anext');
  });

  it('pairs frames and filters by method, direction and text', () => {
    const frames = [frame(0, { pairedWith: 1, latencyMs: 12 }), frame(1, { pairedWith: 0 }), frame(2), frame(3, { error: { code: -32000, message: 'busy' } })];
    expect(frameLine(frames[0]!, 1000)).toBe('#0 +0.000s sent d:ws-1 login request id=0 ↔#1 12 ms 100 B: frame 0');
    expect(frameLine(frames[3]!, 1000)).toContain('ERROR -32000 busy');
    expect(filterFrames(frames, { method: 'login' }).map((f) => f.index)).toEqual([0, 1]);
    expect(filterFrames(frames, { direction: 'received' }).map((f) => f.index)).toEqual([1, 3]);
    expect(filterFrames(frames, { filter: 'FRAME 2' }).map((f) => f.index)).toEqual([2]);
    const page = formatSignaling(frames, { method: 'telnyx_rtc.invite' }, { limit: 1 });
    expect(page.footer).toBe('Showing 1–1 of 2 matching frame(s) (of 4) (limit 1); 1 more: call again with cursor "1".');
  });

  it('lists findings at a severity or above and says how many below were left out', () => {
    const page = formatFindings([finding('info', 'fyi'), finding('error', 'broken')], 'warning', 1000, {});
    expect(page.lines).toEqual(['[error] r +0.000s: broken\n    advice: do this\n    evidence: frame #2']);
    expect(page.footer).toBe('All 1 finding(s) at warning or above (1 below it not shown) shown.');
  });

  it('summarises stats per second: figures over the series and the last rows, never raw reports', () => {
    const samples = Array.from({ length: 20 }, (_, i) => sample(1000 + i * 1000, 20 + i));
    const text = formatStats({ 'd:pc-1': { pcId: 'd:pc-1', samples, dropped: 0, latest: samples.at(-1) } }, [pc], undefined);
    expect(text).toContain('20 second(s) of stats; over the series:');
    expect(text).toContain('audio in kbps: min 20, avg 30, max 39');
    expect(text).toContain('last 15 of 20 second(s)');
    expect(text.split('\n').filter((l) => /^ {4}\+\d/.test(l))).toHaveLength(15);
    expect(() => formatStats({}, [pc], 'd:pc-9')).toThrow('no peer connection "d:pc-9" in this tab; it has: d:pc-1');
  });

  it('gives an overview that caps long lists and says so', () => {
    const cap: RtcCapture = {
      sdks: [{ name: '@telnyx/webrtc', version: '2.27.10', via: 'global' }],
      connections: [],
      calls: [],
      findings: Array.from({ length: 12 }, (_, i) => finding(i === 5 ? 'error' : 'info', `f${i}`)),
      sockets: [],
      peerConnections: [pc],
      pending: [],
      dropped: { events: 3, bytes: 10, byKind: { 'pc.stats': 3 } },
      events: 99,
    };
    const text = formatOverview({ tabId: 4, url: 'https://app.example/' }, cap);
    expect(text.split('\n')[0]).toBe('Tab 4 — https://app.example/');
    expect(text).toContain('SDKs: @telnyx/webrtc 2.27.10 (global)');
    expect(text).toContain('Findings (12: 1 error, 0 warning, 11 info):\n  [error] r: f5');
    expect(text).toContain('… 4 more findings (get_findings lists all)');
    expect(text).toContain('last second: audio in 32 / out 30 kbps, loss 0.0%, jitter 3 ms, rtt 20 ms, MOS 4.4');
    expect(text).toContain('Dropped by the capture: 3 event(s) (pc.stats 3)');
    expect(formatTabs([{ tabId: 4, url: 'https://a/', title: 'A' }, { url: 'https://b/', title: '', problem: 'never heard from it' }])).toBe('tab 4: https://a/ (A)\n(not captured) https://b/: never heard from it');
  });
});
