/**
 * Analyses of real SDK traffic recorded against the project's fake servers (see the record-*.ts scripts
 * next to the recordings). These pin the analyzer to what the SDKs really send, not to hand-made frames.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../core/capture/events.js';
import { createAnalyzer } from '../../../core/protocol/analyzer.js';

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
