/** dtls-failure: the connection fails while ICE is connected, or a transport says dtlsState failed. */
import { describe, expect, it } from 'vitest';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { createDtlsFailureRule } from '../../../../core/findings/dtls-failure.js';

describe('dtls-failure', () => {
  it('fires when the connection fails with ICE connected', () => {
    const s = new Seq(0).pcCreate('pc-1');
    s.pcEvent('pc-1', 'iceconnectionstatechange', { state: 'connected' });
    s.pcEvent('pc-1', 'connectionstatechange', { state: 'failed' });
    const f = findingsOf(s.events, 'dtls-failure');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toBe('DTLS failed on pc-1: the connection failed while ICE was connected');
    expect(createDtlsFailureRule().id).toBe('dtls-failure');
  });

  it('fires on a transport report with dtlsState failed', () => {
    const call = new MediaCall().seconds(1, (_c, f) => (f.T!.dtlsState = 'failed'));
    expect(findingsOf(call.events, 'dtls-failure')[0]!.message).toContain('dtlsState failed');
  });

  it('stays quiet when ICE failed first (a network failure, not DTLS)', () => {
    const s = new Seq(0).pcCreate('pc-1');
    s.pcEvent('pc-1', 'iceconnectionstatechange', { state: 'connected' });
    s.pcEvent('pc-1', 'iceconnectionstatechange', { state: 'disconnected' });
    s.pcEvent('pc-1', 'iceconnectionstatechange', { state: 'failed' });
    s.pcEvent('pc-1', 'connectionstatechange', { state: 'failed' });
    expect(findingsOf(s.events, 'dtls-failure')).toEqual([]);
  });
});
