import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';

// A real SignalWire 4.0 beta call recorded through the extension: TURN gave relay candidates.
const recorded = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/signalwire-v4-ext-call.events.json'), 'utf8')) as CaptureEvent[];

function findingsOf(events: CaptureEvent[]) {
  const a = createAnalyzer();
  for (const e of events) a.push(e);
  return a.snapshot().findings.filter((f) => f.rule === 'signalwire-host-only');
}

const isRelayCandidate = (e: CaptureEvent) =>
  e.kind === 'pc.event' && e.type === 'icecandidate' && JSON.stringify(e.data).includes('typ relay');

describe('SignalWire 4.x with host candidates only', () => {
  it('says nothing when gathering found a relay candidate', () => {
    expect(recorded.some(isRelayCandidate)).toBe(true);
    expect(findingsOf(recorded)).toEqual([]);
  });

  it('explains why the invite will never be sent when only host candidates were gathered', () => {
    const f = findingsOf(recorded.filter((e) => !isRelayCandidate(e)));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error' });
    expect(f[0]!.message).toMatch(/only host candidates.*SignalWire 4\.x will not send the invite/);
    expect(f[0]!.advice).toMatch(/STUN\/TURN/);
    expect(f[0]!.evidence[0]?.pcId).toBeTruthy();
  });

  it('does not apply to SDKs that invite without a non-host candidate (3.x)', () => {
    const as3 = recorded
      .filter((e) => !isRelayCandidate(e))
      .map((e) => (e.kind === 'ws.frame' && e.text?.includes('"signalwire.connect"') ? { ...e, text: e.text.replace(/"major":\s*4/, '"major":3') } : e));
    expect(findingsOf(as3)).toEqual([]);
  });
});
