import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import type { StoredEvent } from '../../../../core/capture/events.js';
import { buildBundle, buildBundleWithReport, serializeBundle, type BuildInput } from '../../../../core/bundle/build.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { validateBundle } from '../../../../core/bundle/validate.js';
import { bundleSchema, type Schema } from '../../../../core/bundle/schema.js';
import { buildCaptureModel } from '../../../../core/capture/model.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { secretCapture } from './corpus.js';

describe('buildBundle', () => {
  const input = secretCapture();
  const bundle = buildBundle(input);

  it('writes the stable field names other tools read', () => {
    expect(bundle).toMatchObject({ format: 'rtc-devtools-bundle', version: 1, createdAt: new Date(1_790_000_100_000).toISOString() });
    expect(bundle.environment.userAgent).toBe('Mozilla/5.0 Test');
    const s = bundle.sockets[0]!;
    expect(Object.keys(s.frames[0]!).sort()).toEqual(['dir', 'size', 't', 'text']);
    expect(s.frames[0]!.dir).toBe('sent');
    const pc = bundle.peerConnections[0]!;
    expect(pc).toHaveProperty('config');
    expect(Object.keys(pc.events[0]!)).toEqual(expect.arrayContaining(['t', 'type']));
    expect(pc.stats).toHaveProperty('samples');
    expect(Object.keys(bundle.media)).toEqual(expect.arrayContaining(['getUserMedia', 'devices', 'deviceEvents']));
    expect(bundle.sdks[0]).toMatchObject({ name: 'signalwire', version: '4.0.0-beta.12' });
    expect(bundle.connections[0]).toMatchObject({ socketId: 'ws-1', sdk: 'signalwire', states: [{ t: 1, state: 'open' }], reconnects: [] });
    expect(bundle.calls[0]).toMatchObject({ id: 'c-1', sdk: 'signalwire', direction: 'outbound', states: [{ t: 2, state: 'ringing' }], hangup: { cause: 'NORMAL_CLEARING', code: 16 } });
    expect(bundle.findings[0]).toMatchObject({ rule: 'auth', severity: 'error', t: 3 });
    expect(bundle.preflight!.checks[0]).toMatchObject({ id: 'turn', status: 'pass', metrics: {} });
    expect(bundle.dropped).toEqual({ events: 3, bytes: 300, byKind: { 'ws.frame': 3 } });
  });

  it('fits its own JSON Schema', () => {
    expect(validateBundle(bundle)).toEqual([]);
    expect(validateBundle(JSON.parse(serializeBundle(bundle)))).toEqual([]);
  });

  it('keeps the API log in webrtc-internals naming and pulls out the SDPs', () => {
    const pc = bundle.peerConnections[0]!;
    expect(pc.events.map((e) => e.type)).toEqual(['create', 'setConfiguration', 'createOffer', 'createOfferOnSuccess', 'setLocalDescription', 'connectionstatechange']);
    expect(pc.sdps.map((s) => [s.side, s.type, s.from])).toEqual([
      ['local', 'offer', 'createOfferOnSuccess'],
      ['local', 'offer', 'setLocalDescription'],
    ]);
    expect(pc.state.connection).toBe('connected');
  });

  it('reassembles the Telnyx debug report from its frames', () => {
    expect(bundle.telnyxDebugReports).toEqual([
      expect.objectContaining({ socketId: 'ws-1', reportId: 'dr-1', callId: 'c-1', entries: [{ event: 'stats', token: '[redacted]', rtt: 0.02 }] }),
    ]);
  });

  it('takes only the events inside the capture window', () => {
    const all = input.events;
    const w = { start: all[3]!.t, end: all[6]!.t };
    const b = buildBundle({ ...input, window: w });
    expect(b.window).toEqual(w);
    expect(b.sockets[0]!.frames.map((f) => f.t)).toEqual([all[3]!.t, all[4]!.t, all[5]!.t, all[6]!.t]);
    expect(b.peerConnections).toEqual([]);
  });

  it('keeps the context of what is in the window: socket URL, peer connection config, devices', () => {
    const events: CaptureEvent[] = [
      { kind: 'media.devices', t: 1, devices: [{ deviceId: 'd1', groupId: 'g', kind: 'audioinput', label: 'Mic' }] },
      { kind: 'ws.create', t: 2, id: 'ws-1', url: 'wss://relay.example.com/', protocols: [] },
      { kind: 'ws.create', t: 3, id: 'ws-old', url: 'wss://old.example.com/', protocols: [] },
      { kind: 'pc.create', t: 4, id: 'pc-1', config: { bundlePolicy: 'max-bundle' } },
      { kind: 'ws.frame', t: 5, id: 'ws-old', dir: 'sent', size: 2, binary: false, text: '{}' },
      { kind: 'ws.frame', t: 20, id: 'ws-1', dir: 'sent', size: 2, binary: false, text: '{}' },
      { kind: 'pc.event', t: 21, id: 'pc-1', type: 'connectionstatechange', data: { state: 'failed' } },
    ];
    const b = buildBundle({ events, environment: { userAgent: 'x' }, window: { start: 10, end: 30 } });
    expect(b.sockets.map((s) => [s.id, s.url, s.frames.length])).toEqual([['ws-1', 'wss://relay.example.com/', 1]]);
    expect(b.peerConnections[0]).toMatchObject({ id: 'pc-1', config: { bundlePolicy: 'max-bundle' }, state: { connection: 'failed' } });
    expect(b.media.devices.map((d) => d.label)).toEqual(['Mic']);
  });

  it('records which document each socket and peer connection came from', () => {
    const stored = input.events.map((e) => ({ ...e, doc: 'doc-A' }) as StoredEvent);
    const docs = [{ docId: 'doc-A', url: 'https://app.example.com/?token=doc-url-secret', top: true, loadId: 'l1', startedAt: 1 }];
    const b = buildBundle({ ...input, events: stored, docs });
    expect(b.documents).toEqual([{ ...docs[0], url: 'https://app.example.com/?token=[redacted]' }]);
    expect(b.sockets[0]!.doc).toBe('doc-A');
    expect(b.peerConnections[0]!.doc).toBe('doc-A');
  });

  it('keeps the page title of each document, redacted like every string, and validates', () => {
    const stored = input.events.map((e) => ({ ...e, doc: 'doc-A' }) as StoredEvent);
    const docs = [
      { docId: 'doc-A', url: 'https://app.example.com/', top: true, loadId: 'l1', startedAt: 1, title: 'Call +15550100200 · token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig0sig0sig0' },
      { docId: 'doc-B', url: 'https://app.example.com/frame', top: false, loadId: 'l1', startedAt: 2 },
    ];
    const b = buildBundle({ ...input, events: stored, docs });
    expect(b.documents![0]!.title).toBeDefined();
    expect(b.documents![0]!.title).toContain('Call');
    expect(b.documents![0]!.title).not.toContain('eyJzdWIiOiIxIn0');
    expect(b.documents![1]).not.toHaveProperty('title');
    expect(validateBundle(JSON.parse(JSON.stringify(b)))).toEqual([]);
  });

  it('fills what the page left out (environment, raw SDK diagnostics) and stores no quality series', () => {
    const b = buildBundle({
      events: [],
      environment: {},
      analysis: { ...createAnalyzer().snapshot(), sdks: [{ name: 'telnyx', version: '', via: 'traffic' }], quality: { 'pc-1': { pcId: 'pc-1', samples: [], dropped: 0 } } },
      sdkDiagnostics: [{ sdkVersion: '4.0.0' }],
      now: new Date(0),
    });
    expect(b.environment.userAgent).toBe('unknown');
    // Derived per-second series are recomputed by readers, not stored.
    expect(b).not.toHaveProperty('quality');
    expect(b.sdkDiagnostics).toEqual([{ sdk: 'telnyx', data: { sdkVersion: '4.0.0' } }]);
    expect(b.window).toEqual({ start: 0, end: 0 });
    expect(validateBundle(b)).toEqual([]);
    // The analysis is the analyzer's own type: an object of another shape is refused where it is written
    // (checked by tsc), instead of being repaired field by field in the bundle.
    expectTypeOf({ sdks: [{ sdk: 'telnyx' }], calls: [{ id: 7 }] }).not.toMatchTypeOf<BuildInput['analysis']>();
  });

  it('comes back as the same capture through eventsFromBundle', () => {
    const events: CaptureEvent[] = eventsFromBundle(buildBundle({ events: input.events, environment: { userAgent: 'x' } }));
    const m = buildCaptureModel(events);
    const orig = buildCaptureModel(input.events);
    expect(m.sockets.get('ws-1')!.frames.length).toBe(orig.sockets.get('ws-1')!.frames.length);
    expect(m.peerConnections.get('pc-1')!.stats.length).toBe(1);
    expect(m.peerConnections.get('pc-1')!.connectionState).toBe('connected');
    expect([...m.sdks.keys()]).toEqual(['sdk-1']);
    expect(m.notices).toHaveLength(1);
  });

  it('brings socket errors and closes back through eventsFromBundle', () => {
    const events: CaptureEvent[] = [
      { kind: 'ws.create', t: 1, id: 'ws-9', url: 'wss://x', protocols: [] },
      { kind: 'ws.error', t: 5, id: 'ws-9' },
      { kind: 'ws.close', t: 6, id: 'ws-9', code: 1006, reason: '', wasClean: false, initiator: 'remote' },
    ];
    const m = buildCaptureModel(eventsFromBundle(buildBundle({ events, environment: { userAgent: 'x' } })));
    expect(m.sockets.get('ws-9')).toMatchObject({ errors: 1, state: 'closed', close: { code: 1006, initiator: 'remote' } });
  });

  it('runs the protocol analyzer itself when no analysis is given', () => {
    let t = 1000;
    const f = (dir: 'sent' | 'received', o: unknown): CaptureEvent => ({ kind: 'ws.frame', t: (t += 100), id: 'ws-1', dir, size: 10, binary: false, text: JSON.stringify(o) });
    const events: CaptureEvent[] = [
      { kind: 'ws.create', t, id: 'ws-1', url: 'wss://rtc.example.com', protocols: [] },
      { kind: 'ws.open', t: (t += 10), id: 'ws-1', protocol: '', extensions: '' },
      f('sent', { jsonrpc: '2.0', id: 1, method: 'login', params: { login: 'a', passwd: 'pw-in-analyzer-test' } }),
      f('received', { jsonrpc: '2.0', id: 1, result: { message: 'logged in', sessid: 's1' } }),
      f('sent', { jsonrpc: '2.0', id: 2, method: 'telnyx_rtc.invite', params: { sessid: 's1', sdp: 'v=0', dialogParams: { callID: 'call-1', destination_number: '+15551234567' } } }),
      f('received', { jsonrpc: '2.0', id: 2, result: { message: 'CALL CREATED', callID: 'call-1' } }),
      f('sent', { jsonrpc: '2.0', id: 3, method: 'telnyx_rtc.bye', params: { sessid: 's1', cause: 'NORMAL_CLEARING', causeCode: 16, dialogParams: { callID: 'call-1' } } }),
    ];
    const b = buildBundle({ events, environment: { userAgent: 'x' } });
    expect(b.messages).toHaveLength(5);
    // Each decoded frame points at its frame instead of repeating its time, direction and size.
    expect(b.messages![1]).toMatchObject({ socketId: 'ws-1', frame: 1, kind: 'response', pairedWith: 0 });
    expect(b.messages![1]).not.toHaveProperty('t');
    expect(b.messages![1]).not.toHaveProperty('index');
    expect(b.calls).toEqual([expect.objectContaining({ id: 'call-1', direction: 'outbound', hangup: expect.objectContaining({ cause: 'NORMAL_CLEARING', code: 16 }) })]);
    expect(b.connections[0]).toMatchObject({ socketId: 'ws-1' });
    const text = serializeBundle(b);
    expect(text).not.toContain('pw-in-analyzer-test');
    expect(text).not.toContain('5551234567');
    expect(validateBundle(b)).toEqual([]);
  });

  it('returns the redaction report with the bundle', () => {
    const { redactions } = buildBundleWithReport(input);
    expect(redactions.every((r) => r.path.startsWith('$.') && r.count > 0 && r.where)).toBe(true);
  });
});

