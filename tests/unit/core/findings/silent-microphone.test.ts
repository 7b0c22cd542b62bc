/**
 * silent-microphone: digital silence from a sending microphone for 8 s in a call is reported once, naming
 * the track; a quiet room, a track that is not sending, a receive-only negotiation and short pauses are not.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../../../core/bundle/build.js';
import { readBundleValue } from '../../../../core/bundle/import.js';
import { toWebrtcInternals } from '../../../../core/bundle/interop/webrtc-internals.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { SILENT_MS } from '../../../../core/findings/silent-microphone.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';

function findings(call: MediaCall, rule = 'silent-microphone') {
  const a = createAnalyzer();
  for (const ev of call.events) a.push(ev);
  return a.snapshot().findings.filter((f) => f.rule === rule);
}

/** Muted at the source: packets go on, energy stops growing (what track.enabled = false does in Chromium). */
const muted = (c: Record<string, Record<string, number>>) => {
  c.SA!.totalAudioEnergy! -= 0.01;
};

describe('silent-microphone', () => {
  it('fires once after 8 s of digital silence while packets go out, naming the track', () => {
    const call = new MediaCall().seconds(3).seconds(12, muted);
    const f = findings(call);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.message).toContain('"USB Desk Mic"');
    expect(f[0]!.message).toMatch(/digital silence for 8 s/);
    expect(f[0]!.advice).toContain('track.enabled = false');
    expect(f[0]!.evidence?.map((e) => e.kind)).toEqual(['stats', 'stats']);
    expect(SILENT_MS).toBe(8000);
  });

  it('fires again for a second silence after the sound came back', () => {
    const call = new MediaCall().seconds(10, muted).seconds(3).seconds(10, muted);
    expect(findings(call)).toHaveLength(2);
  });

  it('stays quiet on a quiet room (a noise floor far below speech, but not zero)', () => {
    const call = new MediaCall().seconds(20, (c) => {
      c.SA!.totalAudioEnergy! += 1e-7 - 0.01;
    });
    expect(findings(call)).toEqual([]);
  });

  it('stays quiet on 7 s of silence (a pause, a short mute)', () => {
    const call = new MediaCall().seconds(7, muted).seconds(5);
    expect(findings(call)).toEqual([]);
  });

  it('stays quiet when nothing is sent (no packets: one-way-media is the rule for that)', () => {
    const call = new MediaCall().seconds(12, (c) => {
      muted(c);
      c.OA!.packetsSent! -= 50;
    });
    expect(findings(call)).toEqual([]);
  });

  it('stays quiet when the far end answered sendonly (we only receive audio)', () => {
    const call = new MediaCall({ answer: 'sendonly' }).seconds(12, muted);
    expect(findings(call)).toEqual([]);
  });

  it('stays quiet on hostile reports (strings for counters, a missing media-source)', () => {
    const call = new MediaCall().seconds(12, (c, f) => {
      muted(c);
      f.OA!.mediaSourceId = 'nope';
    });
    expect(findings(call)).toEqual([]);
    const strings = new MediaCall().seconds(12, (c, f) => {
      f.SA!.totalAudioEnergy = 'x';
      delete c.SA!.totalAudioEnergy;
    });
    expect(findings(strings)).toEqual([]);
  });

  it('fires the same from an exported bundle and from a webrtc-internals dump of the capture (the analyzer path is shared)', () => {
    const call = new MediaCall().seconds(3).seconds(12, muted);
    const bundle = buildBundle({ events: call.events, environment: { userAgent: 'Mozilla/5.0 Chrome/156', pageUrl: 'https://app.example.com/', platform: 'Linux' }, now: new Date(1_790_000_100_000) });
    const dump = readBundleValue(JSON.parse(JSON.stringify(toWebrtcInternals(bundle))), 'dump.json');
    if (!dump.ok) throw new Error('dump did not import');
    const messages = (events: Parameters<MediaCall['s']['push']>[0][]) => {
      const a = createAnalyzer();
      for (const ev of events) a.push(ev);
      return a.snapshot().findings.filter((f) => f.rule === 'silent-microphone').map((f) => f.message.replace(/ on \S+:/, ':'));
    };
    const live = messages(call.events);
    expect(live).toHaveLength(1);
    // A bundle and a dump keep no getUserMedia track ids, so the track is named by the id the stats carry.
    const byId = [live[0]!.replace('"USB Desk Mic"', 'track mic-1')];
    expect(messages(eventsFromBundle(bundle))).toEqual(byId);
    expect(messages(eventsFromBundle(dump.bundle))).toEqual(byId);
  });
});
