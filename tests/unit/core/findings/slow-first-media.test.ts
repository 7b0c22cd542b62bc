/** slow-first-media: first received bytes more than 3 s after connected and negotiated. */
import { describe, expect, it } from 'vitest';
import { FIRST_MEDIA_MS } from '../../../../core/findings/slow-first-media.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const nothingIn = (c: Record<string, Record<string, number>>) => {
  c.IA!.bytesReceived! -= 4000;
  c.IA!.packetsReceived! -= 50;
};

describe('slow-first-media', () => {
  it('fires when the first bytes come 5 s after connected', () => {
    const f = findingsOf(new MediaCall().seconds(5, nothingIn).seconds(2).events, 'slow-first-media');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe('Slow first media on pc-1: nothing was received for 5 s after the connection was up');
    expect(FIRST_MEDIA_MS).toBe(3000);
  });

  it('stays quiet at 2 s, and when the answer says we only send', () => {
    expect(findingsOf(new MediaCall().seconds(2, nothingIn).seconds(3).events, 'slow-first-media')).toEqual([]);
    expect(findingsOf(new MediaCall({ answer: 'recvonly' }).seconds(6, nothingIn).seconds(2).events, 'slow-first-media')).toEqual([]);
  });
});
