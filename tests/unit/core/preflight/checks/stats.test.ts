import { describe, expect, it } from 'vitest';
import { statsEntries } from '../../../../../core/preflight/checks/stats.js';
import { snapshotFrom } from '../../../../../core/preflight/checks/quality.js';

const outbound = { id: 'O1', type: 'outbound-rtp', kind: 'audio', bytesSent: 5000, timestamp: 1 };
const inbound = { id: 'I1', type: 'inbound-rtp', kind: 'audio', bytesReceived: 4000, packetsReceived: 90, packetsLost: 10, jitter: 0.012, timestamp: 1 };

/** What a Firefox content script holds: forEach and iterators refuse, the page's own view iterates. */
function firefoxXrayReport(entries: Record<string, unknown>[]): RTCStatsReport {
  const pageView = new Map(entries.map((e, i) => [String(i), e]));
  return {
    wrappedJSObject: pageView,
    forEach() {
      throw new Error('Permission denied to access object');
    },
    values() {
      throw new Error('Xray wrapping of iterators not supported.');
    },
  } as unknown as RTCStatsReport;
}

describe('reading getStats', () => {
  it('reads a Firefox content script report through the page view, giving the same figures as a plain report', () => {
    const ff = statsEntries(firefoxXrayReport([outbound, inbound]));
    const plain = statsEntries(new Map<string, object>([['O1', outbound], ['I1', inbound]]) as unknown as RTCStatsReport);
    expect(ff).toEqual(plain);
    const s = snapshotFrom(ff, 1000);
    expect(s).toMatchObject({ outBytes: 5000, inBytes: 4000, inPackets: 90, inLost: 10, jitterMs: 12 });
  });

  it('copies only primitive fields, so no page object or function reaches the checks', () => {
    const page = { ...inbound, trackIds: ['t1'], extra: { nested: true }, toJSON: () => ({ forged: 1 }), bad: Number.NaN };
    const [copy] = statsEntries(firefoxXrayReport([page]));
    expect(copy).toEqual(inbound);
  });

  it('drops entries without an id and a type instead of failing', () => {
    expect(statsEntries(firefoxXrayReport([{ type: 'codec' }, outbound, null as unknown as Record<string, unknown>]))).toEqual([outbound]);
  });

  it('stops reading a page iterator that never ends', () => {
    const endless = {
      *[Symbol.iterator]() {
        for (let i = 0; ; i++) yield [String(i), { id: `S${i}`, type: 'codec' }];
      },
    };
    const report = { wrappedJSObject: endless } as unknown as RTCStatsReport;
    expect(statsEntries(report).length).toBe(5_000);
  });
});
