import { afterEach, describe, expect, it, vi } from 'vitest';
import { Subject } from 'rxjs';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import type { DocInfo, DropCounts } from '../../../../core/capture/events.js';
import { PanelStore } from '../../../../ui/data/store.js';
import { perFrame } from '../../../../ui/data/schedule.js';
import { CallIndex } from '../../../../ui/views/calls-model.js';
import { buildLanes, segmentsOf } from '../../../../ui/views/timeline-model.js';
import { bytes, clock, ms, oneLine, shortId } from '../../../../ui/format.js';
import { groupReport } from '../../../../ui/views/ExportImport.js';

afterEach(() => vi.useRealTimers());

const t0 = 1_700_000_000_000;
const events: CaptureEvent[] = [
  { kind: 'ws.create', t: t0, id: 'd:ws-1', url: 'wss://x/', protocols: [] },
  { kind: 'ws.open', t: t0 + 10, id: 'd:ws-1', protocol: '', extensions: '' },
  { kind: 'ws.frame', t: t0 + 20, id: 'd:ws-1', dir: 'sent', size: 40, binary: false, text: '{"jsonrpc":"2.0","id":1,"method":"a.b"}' },
  { kind: 'ws.frame', t: t0 + 35, id: 'd:ws-1', dir: 'received', size: 40, binary: false, text: '{"jsonrpc":"2.0","id":1,"result":{}}' },
  { kind: 'ws.close', t: t0 + 100, id: 'd:ws-1', code: 1006, reason: '', wasClean: false, initiator: 'remote' },
  { kind: 'pc.create', t: t0 + 5, id: 'd:pc-1', config: null },
  { kind: 'pc.event', t: t0 + 50, id: 'd:pc-1', type: 'connectionstatechange', data: { state: 'connected' } },
];

describe('PanelStore', () => {
  it('keeps model, frames and analysis in step, bumping the version once per batch', () => {
    const s = new PanelStore();
    const v0 = s.state$.value.version;
    s.append(events);
    expect(s.state$.value.version).toBe(v0 + 1);
    expect(s.frames).toHaveLength(2);
    expect(s.model.sockets.get('d:ws-1')?.state).toBe('closed');
    const a = s.analyzer.snapshot();
    expect(a.messages).toHaveLength(2);
    expect(a.messages[1]!.pairedWith).toBe(0);
    expect(a.messages[1]!.latencyMs).toBe(15);
  });

  it('clear empties everything and starts a new generation', () => {
    const s = new PanelStore();
    s.append(events);
    s.clear();
    expect(s.events).toHaveLength(0);
    expect(s.frames).toHaveLength(0);
    expect(s.analyzer.snapshot().messages).toHaveLength(0);
    expect(s.state$.value.generation).toBe(1);
  });
});

describe('perFrame', () => {
  it('coalesces a burst of changes into one render with the latest value', () => {
    vi.useFakeTimers();
    const src = new Subject<number>();
    const seen: number[] = [];
    const sub = perFrame(src, 100).subscribe((v) => seen.push(v));
    for (let i = 0; i < 1000; i++) src.next(i);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([999]);
    src.next(1000);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([999, 1000]);
    sub.unsubscribe();
  });
});

describe('timeline lanes', () => {
  it('cuts state changes into segments ending at the next change or the end', () => {
    expect(segmentsOf([{ t: 0, state: 'a' }, { t: 5, state: 'b' }], 9)).toEqual([
      { from: 0, to: 5, state: 'a' },
      { from: 5, to: 9, state: 'b' },
    ]);
  });

  it('has a lane per connection session (or socket) and per peer connection', () => {
    const s = new PanelStore();
    s.append(events);
    const { lanes, start } = buildLanes(s.model, s.analyzer.snapshot(), t0 + 200);
    expect(start).toBe(t0);
    expect(lanes).toHaveLength(2);
    const pc = lanes.find((l) => l.id === 'pc-d:pc-1')!;
    expect(pc.segments.map((x) => x.state)).toEqual(['new', 'connected']);
    expect(lanes.find((l) => l.id !== pc.id)!.segments.at(-1)!.state).toMatch(/disconnected|closed/);
  });
});

