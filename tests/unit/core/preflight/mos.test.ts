import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateMos, mosFromR, qualityBand, rFactorOf } from '../../../../core/preflight/mos.js';

describe('E-model MOS', () => {
  it('rates a perfect network excellent', () => {
    const mos = estimateMos({ rttMs: 0, jitterMs: 0, lossPercent: 0 });
    expect(mos).toBeGreaterThan(4.35);
    expect(mos).toBeLessThanOrEqual(4.5);
    expect(qualityBand(mos)).toBe('excellent');
  });

  it('counts jitter twice and 10 ms of codec delay in the effective latency', () => {
    // rtt 100 + 2*20 + 10 = 150 ms effective latency: 93.2 - 150/40
    expect(rFactorOf({ rttMs: 100, jitterMs: 20, lossPercent: 0 })).toBeCloseTo(93.2 - 150 / 40, 6);
    // past 160 ms the delay costs four times more per ms
    expect(rFactorOf({ rttMs: 300, jitterMs: 0, lossPercent: 0 })).toBeCloseTo(93.2 - (310 - 120) / 10, 6);
  });

  it('is continuous where the delay slope changes (160 ms)', () => {
    const below = rFactorOf({ rttMs: 149.999, jitterMs: 0, lossPercent: 0 });
    const at = rFactorOf({ rttMs: 150, jitterMs: 0, lossPercent: 0 });
    expect(Math.abs(below - at)).toBeLessThan(0.01);
  });

  it('puts the Twilio warning levels (rtt 400, jitter 30, loss 1%) below good', () => {
    const mos = estimateMos({ rttMs: 400, jitterMs: 30, lossPercent: 1 });
    expect(['fair', 'degraded']).toContain(qualityBand(mos));
  });

  it('heavy loss gives a degraded call', () => {
    expect(qualityBand(estimateMos({ rttMs: 50, jitterMs: 5, lossPercent: 20 }))).toBe('degraded');
  });

  it('never gets better with more delay, jitter or loss, and stays within 1..4.5', () => {
    const net = fc.record({
      rttMs: fc.double({ min: 0, max: 5000, noNaN: true }),
      jitterMs: fc.double({ min: 0, max: 1000, noNaN: true }),
      lossPercent: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(net, fc.double({ min: 0, max: 500, noNaN: true }), (n, extra) => {
        const base = estimateMos(n);
        expect(base).toBeGreaterThanOrEqual(1);
        expect(base).toBeLessThanOrEqual(4.5);
        expect(estimateMos({ ...n, rttMs: n.rttMs + extra })).toBeLessThanOrEqual(base);
        expect(estimateMos({ ...n, jitterMs: n.jitterMs + extra })).toBeLessThanOrEqual(base);
        expect(estimateMos({ ...n, lossPercent: Math.min(100, n.lossPercent + extra) })).toBeLessThanOrEqual(base);
      }),
    );
  });

  it('treats missing figures as zero rather than producing NaN', () => {
    expect(estimateMos({ rttMs: NaN, jitterMs: Infinity, lossPercent: NaN })).toBe(estimateMos({ rttMs: 0, jitterMs: 0, lossPercent: 0 }));
    expect(mosFromR(-5)).toBe(1);
  });
});

describe('quality bands', () => {
  it('leave no gaps between the published ranges', () => {
    expect(qualityBand(4.21)).toBe('excellent');
    expect(qualityBand(4.2)).toBe('great');
    expect(qualityBand(4.15)).toBe('great');
    expect(qualityBand(4.05)).toBe('good');
    expect(qualityBand(3.7)).toBe('good');
    expect(qualityBand(3.65)).toBe('fair');
    expect(qualityBand(3.1)).toBe('fair');
    expect(qualityBand(3.09)).toBe('degraded');
  });
});
