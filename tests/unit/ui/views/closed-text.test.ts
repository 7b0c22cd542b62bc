import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../../ui/data/store.js';
import { buildLanes } from '../../../../ui/views/timeline-model.js';
import { pcClosedText, socketStateText } from '../../../../ui/views/closed-text.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { TX_URL, txLogin } from '../../../fixtures/protocol/telnyx.js';

function connectedPc(s: Seq): void {
  s.pcCreate('d:pc-1').wait(100).pcEvent('d:pc-1', 'connectionstatechange', { state: 'connecting' });
  s.wait(200).pcEvent('d:pc-1', 'connectionstatechange', { state: 'connected' });
}

describe('closed connections read as closed', () => {
  it('a peer connection the page closed ends its lane "closed" with when, though no state change said so', () => {
    const s = new Seq();
    connectedPc(s);
    s.wait(5000).pcCall('d:pc-1', 'close', []);
    const store = new PanelStore();
    store.append(s.events);
    const { lanes } = buildLanes(store.model, store.analyzer.snapshot(), s.t + 1000);
    const lane = lanes.find((l) => l.id === 'pc-d:pc-1')!;
    expect(lane.segments.map((x) => x.state)).toEqual(['new', 'connecting', 'connected', 'closed']);
    expect(lane.segments.at(-1)!.from).toBe(s.t);
    expect(lane.note).toMatch(/^closed \d\d:\d\d:\d\d\.\d{3}/);
    expect(pcClosedText(store.model.peerConnections.get('d:pc-1')!)?.state).toBe('closed');
  });

  it('a live peer connection has no closed note and keeps its state', () => {
    const s = new Seq();
    connectedPc(s);
    const store = new PanelStore();
    store.append(s.events);
    const pc = store.model.peerConnections.get('d:pc-1')!;
    expect(pcClosedText(pc)).toBeUndefined();
    const { lanes } = buildLanes(store.model, store.analyzer.snapshot(), s.t + 1000);
    expect(lanes.find((l) => l.id === 'pc-d:pc-1')!.segments.at(-1)!.state).toBe('connected');
  });

  it('a socket row says when it closed and which side closed it', () => {
    const s = new Seq();
    s.create('d:ws-1', 'wss://x/').wait(10).open('d:ws-1').wait(1000).close('d:ws-1', 1000, 'page', 'bye');
    const store = new PanelStore();
    store.append(s.events);
    expect(socketStateText(store.model.sockets.get('d:ws-1')!)).toMatch(/^closed \(1000 bye\) · \d\d:\d\d:\d\d\.\d{3} · by the page$/);
    const r = new Seq();
    r.create('d:ws-2', 'wss://x/').wait(10).open('d:ws-2').wait(10).close('d:ws-2', 1006, 'remote');
    store.append(r.events);
    expect(socketStateText(store.model.sockets.get('d:ws-2')!)).toMatch(/^closed \(1006\) · .* · by the server$/);
  });

  it('a signaling session whose page went away (reload, no close frame) ends its lane closed, "page unloaded"', () => {
    const s = new Seq();
    s.create('doc1:ws-1', TX_URL).wait(30).open('doc1:ws-1');
    txLogin(s, 'doc1:ws-1');
    s.wait(2000);
    const reload = s.t;
    s.create('doc2:ws-1', TX_URL);
    const store = new PanelStore();
    store.append(s.events);
    for (const d of [
      { docId: 'doc1', url: 'https://app.example/', top: true, loadId: 'doc1', startedAt: s.events[0]!.t },
      { docId: 'doc2', url: 'https://app.example/', top: true, loadId: 'doc2', startedAt: reload },
    ]) store.applyDoc(d, false);
    const { lanes } = buildLanes(store.model, store.analyzer.snapshot(), s.t + 1000, (id) => store.label(id));
    const lane = lanes.find((l) => l.id === 'conn-doc1:ws-1')!;
    expect(lane.segments.at(-1)).toMatchObject({ state: 'closed', from: reload });
    expect(lane.note).toMatch(/^closed \d\d:\d\d:\d\d\.\d{3} · page unloaded$/);
  });
});