describe('CallIndex', () => {
  it('indexes messages by call id incrementally, including inner Verto call ids', () => {
    const idx = new CallIndex();
    const msgs: { callId?: string; inner?: { callId?: string } }[] = [{ callId: 'a' }, {}, { inner: { callId: 'b' } }];
    idx.update(msgs, 0);
    expect(idx.of('a')).toEqual([0]);
    expect(idx.of('b')).toEqual([2]);
    msgs.push({ callId: 'a' });
    expect(idx.update(msgs, 0).of('a')).toEqual([0, 3]);
    expect(idx.update([{ callId: 'z' }], 1).of('a')).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats sizes, durations, one-line previews and short ids', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(2048)).toBe('2.0 kB');
    expect(bytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(ms(12.4)).toBe('12 ms');
    expect(ms(2500)).toBe('2.50 s');
    expect(ms(undefined)).toBe('');
    expect(oneLine('a\n  b\tc')).toBe('a b c');
    expect(oneLine('x'.repeat(50), 10)).toBe('xxxxxxxxxx…');
    expect(shortId('doc123:ws-4')).toBe('ws-4');
    expect(clock(new Date(2026, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
  });

  it('groups the redaction report by kind for review', () => {
    const g = groupReport([
      { path: '$.a', where: 'frame 1', kind: 'jwt', count: 1 },
      { path: '$.b', where: 'frame 2', kind: 'jwt', count: 2 },
      { path: '$.c', where: 'config', kind: 'secret-field', field: 'credential', count: 1 },
    ]);
    expect(g).toEqual([
      { kind: 'jwt', count: 3, where: ['frame 1', 'frame 2'] },
      { kind: 'secret-field (credential)', count: 1, where: ['config'] },
    ]);
  });
});

describe('PanelStore page loads', () => {
  it('labels ids by their page load and re-groups loads when documents arrive', () => {
    const s = new PanelStore();
    s.applyDoc({ docId: 'd', url: 'https://app.test/', top: true, loadId: 'd', startedAt: t0 }, false);
    expect(s.label('d:ws-1')).toBe('ws-1');
    expect(s.loads()).toHaveLength(1);
    s.applyDoc({ docId: 'e', url: 'https://app.test/?2', top: true, loadId: 'e', startedAt: t0 + 9000 }, false);
    expect(s.loads().map((l) => [l.ordinal, l.url])).toEqual([
      [1, 'https://app.test/'],
      [2, 'https://app.test/?2'],
    ]);
    expect(s.label('e:ws-1')).toBe('ws-1 · load 2');
    expect(s.label('d:ws-1')).not.toBe(s.label('e:ws-1'));
    s.clear();
    expect(s.loads()).toHaveLength(0);
  });
});

describe('PanelStore entry points', () => {
  const doc = (docId: string, startedAt: number, title?: string): DocInfo => ({ docId, url: `https://app.test/${docId}`, top: true, loadId: docId, startedAt, ...(title ? { title } : {}) });
  const drops = (n: number): DropCounts => ({ events: n, bytes: n * 10, byKind: { 'ws.frame': n } });
  const chunk = (evs: CaptureEvent[], done: boolean, docs = [doc('d', t0)]) => ({ docs, events: evs, dropped: drops(0), preserveLog: false, done });
  /** Counts the changes views would see. */
  const bumps = (s: PanelStore) => {
    const v0 = s.state$.value.version;
    return () => s.state$.value.version - v0;
  };

  it('a snapshot in chunks adds up, is ready only with its last chunk, and bumps once per chunk', () => {
    const s = new PanelStore({ kind: 'live', label: 'Tab 1' });
    const n = bumps(s);
    s.applySnapshot(chunk(events.slice(0, 3), false));
    expect(s.ready).toBe(false);
    expect(n()).toBe(1);
    s.applySnapshot({ ...chunk(events.slice(3), true), dropped: drops(4), preserveLog: true });
    expect(n()).toBe(2);
    expect(s.ready).toBe(true);
    expect(s.events).toHaveLength(events.length);
    expect(s.frames).toHaveLength(2);
    expect(s.dropped.events).toBe(4);
    expect(s.preserveLog).toBe(true);
    expect(s.docs.map((d) => d.docId)).toEqual(['d']);
    // The first chunk replaced whatever was there: one new generation for the whole snapshot.
    expect(s.state$.value.generation).toBe(1);
  });

  it('a later snapshot (after a reconnect) replaces the view instead of adding to it', () => {
    const s = new PanelStore();
    s.applySnapshot(chunk(events, true));
    s.applySnapshot(chunk(events, true));
    expect(s.events).toHaveLength(events.length);
    expect(s.analyzer.snapshot().messages).toHaveLength(2);
    expect(s.state$.value.generation).toBe(2);
  });

  it('a snapshot cut off by a stopped worker starts over with the next one', () => {
    const s = new PanelStore();
    s.applySnapshot(chunk(events.slice(0, 3), false));
    s.snapshotCutOff();
    s.applySnapshot(chunk(events.slice(0, 3), false));
    s.applySnapshot(chunk(events.slice(3), true));
    // Not the first three twice.
    expect(s.events).toEqual(events);
    expect(s.frames).toHaveLength(2);
    expect(s.ready).toBe(true);
  });

  it('without a cut-off, the next chunk of an unfinished snapshot is added to it', () => {
    const s = new PanelStore();
    s.applySnapshot(chunk(events.slice(0, 3), false));
    s.applySnapshot(chunk(events.slice(3), true));
    expect(s.events).toEqual(events);
    expect(s.state$.value.generation).toBe(1);
  });

  it('live events bump once per batch, also a batch that only carries new drop counts', () => {
    const s = new PanelStore();
    s.applySnapshot(chunk([], true));
    const n = bumps(s);
    s.applyEvents(events, drops(0));
    expect(n()).toBe(1);
    expect(s.model.sockets.get('d:ws-1')?.state).toBe('closed');
    s.applyEvents([], drops(7));
    expect(n()).toBe(2);
    expect(s.dropped).toEqual(drops(7));
    expect(s.events).toHaveLength(events.length);
    expect(s.state$.value.generation).toBe(1);
  });

  it('a document sent again replaces its entry; a new one is added; each bumps once', () => {
    const s = new PanelStore();
    const n = bumps(s);
    s.applyDoc(doc('a', t0), false);
    s.applyDoc(doc('b', t0 + 5000), false);
    s.applyDoc(doc('a', t0, 'Dialer'), false);
    expect(n()).toBe(3);
    expect(s.docs.map((d) => [d.docId, d.title])).toEqual([
      ['a', 'Dialer'],
      ['b', undefined],
    ]);
    expect(s.loads()).toHaveLength(2);
    expect(s.state$.value.generation).toBe(0);
  });

  it('a document with reset (reload without preserve log) drops the capture and the earlier documents, in one bump', () => {
    const s = new PanelStore();
    s.applyDoc(doc('a', t0), false);
    s.applyEvents(events, drops(3));
    const n = bumps(s);
    s.applyDoc(doc('b', t0 + 9000), true);
    expect(n()).toBe(1);
    expect(s.state$.value.generation).toBe(1);
    expect(s.events).toHaveLength(0);
    expect(s.frames).toHaveLength(0);
    expect(s.dropped.events).toBe(0);
    expect(s.docs.map((d) => d.docId)).toEqual(['b']);
    expect(s.label('b:ws-1')).toBe('ws-1');
  });

  it("the worker's clear drops events but keeps the documents and their load labels; the user's Clear drops both", () => {
    const s = new PanelStore();
    s.applyDoc(doc('a', t0), false);
    s.applyDoc(doc('b', t0 + 9000), false);
    s.applyEvents(events, drops(2));
    const n = bumps(s);
    s.applyCleared();
    expect(n()).toBe(1);
    expect(s.events).toHaveLength(0);
    expect(s.dropped.events).toBe(0);
    expect(s.docs.map((d) => d.docId)).toEqual(['a', 'b']);
    expect(s.label('b:ws-1')).toBe('ws-1 · load 2');
    s.clear();
    expect(n()).toBe(2);
    expect(s.docs).toHaveLength(0);
    expect(s.loads()).toHaveLength(0);
    expect(s.state$.value.generation).toBe(2);
  });

  it('an import fills source, documents, preflight, drop counts and events, ready at once, in one bump', () => {
    const s = new PanelStore();
    const n = bumps(s);
    const bundle = { documents: [doc('d', t0)], preflight: { verdict: 'ok' }, dropped: drops(5) };
    s.importBundle({ kind: 'bundle', events, bundle }, 'support.json');
    expect(n()).toBe(1);
    expect(s.source).toEqual({ kind: 'bundle', label: 'support.json', bundle });
    expect(s.ready).toBe(true);
    expect(s.docs.map((d) => d.docId)).toEqual(['d']);
    expect(s.preflight).toEqual({ verdict: 'ok' });
    expect(s.dropped).toEqual(drops(5));
    expect(s.events).toHaveLength(events.length);
    expect(s.analyzer.snapshot().messages).toHaveLength(2);
  });

  it('an import without documents, preflight or drop counts keeps the empty defaults', () => {
    const s = new PanelStore();
    s.importBundle({ kind: 'webrtc-internals', events: [], bundle: { documents: 'not a list' } }, 'dump.txt');
    expect(s.docs).toHaveLength(0);
    expect(s.preflight).toBeUndefined();
    expect(s.dropped).toEqual({ events: 0, bytes: 0, byKind: {} });
    expect(s.source.kind).toBe('webrtc-internals');
  });

  it("the panel's own settings (preserve log, preflight, SDK diagnostics) each bump once and keep the capture", () => {
    const s = new PanelStore();
    s.append(events);
    const n = bumps(s);
    s.setPreserveLog(true);
    expect(s.preserveLog).toBe(true);
    s.setPreflight({ verdict: 'warn' });
    expect(s.preflight).toEqual({ verdict: 'warn' });
    s.setSdkDiagnostics({ version: '2.27.10' });
    expect(s.sdkDiagnostics).toEqual({ version: '2.27.10' });
    expect(n()).toBe(3);
    expect(s.events).toHaveLength(events.length);
    expect(s.state$.value.generation).toBe(0);
  });

  it('a live store names its tab from the start; a new store is an empty, unready one', () => {
    expect(new PanelStore({ kind: 'live', label: 'Tab 3' }).source).toEqual({ kind: 'live', label: 'Tab 3' });
    const s = new PanelStore();
    expect(s.source).toEqual({ kind: 'empty', label: '' });
    expect(s.ready).toBe(false);
    expect(s.preserveLog).toBe(false);
  });
});
