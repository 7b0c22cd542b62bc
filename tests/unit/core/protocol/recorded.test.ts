/**
 * Analyses of real SDK traffic recorded against the project's fake servers (see the record-*.ts scripts
 * next to the recordings). These pin the analyzer to what the SDKs really send, not to hand-made frames.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';

function load(name: string): CaptureEvent[] {
  return JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded', name), 'utf8')) as CaptureEvent[];
}

function analyze(events: CaptureEvent[]) {
  const a = createAnalyzer();
  for (const ev of events) a.push(ev);
  a.tick(events[events.length - 1]!.t);
  return a.snapshot();
}

describe('@signalwire/realtime-api 4.2.1 recorded: listen, dial, message, network drop, resume, hang up', () => {
  const events = load('realtime-drop.events.json');
  const an = analyze(events);
  const frames = events.filter((e) => e.kind === 'ws.frame').length;

  it('names the SDK from its agent and sees one session across both sockets', () => {
    expect(an.sdks).toEqual([expect.objectContaining({ name: '@signalwire/realtime-api', version: '4.2.1', via: 'traffic' })]);
    expect(an.connections).toHaveLength(1);
    const c = an.connections[0]!;
    expect(c.sockets).toHaveLength(2);
    expect(c.protocolMajor).toBe(3);
    expect(c.states.map((x) => x.state)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(c.auth?.state).toBe('ok');
  });

  it('sees the reconnect: one attempt after the SDK\'s random 1-4 s delay, resuming the old protocol', () => {
    const ep = an.connections[0]!.reconnects[0]!;
    expect(ep).toMatchObject({ attempts: 1, outcome: 'recovered', resumed: true, closeCode: 1006 });
    expect(ep.delaysMs[0]).toBeGreaterThanOrEqual(900);
    expect(ep.delaysMs[0]).toBeLessThanOrEqual(4250);
  });

  it('pairs every request with its reply, including event acks and server pings', () => {
    expect(an.messages).toHaveLength(frames);
    const unpaired = an.messages.filter((m) => m.kind === 'request' && m.pairedWith === undefined);
    expect(unpaired).toEqual([]);
    const pings = an.connections[0]!.keepalive;
    expect(pings.sent).toBeGreaterThanOrEqual(2);
    expect(pings.answered).toBe(pings.sent);
  });

  it('follows the dialled call from calling.call.state events to its end, asked by this side', () => {
    expect(an.calls).toHaveLength(1);
    const call = an.calls[0]!;
    expect(call.direction).toBe('outbound');
    expect(call.states.map((x) => x.state)).toEqual(['new', 'trying', 'ringing', 'active', 'hangup']);
    expect(call.hangup).toMatchObject({ by: 'local', cause: 'hangup' });
  });

  it('finds nothing wrong: the drop was survived as the SDK documents', () => {
    expect(an.findings).toEqual([]);
  });
});

describe('@telnyx/webrtc 2.27.10 recorded in Chromium: debug reports, trickle ICE, socket drop mid-call, attach, hangup', () => {
  const events = load('telnyx-drop-attach.events.json');
  const an = analyze(events);

  it('names the SDK from login and joins both sockets into one resumed session', () => {
    expect(an.sdks).toEqual([expect.objectContaining({ name: '@telnyx/webrtc', version: '2.27.10' })]);
    expect(an.connections).toHaveLength(1);
    const c = an.connections[0]!;
    expect(c.sockets).toHaveLength(2);
    expect(c.gatewayState).toBe('REGED');
    expect(c.ids.voiceSdkId).toMatch(/^VSDK/);
    const ep = c.reconnects[0]!;
    expect(ep).toMatchObject({ attempts: 1, resumed: true, outcome: 'recovered', closeCode: 1006 });
    // Telnyx's first retry: 1 s +-25 %.
    expect(ep.delaysMs[0]).toBeGreaterThanOrEqual(750);
    expect(ep.delaysMs[0]).toBeLessThanOrEqual(1250 + 250);
  });

  it('pairs every request the page sent, debug_report frames (no method) included', () => {
    const sent = an.messages.filter((m) => m.dir === 'sent' && m.kind === 'request');
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter((m) => m.pairedWith === undefined)).toEqual([]);
    const debug = an.messages.filter((m) => m.protocol === 'telnyx-debug');
    expect(new Set(debug.map((m) => m.method))).toEqual(new Set(['debug_report_start', 'debug_report_data', 'debug_report_stop']));
  });

  it('follows the call through the drop: recovering on the server attach, active again on the attach reply', () => {
    expect(an.calls).toHaveLength(1);
    const call = an.calls[0]!;
    expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'ringing', 'active', 'recovering', 'active', 'hangup']);
    expect(call.attaches.map((a) => a.dir)).toEqual(['received', 'sent']);
    expect(call.candidates.length).toBeGreaterThan(0);
    expect(call.endOfCandidates).toBe(true);
    expect(call.hangup).toMatchObject({ by: 'local', cause: 'NORMAL_CLEARING', code: 16 });
    expect(call.destination).toBe('+15557654321');
  });

  it('finds nothing wrong in a drop the SDK recovered from by its documented policy', () => {
    expect(an.findings).toEqual([]);
  });
});

describe('SignalWire browser SDKs recorded in Chromium: dial, media, network drop, resume, hang up', () => {
  const cases = [
    { file: 'signalwire-v4-drop.events.json', agent: { name: '@signalwire/js', version: '4.0.0' }, major: 4, wrapper: 'webrtc.verto', delay: [50, 400] },
    { file: 'signalwire-v3-drop.events.json', agent: { name: '@signalwire/js', version: '3.30.0' }, major: 3, wrapper: 'video.message', delay: [900, 4250] },
  ] as const;
  for (const c of cases) {
    describe(c.file, () => {
      const an = analyze(load(c.file));
      it('names the SDK and its protocol version from signalwire.connect', () => {
        expect(an.sdks).toEqual([expect.objectContaining(c.agent)]);
        expect(an.connections[0]!.protocolMajor).toBe(c.major);
      });
      it(`finds the Verto invite inside ${c.wrapper}, paired with CALL CREATED, and the answer pushed in signalwire.event`, () => {
        const invite = an.messages.find((m) => m.inner?.method === 'verto.invite')!;
        expect(invite.method).toBe(c.wrapper);
        expect(an.messages[invite.pairedWith!]!.summary).toMatch(/^verto\.invite: result ▸ CALL CREATED/);
        const answer = an.messages.find((m) => m.inner?.method === 'verto.answer')!;
        expect(answer.method).toBe('signalwire.event');
        expect(an.messages[answer.pairedWith!]!.summary).toMatch(/^ack of signalwire\.event ▸ verto\.answer/);
      });
      it('pairs every request both ways', () => {
        expect(an.messages.filter((m) => m.kind === 'request' && m.pairedWith === undefined)).toEqual([]);
      });
      it('sees one session resumed after the drop, with a retry delay matching the SDK policy', () => {
        expect(an.connections).toHaveLength(1);
        const ep = an.connections[0]!.reconnects[0]!;
        expect(ep).toMatchObject({ attempts: 1, resumed: true, outcome: 'recovered' });
        expect(ep.delaysMs[0]).toBeGreaterThanOrEqual(c.delay[0]);
        expect(ep.delaysMs[0]).toBeLessThanOrEqual(c.delay[1]);
      });
      it('keeps the call across the drop and ends it with the bye sent on the new socket', () => {
        expect(an.calls).toHaveLength(1);
        const call = an.calls[0]!;
        expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'active', 'hangup']);
        expect(call.hangup?.by).toBe('local');
        expect(an.findings).toEqual([]);
      });
    });
  }
});

describe('SignalWire 4.0 beta recorded in Chromium: inbound call rung by the relay, answered, hung up', () => {
  const an = analyze(load('signalwire-v4-inbound.events.json'));

  it('models the inbound call from the invite pushed in signalwire.event to the local bye', () => {
    expect(an.calls).toHaveLength(1);
    const call = an.calls[0]!;
    expect(call).toMatchObject({ direction: 'inbound', caller: '+15550002222', sdk: 'signalwire' });
    expect(call.states.map((x) => x.state)).toEqual(['new', 'ringing', 'answering', 'active', 'hangup']);
    expect(call.hangup?.by).toBe('local');
    expect(call.offerSdp).toMatch(/^v=0/);
    expect(call.answerSdp).toMatch(/^v=0/);
    // Ringing until the user clicked answer is not setup delay.
    expect(an.findings).toEqual([]);
  });

  it('pairs the answer sent in webrtc.verto with CALL ANSWERED', () => {
    const answer = an.messages.find((m) => m.inner?.method === 'verto.answer')!;
    expect(answer.dir).toBe('sent');
    expect(an.messages[answer.pairedWith!]!.summary).toMatch(/^verto\.answer: result ▸ CALL ANSWERED/);
  });
});

describe('SignalWire 4.0 beta recorded in Chromium, misbehaving relay', () => {
  it('a relay that never answers verto.invite: "RPC `verto.invite` got no answer in 5 s", from the SDK\'s own time-out', () => {
    const events = load('signalwire-v4-withheld-invite.events.json');
    const a = createAnalyzer();
    for (const ev of events) a.push(ev);
    const invite = a.snapshot().messages.find((m) => m.inner?.method === 'verto.invite')!;
    a.tick(invite.t + 4999);
    expect(a.snapshot().findings).toEqual([]);
    a.tick(invite.t + 5000);
    const f = a.snapshot().findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'rpc-timeout', severity: 'error', message: 'RPC `verto.invite` got no answer in 5 s' });
    expect(f[0]!.evidence[0]).toMatchObject({ kind: 'frame', index: invite.index, socketId: invite.socketId });
    // The SDK rejected the dial at its time-out: the call is over, ended on this side, not left "requesting".
    expect(a.snapshot().calls[0]!.states.map((x) => x.state)).toEqual(['new', 'requesting', 'hangup']);
    expect(a.snapshot().calls[0]!.hangup).toEqual({ t: invite.t + 5000, by: 'local', cause: 'INVITE_TIMEOUT' });
    expect(a.snapshot().pending).toEqual([]);
  });

  it('a relay refusing the token: one login failure with the server\'s reason', () => {
    const an = analyze(load('signalwire-v4-auth-refused.events.json'));
    expect(an.connections[0]!.auth).toMatchObject({ state: 'failed', method: 'signalwire.connect', error: { code: -32002 } });
    expect(an.findings).toHaveLength(1);
    expect(an.findings[0]!.message).toMatch(/^Login failed \(`signalwire\.connect`\): -32002 Authentication service failed .*401 Unauthorized/);
  });
});

describe('@telnyx/webrtc through the extension: server refuses reconnects for 8 s, the SDK backs off, re-attaches', () => {
  const events = load('telnyx-ext-refused.events.json');
  const an = analyze(events);

  it('holds every kind of capture the hook makes, and merges the hook\'s SDK with the traffic\'s', () => {
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['ws.create', 'ws.frame', 'ws.close', 'pc.create', 'pc.call', 'pc.event', 'pc.stats', 'sdk.found']) expect(kinds).toContain(k);
    expect(an.sdks).toEqual([expect.objectContaining({ name: '@telnyx/webrtc', version: '2.27.10' })]);
  });

  it('sees one reconnect episode: refused attempts that opened and were cut are failures, not recoveries', () => {
    expect(an.connections).toHaveLength(1);
    const c = an.connections[0]!;
    expect(c.sockets.length).toBeGreaterThanOrEqual(4);
    expect(c.reconnects).toHaveLength(1);
    const ep = c.reconnects[0]!;
    expect(ep.outcome).toBe('recovered');
    expect(ep.resumed).toBe(true);
    expect(ep.attempts).toBe(c.sockets.length - 1);
    expect(c.states.map((x) => x.state)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('finds the real back-off within Telnyx policy (1 s x 2^(n-1) +-25 %): no back-off or storm finding', () => {
    const delays = an.connections[0]!.reconnects[0]!.delaysMs;
    delays.slice(0, 3).forEach((d, i) => {
      const exp = 1000 * 2 ** i;
      expect(d).toBeGreaterThan(exp * 0.75 - 100);
      expect(d).toBeLessThan(exp * 1.25 + 250);
    });
    expect(an.findings).toEqual([]);
  });

  it('links the call to the peer connection that carried it and to the one made for the re-attach', () => {
    const call = an.calls[0]!;
    expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'ringing', 'active', 'recovering', 'active', 'hangup']);
    const pcs = [...new Set(events.filter((e) => e.kind === 'pc.create').map((e) => e.id))];
    expect(call.pcIds).toEqual(pcs);
    expect(call.pcId).toBe(pcs[0]);
  });

  it('measures media quality from the real getStats samples of both peer connections', () => {
    for (const pc of an.calls[0]!.pcIds!) {
      const q = an.quality[pc]!;
      expect(q.samples.length).toBeGreaterThan(1);
      const last = q.latest!;
      expect(last.audio.inKbps).toBeGreaterThan(5);
      expect(last.audio.outKbps).toBeGreaterThan(5);
      expect(last.rttMs).toBeDefined();
      expect(last.band).toBe('excellent');
    }
  });
});

describe('SignalWire 4.0 beta through the extension: a call with real media, then hang up', () => {
  const events = load('signalwire-v4-ext-call.events.json');
  const an = analyze(events);

  it('merges the hook-discovered SDK with the agent on the wire', () => {
    expect(an.sdks).toHaveLength(1);
    expect(an.sdks[0]).toMatchObject({ name: '@signalwire/js' });
    expect(an.sdks[0]!.via.split('+')).toContain('traffic');
  });

  it('links the call to its RTCPeerConnection by the SDP the page set', () => {
    const pcs = [...new Set(events.filter((e) => e.kind === 'pc.create').map((e) => e.id))];
    expect(pcs).toHaveLength(1);
    const call = an.calls[0]!;
    expect(call.pcId).toBe(pcs[0]);
    expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'active', 'hangup']);
  });

  it('rates the media both ways with an excellent MOS on loopback, and finds nothing wrong', () => {
    const q = an.quality[an.calls[0]!.pcId!]!;
    expect(q.samples.length).toBeGreaterThanOrEqual(3);
    const flowing = q.samples.filter((s) => s.audio.inKbps > 5 && s.audio.outKbps > 5);
    expect(flowing.length).toBeGreaterThanOrEqual(2);
    expect(q.latest!.band).toBe('excellent');
    expect(an.findings).toEqual([]);
  });
});
