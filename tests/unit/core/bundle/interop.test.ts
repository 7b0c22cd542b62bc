import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { buildBundle } from '../../../../core/bundle/build.js';
import { readBundleValue } from '../../../../core/bundle/import.js';
import { decodeStats } from '../../../../core/bundle/stats-delta.js';
import { fromWebrtcInternals, samplesFromSeries, toWebrtcInternals, INTERNALS_MAX_POINTS } from '../../../../core/bundle/interop/webrtc-internals.js';
import { toHar } from '../../../../core/bundle/interop/har.js';
import { interopFile } from '../../../../core/bundle/interop/files.js';
import { realDump, syntheticStats } from '../../../fixtures/bundle/synthetic-stats.js';

function callCapture(samples = 5): CaptureEvent[] {
  const stats = syntheticStats(samples);
  const t0 = stats[0]!.t - 2000;
  return [
    { kind: 'pc.create', t: t0, id: 'pc-1', config: { iceServers: [{ urls: 'stun:stun.example.com' }] } },
    { kind: 'pc.call', t: t0 + 1, id: 'pc-1', method: 'createOffer', args: [] },
    { kind: 'pc.result', t: t0 + 3, id: 'pc-1', method: 'createOffer', ok: true, value: { type: 'offer', sdp: 'v=0\r\n' }, durationMs: 2 },
    { kind: 'pc.call', t: t0 + 4, id: 'pc-1', method: 'setRemoteDescription', args: [{ type: 'answer', sdp: 'v=0\r\n' }] },
    { kind: 'pc.result', t: t0 + 5, id: 'pc-1', method: 'setRemoteDescription', ok: false, value: { name: 'InvalidStateError', message: 'wrong state' }, durationMs: 1 },
    { kind: 'pc.event', t: t0 + 6, id: 'pc-1', type: 'iceconnectionstatechange', data: { state: 'connected' } },
    { kind: 'pc.event', t: t0 + 7, id: 'pc-1', type: 'icecandidate', data: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0' } },
    ...stats.map((s): CaptureEvent => ({ kind: 'pc.stats', t: s.t, id: 'pc-1', reports: s.reports })),
    { kind: 'media.gum', t: t0 - 100, id: 'g1', api: 'getUserMedia', constraints: { audio: true, video: { width: 640 } } },
    { kind: 'media.gum.result', t: t0 - 50, id: 'g1', api: 'getUserMedia', ok: true, durationMs: 50, tracks: [{ id: 'tr-a', kind: 'audio', label: 'Mic', settings: {} }] },
    { kind: 'ws.create', t: t0 - 500, id: 'ws-1', url: 'wss://relay.example.com/?x=1', protocols: ['json'] },
    { kind: 'ws.open', t: t0 - 400, id: 'ws-1', protocol: 'json', extensions: '' },
    { kind: 'ws.frame', t: t0 - 300.5, id: 'ws-1', dir: 'sent', size: 15, binary: false, text: '{"method":"a"}' },
    { kind: 'ws.frame', t: t0 - 200, id: 'ws-1', dir: 'received', size: 300, binary: true, preview: '00ff10' },
    { kind: 'ws.close', t: t0 - 100, id: 'ws-1', code: 1006, reason: '', wasClean: false, initiator: 'remote' },
  ];
}

const bundle = () =>
  buildBundle({
    events: callCapture(),
    environment: { userAgent: 'Mozilla/5.0 Chrome/156', pageUrl: 'https://app.example.com/call', platform: 'Linux' },
    now: new Date(1_790_000_000_000),
  });

describe('webrtc-internals dump export', () => {
  it('writes what the dump importers need: UserAgentData, -timestamp series, string values, time and timestamp', () => {
    const dump = toWebrtcInternals(bundle());
    expect(dump.UserAgent).toBe('Mozilla/5.0 Chrome/156');
    expect(dump.UserAgentData).toEqual({ brands: [], mobile: false, platform: 'Linux' });
    const pc = dump.PeerConnections['1-1']!;
    expect(pc.url).toBe('https://app.example.com/call');
    expect(JSON.parse(pc.rtcConfiguration)).toEqual({ iceServers: [{ urls: 'stun:stun.example.com' }] });
    const ts = Object.keys(pc.stats).filter((k) => k.endsWith('-timestamp'));
    expect(ts.length).toBe(18);
    for (const s of Object.values(pc.stats)) {
      expect(typeof s.values).toBe('string');
      expect(JSON.parse(s.values)).toHaveLength(5);
      expect(new Date(s.startTime).toISOString()).toBe(s.startTime);
    }
    expect(pc.updateLog.map((u) => u.type)).toEqual([
      'createOffer',
      'createOfferOnSuccess',
      'setRemoteDescription',
      'setRemoteDescriptionOnFailure',
      'oniceconnectionstatechange',
      'onicecandidate',
    ]);
    for (const u of pc.updateLog) {
      expect(typeof u.value).toBe('string');
      expect(new Date(u.time!).getTime()).toBe(u.timestamp);
    }
    expect(pc.updateLog[3]!.value).toBe('InvalidStateError: wrong state');
    expect(pc.updateLog[4]!.value).toBe('"connected"');
    expect(dump.getUserMedia).toEqual([
      expect.objectContaining({ request_type: 'getUserMedia', audio: '', video: '{"width":640}', origin: 'https://app.example.com' }),
      expect.objectContaining({ request_id: 0, audio_track_info: '{"id":"tr-a","label":"Mic"}' }),
    ]);
  });

  it('keeps at most the last 1000 points per series', () => {
    const b = buildBundle({ events: callCapture(INTERNALS_MAX_POINTS + 20), environment: { userAgent: 'x' } });
    const pc = toWebrtcInternals(b).PeerConnections['1-1']!;
    const series = Object.entries(pc.stats).find(([k]) => k.endsWith('-bytesSent'))![1];
    const values = JSON.parse(series.values) as number[];
    expect(values).toHaveLength(INTERNALS_MAX_POINTS);
    const all = decodeStats(b.peerConnections[0]!.stats.samples).samples;
    const id = Object.keys(pc.stats).find((k) => k.endsWith('-bytesSent'))!.replace(/-bytesSent$/, '');
    expect(values.at(-1)).toBe(all.at(-1)!.reports[id]!.bytesSent);
  });

  it('comes back through our importer with the same stats and log', () => {
    const b = bundle();
    const r = readBundleValue(JSON.parse(JSON.stringify(toWebrtcInternals(b))), 'dump.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.kind).toBe('webrtc-internals');
    const before = decodeStats(b.peerConnections[0]!.stats.samples).samples;
    const after = decodeStats(r.bundle.peerConnections[0]!.stats.samples).samples;
    expect(after.length).toBe(before.length);
    // Reports come back with every property (ids and types included) at the same times.
    expect(JSON.parse(JSON.stringify(after.map((s) => s.reports)))).toEqual(JSON.parse(JSON.stringify(before.map((s) => s.reports))));
    expect(r.bundle.peerConnections[0]!.events.map((e) => `${e.kind}:${e.type}`)).toEqual([
      'create:create',
      'call:createOffer',
      'result:createOfferOnSuccess',
      'call:setRemoteDescription',
      'result:setRemoteDescriptionOnFailure',
      'event:iceconnectionstatechange',
      'event:icecandidate',
    ]);
    expect(r.bundle.peerConnections[0]!.state.iceConnection).toBe('connected');
  });
});

describe('webrtc-internals dump import', () => {
  it('aligns RTCP-timed reports (own timestamps) with the polls they were seen in', () => {
    const { bundle } = fromWebrtcInternals(realDump());
    const samples = decodeStats(bundle.peerConnections[0]!.stats.samples).samples;
    // RIA... appears in the dump with 5 points and a repeated RTCP time: the last 5 polls.
    const withRia = samples.map((s) => Object.keys(s.reports).some((id) => id.startsWith('RIA')));
    expect(withRia).toEqual([false, false, true, true, true, true, true]);
    const ria = Object.values(samples.at(-1)!.reports).find((r) => String(r.id).startsWith('RIA'))!;
    expect(ria.type).toBe('remote-inbound-rtp');
  });

  it('skips the rates webrtc-internals derived itself, and reads dumps without -timestamp series', () => {
    const series = {
      'X1-[bytesSent_in_bits/s]': { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:02.000Z', statsType: 'transport', values: '[1,2,3]' },
      'X1-bytesSent': { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:02.000Z', statsType: 'transport', values: '[10,20,30]' },
      'X1-[a-b-c]': { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:02.000Z', statsType: 'transport', values: '[0,0,0]' },
      broken: { values: 'nope' },
    };
    const r = samplesFromSeries(series);
    expect(r.derivedSkipped).toBe(2);
    expect(r.badSeries).toBe(1);
    expect(r.samples.map((s) => [s.t, s.reports.X1!.bytesSent])).toEqual([
      [Date.parse('2026-01-01T00:00:00.000Z'), 10],
      [Date.parse('2026-01-01T00:00:01.000Z'), 20],
      [Date.parse('2026-01-01T00:00:02.000Z'), 30],
    ]);
  });

  it('reads old-style "type: offer, sdp: ..." descriptions and says when UserAgentData is missing', () => {
    const { bundle, warnings } = fromWebrtcInternals({
      getUserMedia: [],
      PeerConnections: { '1-1': { pid: 1, url: 'https://x', rtcConfiguration: '{ iceServers: [] }', updateLog: [{ time: '2020-01-01T00:00:00Z', type: 'setLocalDescription', value: 'type: offer, sdp: v=0\r\n' }], stats: {} } },
      UserAgent: 'old',
    });
    expect(bundle.peerConnections[0]!.sdps).toEqual([{ t: Date.parse('2020-01-01T00:00:00Z'), side: 'local', type: 'offer', sdp: 'v=0\r\n', from: 'setLocalDescription' }]);
    expect(bundle.peerConnections[0]!.config).toBe('{ iceServers: [] }');
    expect(warnings.join(' ')).toMatch(/no UserAgentData/);
  });
});

describe('HAR export of WebSocket traffic', () => {
  it('writes each socket as Chrome DevTools does: 101 upgrade, websocket type, messages in seconds', () => {
    const har = toHar(bundle());
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(1);
    const e = har.log.entries[0]!;
    expect(e._resourceType).toBe('websocket');
    expect(e.request).toMatchObject({ method: 'GET', url: 'wss://relay.example.com/?x=1', queryString: [{ name: 'x', value: '1' }] });
    expect(e.request.headers).toEqual([{ name: 'Sec-WebSocket-Protocol', value: 'json' }]);
    expect(e.response).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    const created = Date.parse(e.startedDateTime);
    expect(e._webSocketMessages).toEqual([
      { type: 'send', time: (created + 199.5) / 1000, opcode: 1, data: '{"method":"a"}' },
      { type: 'receive', time: (created + 300) / 1000, opcode: 2, data: Buffer.from([0, 255, 16]).toString('base64') },
    ]);
    expect(e.time).toBe(400);
    expect(e.comment).toMatch(/binary frames hold only their first bytes.*closed with code 1006 by the remote/);
    // Every timing HAR 1.2 requires is present.
    expect(Object.keys(e.timings).sort()).toEqual(['_blocked_queueing', 'blocked', 'connect', 'dns', 'receive', 'send', 'ssl', 'wait']);
  });
});

describe('interop files', () => {
  it('names and fills both files from a bundle file name', () => {
    const b = bundle();
    const har = interopFile('har', b, 'rtc-diagnostics-app-20261125-200500.json.gz');
    expect(har.name).toBe('rtc-diagnostics-app-20261125-200500.har');
    expect(JSON.parse(har.text).log.entries).toHaveLength(1);
    const dump = interopFile('webrtc-internals', b, 'rtc-diagnostics-app-20261125-200500');
    expect(dump.name).toBe('rtc-diagnostics-app-20261125-200500.webrtc-internals.json');
    expect(Object.keys(JSON.parse(dump.text).PeerConnections)).toEqual(['1-1']);
  });
});
