import { describe, expect, it } from 'vitest';
import type { ReconnectEpisode } from '../../../../core/protocol/types.js';
import { reconnectNote } from '../../../../ui/views/timeline-model.js';

const ep = (over: Partial<ReconnectEpisode>): ReconnectEpisode => ({ startT: 0, attempts: 1, delaysMs: [100], socketIds: [], outcome: 'recovered', ...over });

describe('connection lane reconnect note', () => {
  it('says nothing for a connection that never dropped', () => {
    expect(reconnectNote([])).toBeUndefined();
  });

  it('tells how the last drop went: attempts, and whether the server kept the session', () => {
    expect(reconnectNote([ep({ resumed: true })])).toBe('1 reconnect: recovered after 1 attempt, session resumed');
    expect(reconnectNote([ep({ resumed: true }), ep({ attempts: 3, resumed: false })])).toBe('2 reconnects: recovered after 3 attempts, new session');
    expect(reconnectNote([ep({ attempts: 5, outcome: 'gave-up' })])).toBe('1 reconnect: gave up after 5 attempts');
    expect(reconnectNote([ep({ attempts: 2, outcome: 'ongoing', resumed: true })])).toBe('1 reconnect: reconnecting, 2 attempts so far');
  });
});
