import { describe, expect, it } from 'vitest';
import type { Analysis, CallModel } from '../../../core/protocol/types.js';
import { peakConcurrentCalls } from '../../../node/report.js';

function call(id: string, direction: CallModel['direction'], start: number, end?: number): CallModel {
  return {
    id,
    sdk: 'signalwire',
    direction,
    socketId: 's',
    states: [{ t: start, state: 'new' }, ...(end !== undefined ? [{ t: end, state: 'hangup' as const }] : [])],
    state: end !== undefined ? 'hangup' : 'active',
    startT: start,
    candidates: [],
    candidatesDropped: 0,
    held: false,
    holds: [],
    attaches: [],
    ...(end !== undefined ? { hangup: { t: end, by: 'remote' as const } } : {}),
  } as CallModel;
}

const analysis = (calls: CallModel[]) => ({ calls }) as unknown as Analysis;

describe('peak concurrent calls', () => {
  it('counts calls alive at the same time, inbound separately', () => {
    const a = analysis([call('a', 'inbound', 0, 100), call('b', 'inbound', 50, 200), call('c', 'outbound', 60), call('d', 'inbound', 300, 400)]);
    expect(peakConcurrentCalls(a)).toEqual({ all: 3, inbound: 2 });
  });

  it('does not count a call that ends exactly as the next one starts', () => {
    expect(peakConcurrentCalls(analysis([call('a', 'inbound', 0, 100), call('b', 'inbound', 100, 200)]))).toEqual({ all: 1, inbound: 1 });
  });
});