describe('bundle JSON Schema', () => {
  it('has every $ref resolvable and every required field declared', () => {
    const problems: string[] = [];
    const visit = (s: Schema, where: string) => {
      if (s.$ref && !bundleSchema.$defs?.[s.$ref.replace('#/$defs/', '')]) problems.push(`${where}: ${s.$ref}`);
      for (const r of s.required ?? []) if (!s.properties?.[r]) problems.push(`${where}: required ${r} not in properties`);
      for (const [k, p] of Object.entries(s.properties ?? {})) visit(p, `${where}.${k}`);
      if (s.items) visit(s.items, `${where}[]`);
      if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, `${where}{}`);
    };
    visit(bundleSchema, '$');
    for (const [k, d] of Object.entries(bundleSchema.$defs ?? {})) visit(d, `$defs.${k}`);
    expect(problems).toEqual([]);
  });

  it('rejects what a reader could not use, with the path', () => {
    const b = JSON.parse(serializeBundle(buildBundle(secretCapture())));
    b.sockets[0].frames[1].dir = 'up';
    b.peerConnections[0].stats.encoding = 'gzip-v9';
    expect(validateBundle(b).map((p) => p.path)).toEqual(['$.sockets[0].frames[1].dir', '$.peerConnections[0].stats.encoding']);
  });
});

