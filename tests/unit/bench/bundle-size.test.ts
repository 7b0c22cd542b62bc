import { describe, expect, it } from 'vitest';
import { measureBundleSize } from '../../../bench/bundle-size.js';

describe('bundle size', () => {
  it('stores a 10-minute peer connection in at most 1.5% of its raw getStats JSON, and below the webrtc-internals dump', () => {
    const r = measureBundleSize({ minutes: 10 });
    expect(r.reportsPerSample).toBe(18);
    expect(r.rawPerPcMinute).toBeGreaterThan(400_000);
    expect(r.bundlePercentOfRaw).toBeLessThanOrEqual(1.5);
    expect(r.bundleGzBytes).toBeLessThan(r.internalsGzBytes / 2);
  });
});
