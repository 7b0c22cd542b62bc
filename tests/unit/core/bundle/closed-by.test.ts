import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import type { DocInfo, StoredEvent } from '../../../../core/capture/events.js';
import { buildBundle, serializeBundle } from '../../../../core/bundle/build.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { validateBundle } from '../../../../core/bundle/validate.js';
import { buildCaptureModel } from '../../../../core/capture/model.js';

const t0 = 1_790_000_000_000;
const tag = (doc: string, evs: CaptureEvent[]): StoredEvent[] => evs.map((e) => ({ ...e, doc }) as StoredEvent);
const docs: DocInfo[] = [
  { docId: 'a', url: 'https://app.test/', top: true, loadId: 'a', startedAt: t0 - 10 },
  { docId: 'b', url: 'https://app.test/', top: true, loadId: 'b', startedAt: t0 + 9000 },
];
const events: StoredEvent[] = [
  ...tag('a', [
    { kind: 'ws.create', t: t0, id: 'a:ws-1', url: 'wss://rtc.test/', protocols: [] },
    { kind: 'ws.open', t: t0 + 5, id: 'a:ws-1', protocol: '', extensions: '' },
    { kind: 'pc.create', t: t0 + 10, id: 'a:pc-1', config: null },
    { kind: 'pc.event', t: t0 + 100, id: 'a:pc-1', type: 'connectionstatechange', data: { state: 'connected' } },
    { kind: 'pc.call', t: t0 + 5000, id: 'a:pc-1', method: 'close', args: [] },
    { kind: 'pc.create', t: t0 + 6000, id: 'a:pc-2', config: null },
    { kind: 'pc.event', t: t0 + 6100, id: 'a:pc-2', type: 'connectionstatechange', data: { state: 'failed' } },
    { kind: 'page.hide', t: t0 + 8000, docId: 'a', persisted: false },
  ]),
  ...tag('b', [
    { kind: 'ws.create', t: t0 + 9100, id: 'b:ws-1', url: 'wss://rtc.test/', protocols: [] },
    { kind: 'ws.open', t: t0 + 9105, id: 'b:ws-1', protocol: '', extensions: '' },
    { kind: 'pc.create', t: t0 + 9200, id: 'b:pc-1', config: null },
  ]),
];

describe('bundle: who closed each connection', () => {
  const bundle = buildBundle({ events, docs, environment: { userAgent: 'x' }, now: new Date(t0 + 10_000) });

  it('exports closedBy beside closedAt, and the state of a closed peer connection reads closed', () => {
    const pc1 = bundle.peerConnections.find((p) => p.id === 'a:pc-1')!;
    expect(pc1).toMatchObject({ closedAt: t0 + 5000, closedBy: 'page', state: { connection: 'closed', iceConnection: 'closed' } });
    expect(bundle.peerConnections.find((p) => p.id === 'a:pc-2')).toMatchObject({ closedAt: t0 + 6100, closedBy: 'failed' });
    expect(bundle.sockets.find((s) => s.id === 'a:ws-1')).toMatchObject({ state: 'closed', closedAt: t0 + 8000, closedBy: 'unloaded' });
    const live = bundle.sockets.find((s) => s.id === 'b:ws-1')!;
    expect(live.state).toBe('open');
    expect(live).not.toHaveProperty('closedBy');
    expect(bundle.peerConnections.find((p) => p.id === 'b:pc-1')).not.toHaveProperty('closedBy');
  });

  it('fits the bundle schema, and so does a bundle written before closedBy existed', () => {
    expect(validateBundle(JSON.parse(serializeBundle(bundle)))).toEqual([]);
    const old = JSON.parse(serializeBundle(bundle));
    for (const x of [...old.sockets, ...old.peerConnections]) delete x.closedBy;
    expect(validateBundle(old)).toEqual([]);
    expect(validateBundle({ ...old, sockets: [{ ...old.sockets[0], closedBy: 'gremlins' }] }).length).toBeGreaterThan(0);
  });

  it('an imported bundle reads the same: the unloaded socket stays closed as unloaded', () => {
    const m = buildCaptureModel(eventsFromBundle(bundle));
    expect(m.sockets.get('a:ws-1')).toMatchObject({ state: 'closed', closedBy: 'unloaded', closedAt: t0 + 8000 });
    expect(m.peerConnections.get('a:pc-1')).toMatchObject({ connectionState: 'closed', closedBy: 'page' });
    expect(m.sockets.get('b:ws-1')!.state).toBe('open');
  });

  it('with the documents, a tab crash (no page.hide) still closes what the old load left open', () => {
    const crashed = events.filter((e) => e.kind !== 'page.hide');
    const b = buildBundle({ events: crashed, docs, environment: { userAgent: 'x' } });
    expect(b.sockets.find((s) => s.id === 'a:ws-1')).toMatchObject({ state: 'closed', closedAt: t0 + 9000, closedBy: 'unloaded' });
  });
});
