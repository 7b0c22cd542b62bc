import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Json } from '../../../../core/capture/events.js';
import { decodeStats, encodeStats, type StatsSample } from '../../../../core/bundle/stats-delta.js';
import { realSamples, syntheticStats } from '../../../fixtures/bundle/synthetic-stats.js';

/** Plain objects for comparison (the decoder builds null-prototype ones). */
const plain = (s: StatsSample[]) => JSON.parse(JSON.stringify(s)) as StatsSample[];
const roundTrip = (s: StatsSample[]) => decodeStats(JSON.parse(JSON.stringify(encodeStats(s)))).samples;

describe('delta-v1 stats encoding', () => {
  it('gives back every sample of a real Chromium call exactly', () => {
    const real = realSamples();
    expect(real.length).toBeGreaterThan(5);
    expect(plain(roundTrip(real))).toEqual(plain(real));
  });

  it('gives back 4 minutes of synthetic samples exactly, and stores far less than the samples', () => {
    const s = syntheticStats(240);
    const encoded = JSON.stringify(encodeStats(s));
    expect(plain(roundTrip(s))).toEqual(plain(s));
    expect(encoded.length).toBeLessThan(JSON.stringify(s).length / 5);
  });

  it('writes each shared stats timestamp once per sample and every later sample as a delta', () => {
    const e = encodeStats(syntheticStats(3));
    expect(e[0]!.k).toBe(1);
    expect(e[1]!.k).toBeUndefined();
    expect(typeof e[1]!.ts).toBe('number');
    expect(JSON.stringify(e[1]!.r ?? {})).not.toContain('"timestamp"');
    expect(e[1]!.n?.length).toBe(e[1]!.c?.length);
  });

  it('handles reports and properties that appear and disappear, and timestamps that differ', () => {
    const s: StatsSample[] = [
      { t: 1, reports: { a: { id: 'a', timestamp: 10, x: 1, y: 'u' }, b: { id: 'b', timestamp: 10, z: 0.5 } } },
      { t: 2, reports: { a: { id: 'a', timestamp: 11, x: 5 }, c: { id: 'c', timestamp: 7, w: [1, 2] } } },
      { t: 3, reports: { a: { id: 'a', timestamp: 12, x: 5, y: 'v' }, c: { id: 'c', timestamp: 12, w: [1, 3] } } },
      { t: 4, reports: { a: { id: 'a', x: 6 }, c: { id: 'c', timestamp: 13, w: null } } },
      { t: 5, reports: {} },
      { t: 6, reports: { a: { id: 'a', timestamp: 14, x: 0.1 + 0.2 } } },
    ];
    expect(plain(roundTrip(s))).toEqual(plain(s));
  });

  it('stores "__proto__" report ids and properties as data, not as prototypes', () => {
    const mk = (v: number): StatsSample => {
      const reports = JSON.parse(`{"__proto__": {"id": "__proto__", "timestamp": ${v}, "__proto__": ${v}, "n": ${v}}}`) as StatsSample['reports'];
      return { t: v, reports };
    };
    const s = [mk(1), mk(2), mk(4)];
    const back = roundTrip(s);
    expect(plain(back)).toEqual(plain(s));
    expect(Object.keys(back[2]!.reports)).toEqual(['__proto__']);
    expect(back[2]!.reports['__proto__']!.n).toBe(4);
    expect(({} as Record<string, unknown>).n).toBeUndefined();
  });

  it('is lossless for arbitrary numbers, strings and nested values (property test)', () => {
    const value = fc.oneof(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 6 }),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const report = fc.dictionary(fc.constantFrom('timestamp', 'a', 'b', 'c', 'bytesSent'), value, { maxKeys: 5 });
    const sample = fc.record({
      t: fc.integer({ min: 0, max: 1e13 }),
      reports: fc.dictionary(fc.constantFrom('r1', 'r2', 'r3', 'RTCCodec_1'), report, { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 12 }), fc.nat({ max: 4 }), (samples, every) => {
        // JSON cannot hold -0; the capture never has it either.
        const s = JSON.parse(JSON.stringify(samples)) as StatsSample[];
        const back = decodeStats(JSON.parse(JSON.stringify(encodeStats(s, { keyframeEvery: every })))).samples;
        expect(plain(back)).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes the example in docs/bundle-format.md as the document says', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../../docs/bundle-format.md', import.meta.url)), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('Example (two samples')))![1]!;
    const out = decodeStats(JSON.parse(example)).samples;
    expect(out.map((s) => [s.t, s.reports.OT01!.bytesSent, s.reports.OT01!.timestamp])).toEqual([
      [1000, 1200, 999.5],
      [2001, 62700, 1999.7],
    ]);
  });

  it('decodes damaged samples without throwing and counts the problems', () => {
    const damaged = [
      { t: 1, k: 1, r: { a: { x: 1 } } },
      'garbage',
      { t: 2, c: [['a', 'x'], 5], n: [1, 'two'] },
      { t: 3, r: { a: 7 }, x: [1], xp: { a: 'nope' }, n: { a: 1 } },
      null,
    ] as unknown as Parameters<typeof decodeStats>[0];
    const res = decodeStats(damaged);
    expect(res.problems).toBeGreaterThan(0);
    expect(res.samples.map((s) => s.t)).toEqual([1, 2, 3]);
    expect(res.samples[1]!.reports.a!.x as Json).toBe(2);
  });
});
