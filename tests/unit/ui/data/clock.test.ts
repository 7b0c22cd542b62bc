import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { PanelStore } from '../../../../ui/data/store.js';
import { movesWithClock } from '../../../../ui/data/clock.js';

const t0 = 1_700_000_000_000;

/** A socket to a port nobody listens on: created, failed, closed within a millisecond or two. */
function refusedSocket(n: number, t: number): CaptureEvent[] {
  const id = `d:ws-${n}`;
  return [
    { kind: 'ws.create', t, id, url: 'ws://127.0.0.1:9/', protocols: [] },
    { kind: 'ws.error', t: t + 1, id },
    { kind: 'ws.close', t: t + 2, id, code: 1006, reason: '', wasClean: false, initiator: 'remote' },
  ] as CaptureEvent[];
}

const rpc = (t: number): CaptureEvent[] => [
  { kind: 'ws.create', t, id: 'd:ws-rpc', url: 'wss://x/', protocols: [] },
  { kind: 'ws.open', t: t + 1, id: 'd:ws-rpc', protocol: '', extensions: '' },
  { kind: 'ws.frame', t: t + 2, id: 'd:ws-rpc', dir: 'sent', size: 40, binary: false, text: '{"jsonrpc":"2.0","id":1,"method":"a.b"}' },
];

const versionAfterTick = (s: PanelStore, now: number) => {
  const v = s.state$.value.version;
  s.tick(now);
  return s.state$.value.version - v;
};

describe('the clock on screen', () => {
  it('an empty capture shows no clock', () => {
    const s = new PanelStore();
    expect(movesWithClock(s.model, s.analyzer.snapshot())).toBe(false);
    expect(versionAfterTick(s, t0)).toBe(0);
  });

  it('closed sockets only: a tick re-renders nothing, however many there are', () => {
    const s = new PanelStore({ kind: 'live', label: 'tab' });
    const evs: CaptureEvent[] = [];
    for (let i = 0; i < 1000; i++) evs.push(...refusedSocket(i, t0 + i * 3));
    s.append(evs);
    // The reconnect window of the last closed socket runs out on a tick first (that may change a lane).
    s.tick(t0 + 10 * 60_000);
    expect(movesWithClock(s.model, s.analyzer.snapshot())).toBe(false);
    expect(versionAfterTick(s, t0 + 10 * 60_000 + 1000)).toBe(0);
    expect(versionAfterTick(s, t0 + 10 * 60_000 + 2000)).toBe(0);
  });

  it('an open socket keeps the clock on screen (its strip reaches "now")', () => {
    const s = new PanelStore({ kind: 'live', label: 'tab' });
    s.append([
      { kind: 'ws.create', t: t0, id: 'd:ws-1', url: 'wss://x/', protocols: [] },
      { kind: 'ws.open', t: t0 + 1, id: 'd:ws-1', protocol: '', extensions: '' },
    ]);
    expect(movesWithClock(s.model, s.analyzer.snapshot())).toBe(true);
    expect(versionAfterTick(s, t0 + 1000)).toBe(1);
  });

  it('a request waiting for its reply re-renders on every tick ("no reply for 9.2 s" grows)', () => {
    const s = new PanelStore({ kind: 'live', label: 'tab' });
    s.append(rpc(t0));
    expect(s.analyzer.snapshot().pending).toHaveLength(1);
    expect(versionAfterTick(s, t0 + 1000)).toBe(1);
    expect(versionAfterTick(s, t0 + 2000)).toBe(1);
  });

  it('an open peer connection keeps the clock on screen; a closed one does not', () => {
    const s = new PanelStore({ kind: 'live', label: 'tab' });
    s.append([{ kind: 'pc.create', t: t0, id: 'd:pc-1', config: null }]);
    expect(movesWithClock(s.model, s.analyzer.snapshot())).toBe(true);
    s.append([{ kind: 'pc.call', t: t0 + 5, id: 'd:pc-1', method: 'close', args: [] } as CaptureEvent]);
    expect(s.model.peerConnections.get('d:pc-1')?.closedAt).toBeDefined();
    expect(movesWithClock(s.model, s.analyzer.snapshot())).toBe(false);
  });
});
