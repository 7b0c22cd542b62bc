import { describe, expect, it } from 'vitest';
import type { ReconnectEpisode } from '../../../../core/protocol/types.js';
import { buildLanes, reconnectNote } from '../../../../ui/views/timeline-model.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { PanelStore } from '../../../../ui/data/store.js';

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

describe('lanes up to a limit', () => {
  const t0 = 1_700_000_000_000;
  const store = new PanelStore();
  const evs: CaptureEvent[] = [];
  // Each socket created while the one before still connects: a session (and a lane) of its own.
  for (let i = 0; i < 300; i++) evs.push({ kind: 'ws.create', t: t0 + i, id: `d:ws-${i}`, url: 'wss://x/', protocols: [] });
  for (let i = 0; i < 300; i++) evs.push({ kind: 'ws.close', t: t0 + 400 + i, id: `d:ws-${i}`, code: 1006, reason: '', wasClean: false, initiator: 'page' });
  evs.push({ kind: 'pc.create', t: t0 + 1000, id: 'd:pc-1', config: null });
  store.append(evs);
  const all = buildLanes(store.model, store.analyzer.snapshot(), t0 + 2000);

  it('builds the first lanes, in the same order, and counts every lane', () => {
    const some = buildLanes(store.model, store.analyzer.snapshot(), t0 + 2000, undefined, 50);
    expect(all.lanes.length).toBeGreaterThan(50);
    expect(all.total).toBe(all.lanes.length);
    expect(some.total).toBe(all.total);
    expect(some.lanes).toEqual(all.lanes.slice(0, 50));
    expect([some.start, some.end]).toEqual([all.start, all.end]);
  });

  it('a limit past the end builds every lane', () => {
    expect(buildLanes(store.model, store.analyzer.snapshot(), t0 + 2000, undefined, all.total + 5).lanes).toEqual(all.lanes);
  });
});
