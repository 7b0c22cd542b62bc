/** path-change: a selected-pair switch after 10 s on one path, and an ICE restart after connecting. */
import { describe, expect, it } from 'vitest';
import { SETTLED_MS } from '../../../../core/findings/path-change.js';
import { sdp } from '../../../fixtures/protocol/builder.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const switchPair = (_c: unknown, f: Record<string, Record<string, unknown>>) => {
  f.T!.selectedCandidatePairId = 'CP2';
  f.CP2 = { ...f.CP1, localCandidateId: 'L2' };
  f.L2 = { type: 'local-candidate', candidateType: 'relay', protocol: 'udp' };
};

describe('path-change', () => {
  it('reports a switch after the first path carried media for 10 s, naming both', () => {
    const f = findingsOf(new MediaCall().seconds(12).second(switchPair).seconds(2).events, 'path-change');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe('Network path changed on pc-1 during the call: host/udp → host to relay/udp → host (change 1 on this connection)');
    expect(f[0]!.severity).toBe('info');
    expect(SETTLED_MS).toBe(10_000);
  });

  it('reports an ICE restart (a new local ufrag after connecting)', () => {
    const call = new MediaCall().seconds(3);
    call.s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('restarted') }]);
    expect(findingsOf(call.seconds(1).events, 'path-change')[0]!.message).toMatch(/^ICE restarted on pc-1 during the call/);
  });

  it('stays quiet on a switch in the first seconds (nomination settling)', () => {
    expect(findingsOf(new MediaCall().seconds(3).second(switchPair).seconds(5).events, 'path-change')).toEqual([]);
  });
});