describe('buildBundle: the per-call summary', () => {
  it('gives each analysed call its summary (outcome, who hung up, times, quality), without repeating the destination', async () => {
    const { Seq, sdp } = await import('../../../fixtures/protocol/builder.js');
    const { TX_URL, txLogin } = await import('../../../fixtures/protocol/telnyx.js');
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    const inv = s.uuid();
    s.send('ws-1', { jsonrpc: '2.0', id: inv, method: 'telnyx_rtc.invite', params: { sessid: 'sess-1', sdp: sdp('bLoc'), dialogParams: { callID: 'call-9', destination_number: '+15550100200' } } });
    s.wait(25).recv('ws-1', { jsonrpc: '2.0', id: inv, result: { callID: 'call-9', message: 'CALL CREATED' } });
    s.wait(300).recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.bye', params: { callID: 'call-9', cause: 'CALL_REJECTED', causeCode: 21 } });
    const bundle = buildBundle({ events: s.events, environment: {}, now: new Date(0) });
    const call = bundle.calls.find((c) => c.id === 'call-9')!;
    expect(call.summary).toMatchObject({
      callId: 'call-9',
      outcome: 'rejected',
      outcomeText: 'rejected: the other side (or its network) declined the call',
      hungUpBy: 'remote',
      cause: { name: 'CALL_REJECTED', code: 21, kind: 'rejected' },
      quality: [],
    });
    expect(call.summary).not.toHaveProperty('destination');
    expect(JSON.stringify(bundle)).not.toContain('15550100200');
    expect(validateBundle(bundle)).toEqual([]);
  });
});
