import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import type { DocInfo } from '../../../../core/capture/events.js';
import { applyEvent, buildCaptureModel, createCaptureModel, setDocs } from '../../../../core/capture/model.js';

const t0 = 1_700_000_000_000;
const wsUp = (id: string, t = t0): CaptureEvent[] => [
  { kind: 'ws.create', t, id, url: 'wss://rtc.test/', protocols: [] },
  { kind: 'ws.open', t: t + 5, id, protocol: '', extensions: '' },
];
const pcUp = (id: string, t = t0): CaptureEvent[] => [
  { kind: 'pc.create', t, id, config: null },
  { kind: 'pc.event', t: t + 50, id, type: 'iceconnectionstatechange', data: { state: 'connected' } },
  { kind: 'pc.event', t: t + 60, id, type: 'connectionstatechange', data: { state: 'connected' } },
];
const docs: DocInfo[] = [
  { docId: 'a', url: 'https://app.test/', top: true, loadId: 'a', startedAt: t0 - 100 },
  { docId: 'b', url: 'https://app.test/', top: true, loadId: 'b', startedAt: t0 + 5000 },
];

describe('capture model: a closed connection reads closed', () => {
  it('close() from the page closes the peer connection, though Chromium fires no state change', () => {
    const m = buildCaptureModel([...pcUp('a:pc-1'), { kind: 'pc.call', t: t0 + 900, id: 'a:pc-1', method: 'close', args: [] }]);
    const pc = m.peerConnections.get('a:pc-1')!;
    expect(pc).toMatchObject({ connectionState: 'closed', iceConnectionState: 'closed', signalingState: 'closed', closedAt: t0 + 900, closedBy: 'page' });
  });

  it('a failed connection records that it ended by failing, and keeps it when closed afterwards', () => {
    const m = buildCaptureModel([
      ...pcUp('a:pc-1'),
      { kind: 'pc.event', t: t0 + 400, id: 'a:pc-1', type: 'connectionstatechange', data: { state: 'failed' } },
      { kind: 'pc.call', t: t0 + 900, id: 'a:pc-1', method: 'close', args: [] },
    ]);
    expect(m.peerConnections.get('a:pc-1')).toMatchObject({ connectionState: 'closed', closedAt: t0 + 400, closedBy: 'failed' });
  });

  it('an ICE restart that recovers from failed is not an end', () => {
    const m = buildCaptureModel([
      ...pcUp('a:pc-1'),
      { kind: 'pc.event', t: t0 + 400, id: 'a:pc-1', type: 'connectionstatechange', data: { state: 'failed' } },
      { kind: 'pc.event', t: t0 + 700, id: 'a:pc-1', type: 'connectionstatechange', data: { state: 'connected' } },
    ]);
    const pc = m.peerConnections.get('a:pc-1')!;
    expect(pc.connectionState).toBe('connected');
    expect(pc.closedBy).toBeUndefined();
    expect(pc.closedAt).toBeUndefined();
  });

  it('sockets say who closed them', () => {
    const m = buildCaptureModel([
      ...wsUp('a:ws-1'),
      ...wsUp('a:ws-2'),
      { kind: 'ws.close', t: t0 + 50, id: 'a:ws-1', code: 1000, reason: '', wasClean: true, initiator: 'page' },
      { kind: 'ws.close', t: t0 + 60, id: 'a:ws-2', code: 1006, reason: '', wasClean: false, initiator: 'remote' },
    ]);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', closedBy: 'page', closedAt: t0 + 50 });
    expect(m.sockets.get('a:ws-2')).toMatchObject({ state: 'closed', closedBy: 'remote' });
  });
});

