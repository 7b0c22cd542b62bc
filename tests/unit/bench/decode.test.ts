import { describe, expect, it } from 'vitest';
import { benchDecode, buildFrames } from '../../../bench/decode.js';

describe('bench/decode workload', () => {
  it('is analysed without false findings: every request paired, every call modelled', () => {
    const r = benchDecode(3000, 1);
    expect(r.frames).toBeGreaterThanOrEqual(3000);
    expect(r.messages).toBe(r.frames);
    expect(r.paired).toBe(r.frames);
    expect(r.findings).toBe(0);
    expect(r.connections).toBe(2);
    const calls = buildFrames(3000).filter((e) => e.kind === 'ws.frame' && e.text?.includes('"verto.invite"')).length;
    expect(r.calls).toBe(calls * 2);
    expect(r.framesPerSec).toBeGreaterThan(0);
  });
});
