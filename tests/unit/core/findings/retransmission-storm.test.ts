/** retransmission-storm: over 10 % of sent packets resent in 10 s, with at least 50 NACKs. */
import { describe, expect, it } from 'vitest';
import { MIN_NACKS, RETRANSMIT_PCT } from '../../../../core/findings/retransmission-storm.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const resend = (rtx: number, nacks: number) => (c: Record<string, Record<string, number>>) => {
  c.OV!.retransmittedPacketsSent! += rtx;
  c.OV!.nackCount! += nacks;
};

describe('retransmission-storm', () => {
  it('fires when a fifth of the video packets are resends', () => {
    const f = findingsOf(new MediaCall({ video: true }).seconds(12, resend(20, 20)).events, 'retransmission-storm');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/^Retransmission storm on pc-1: 20% of the video packets sent in the last \d+ s were resent \(\d+ NACKs/);
    expect([RETRANSMIT_PCT, MIN_NACKS]).toEqual([10, 50]);
  });

  it('stays quiet on 5 % resends and on a high share with few NACKs', () => {
    expect(findingsOf(new MediaCall({ video: true }).seconds(20, resend(5, 5)).events, 'retransmission-storm')).toEqual([]);
    expect(findingsOf(new MediaCall({ video: true }).seconds(20, resend(20, 1)).events, 'retransmission-storm')).toEqual([]);
  });
});