describe('capture model: what an unloaded document owned closes as "page unloaded"', () => {
  it("page.hide closes that document's open sockets and peer connections, not another frame's", () => {
    const m = buildCaptureModel([
      ...wsUp('a:ws-1'),
      ...pcUp('a:pc-1'),
      ...wsUp('f:ws-1'),
      { kind: 'page.hide', t: t0 + 3000, docId: 'a', persisted: false },
    ]);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', closedBy: 'unloaded', closedAt: t0 + 3000 });
    expect(m.peerConnections.get('a:pc-1')).toMatchObject({ connectionState: 'closed', iceConnectionState: 'closed', closedBy: 'unloaded', closedAt: t0 + 3000 });
    expect(m.sockets.get('f:ws-1')!.state).toBe('open');
  });

  it('a page kept in the back/forward cache keeps its connections', () => {
    const m = buildCaptureModel([...wsUp('a:ws-1'), { kind: 'page.hide', t: t0 + 3000, docId: 'a', persisted: true }]);
    expect(m.sockets.get('a:ws-1')!.state).toBe('open');
  });

  it("a crash (the next load starts with no page.hide) closes them at the next load's start", () => {
    const m = buildCaptureModel([...wsUp('a:ws-1'), ...pcUp('a:pc-1'), ...wsUp('b:ws-1', t0 + 5100)], docs);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', closedBy: 'unloaded', closedAt: t0 + 5000 });
    expect(m.peerConnections.get('a:pc-1')).toMatchObject({ connectionState: 'closed', closedBy: 'unloaded', closedAt: t0 + 5000 });
    expect(m.sockets.get('b:ws-1')!.state).toBe('open');
  });

  it('learning of a later load afterwards closes what the earlier one left open', () => {
    const m = createCaptureModel();
    setDocs(m, docs.slice(0, 1));
    for (const ev of [...wsUp('a:ws-1'), ...pcUp('a:pc-1')]) applyEvent(m, ev);
    expect(m.sockets.get('a:ws-1')!.state).toBe('open');
    setDocs(m, docs);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', closedBy: 'unloaded' });
    expect(m.peerConnections.get('a:pc-1')!.connectionState).toBe('closed');
  });

  it("the page's own close() and bye, arriving after the next load began, still say the page closed them", () => {
    const m = createCaptureModel();
    setDocs(m, docs);
    for (const ev of [
      ...wsUp('a:ws-1'),
      ...pcUp('a:pc-1'),
      { kind: 'ws.frame', t: t0 + 4000, id: 'a:ws-1', dir: 'sent', size: 10, binary: false, text: '{"bye":1}' },
      { kind: 'pc.call', t: t0 + 4001, id: 'a:pc-1', method: 'close', args: [] },
    ] as CaptureEvent[])
      applyEvent(m, ev);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', closedBy: 'unloaded', sent: 1 });
    expect(m.peerConnections.get('a:pc-1')).toMatchObject({ connectionState: 'closed', closedBy: 'page', closedAt: t0 + 4001 });
  });

  it('late news of an unloaded socket does not reopen it', () => {
    const m = createCaptureModel();
    setDocs(m, docs);
    for (const ev of wsUp('a:ws-1')) applyEvent(m, ev);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', openedAt: t0 + 5 });
  });
});

describe('capture model: seen mid-capture', () => {
  const stats = (state: string, nominated: boolean): CaptureEvent => ({
    kind: 'pc.stats',
    t: t0 + 1000,
    id: 'a:pc-1',
    reports: { CP1: { type: 'candidate-pair', state, nominated, currentRoundTripTime: 0.001 } },
  });

  it('a peer connection first seen after Clear does not claim to be new; a succeeded nominated pair says connected', () => {
    const m = createCaptureModel();
    applyEvent(m, stats('in-progress', false));
    const pc = m.peerConnections.get('a:pc-1')!;
    expect(pc).toMatchObject({ connectionState: 'unknown', iceConnectionState: 'unknown', signalingState: 'unknown', seenMidCapture: true });
    applyEvent(m, stats('succeeded', true));
    expect(pc).toMatchObject({ connectionState: 'connected', iceConnectionState: 'connected', seenMidCapture: true });
  });

  it('a socket first seen by a frame is open (the frame proves it) and flagged', () => {
    const m = buildCaptureModel([{ kind: 'ws.frame', t: t0, id: 'a:ws-1', dir: 'received', size: 2, binary: false, text: '{}' }]);
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'open', seenMidCapture: true });
  });

  it('a peer connection whose creation is seen is new, not unknown', () => {
    const m = buildCaptureModel(pcUp('a:pc-1').slice(0, 1));
    const pc = m.peerConnections.get('a:pc-1')!;
    expect(pc.connectionState).toBe('new');
    expect(pc.seenMidCapture).toBeUndefined();
  });
});
