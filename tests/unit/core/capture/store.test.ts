import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { DOC_REFUSED_KIND, TabCaptureStore, chunkEvents, docBytes, eventBytes, INVALID_KIND, LOST_IN_PAGE_BATCHES_KIND, LOST_IN_PAGE_KIND } from '../../../../core/capture/store.js';

const frame = (n: number, text = `frame ${n}`): CaptureEvent => ({ kind: 'ws.frame', t: n, id: 'd:ws-1', dir: 'sent', size: text.length, binary: false, text });
const stats = (n: number): CaptureEvent => ({ kind: 'pc.stats', t: n, id: 'd:pc-1', reports: { r: { type: 'outbound-rtp', bytesSent: n } } });

describe('TabCaptureStore', () => {
  it('stores events tagged with their document', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'doc1', 'https://a/', true, 0);
    const r = s.addBatch(1, 'doc1', 1, [frame(1), frame(2)]);
    expect(r.ignored).toBe(false);
    expect(s.tab(1).events.map((e) => [e.doc, e.t])).toEqual([
      ['doc1', 1],
      ['doc1', 2],
    ]);
  });

  it('ignores a resent batch (same docId and seq) and older seqs, accepts gaps', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'doc1', 'https://a/', true, 0);
    s.addBatch(1, 'doc1', 1, [frame(1)]);
    s.addBatch(1, 'doc1', 2, [frame(2)]);
    expect(s.addBatch(1, 'doc1', 2, [frame(2)]).ignored).toBe(true);
    expect(s.addBatch(1, 'doc1', 1, [frame(1)]).ignored).toBe(true);
    expect(s.addBatch(1, 'doc1', 5, [frame(5)]).ignored).toBe(false);
    expect(s.tab(1).events.map((e) => e.t)).toEqual([1, 2, 5]);
    // The same seq from another document is a different batch.
    s.hello(1, 'frame2', 'https://b/', false, 0);
    expect(s.addBatch(1, 'frame2', 1, [frame(9)]).ignored).toBe(false);
  });

  it('keeps tabs apart', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'a', 'https://a/', true, 0);
    s.hello(2, 'b', 'https://b/', true, 0);
    s.addBatch(1, 'a', 1, [frame(1)]);
    s.addBatch(2, 'b', 1, [frame(2), frame(3)]);
    expect(s.tab(1).events).toHaveLength(1);
    expect(s.tab(2).events).toHaveLength(2);
    s.removeTab(1);
    expect(s.get(1)).toBeUndefined();
    expect(s.tab(2).events).toHaveLength(2);
  });

  it('drops what exceeds the byte cap and counts it by kind and bytes', () => {
    const one = eventBytes({ ...frame(1), doc: 'doc1' } as unknown as CaptureEvent);
    // The document counts toward the cap too (issue 17): room for it and three frames.
    const doc = docBytes({ docId: 'doc1', url: 'https://a/', top: true, loadId: 'doc1', startedAt: 0 });
    const s = new TabCaptureStore(doc + one * 3 + 10);
    s.hello(1, 'doc1', 'https://a/', true, 0);
    s.addBatch(1, 'doc1', 1, [frame(1), frame(2), frame(3)]);
    const r = s.addBatch(1, 'doc1', 2, [frame(4), stats(5), stats(6)]);
    expect(r.droppedByCap).toBe(3);
    const t = s.tab(1);
    expect(t.events).toHaveLength(3);
    expect(t.bytes).toBeLessThanOrEqual(s.capBytes);
    expect(t.dropped.events).toBe(3);
    expect(t.dropped.byKind).toEqual({ 'ws.frame': 1, 'pc.stats': 2 });
    expect(t.dropped.bytes).toBeGreaterThan(0);
  });

  it('counts events the worker refused under "invalid"', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'doc1', 'https://a/', true, 0);
    s.addBatch(1, 'doc1', 1, [frame(1)], 4);
    expect(s.tab(1).dropped.byKind[INVALID_KIND]).toBe(4);
  });

  it('counts the events a bridge refused from its cumulative reports, each only once', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'doc1', 'https://a/', true, 0);
    expect(s.reportLost(1, 'doc1', { batches: 0, events: 0, refused: 5 })).toBe(true);
    // A repeat (a hello after a worker restart, a batch resent) adds nothing; growth adds the difference.
    expect(s.reportLost(1, 'doc1', { batches: 0, events: 0, refused: 5 })).toBe(false);
    expect(s.reportLost(1, 'doc1', { batches: 1, events: 3, refused: 9 })).toBe(true);
    expect(s.tab(1).dropped.byKind[INVALID_KIND]).toBe(9);
    expect(s.tab(1).dropped.byKind['lost-in-page']).toBe(3);
  });

  it('a new top-level document starts a new load and discards the old one, including its frames and late batches', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.hello(1, 'iframe1', 'https://ads/', false, 0);
    s.addBatch(1, 'top1', 1, [frame(1)]);
    s.addBatch(1, 'iframe1', 1, [frame(2)]);
    const r = s.hello(1, 'top2', 'https://a/', true, 10);
    expect(r).toMatchObject({ reset: true, isNew: true, doc: { loadId: 'top2' } });
    expect(s.tab(1).events).toEqual([]);
    expect(s.tab(1).docs.map((d) => d.docId)).toEqual(['top2']);
    // The old page's last flush arriving after the reload is ignored.
    expect(s.addBatch(1, 'top1', 2, [frame(3)]).ignored).toBe(true);
    s.hello(1, 'iframe2', 'https://ads/', false, 11);
    expect(s.tab(1).docs.find((d) => d.docId === 'iframe2')?.loadId).toBe('top2');
  });

  it('a page restored from the back/forward cache is live again: its hello starts a load and its batches count', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'pageA', 'https://a/', true, 0);
    s.addBatch(1, 'pageA', 1, [frame(1)]);
    s.hello(1, 'pageB', 'https://b/', true, 1);
    expect(s.addBatch(1, 'pageA', 2, [frame(2)]).ignored).toBe(true);
    // Back button: the cached pageA document reconnects and says hello again.
    expect(s.hello(1, 'pageA', 'https://a/', true, 2)).toMatchObject({ reset: true, isNew: true });
    expect(s.addBatch(1, 'pageA', 3, [frame(3)]).ignored).toBe(false);
    expect(s.tab(1).events.map((e) => e.t)).toEqual([3]);
  });

  it('with preserve-log, loads accumulate', () => {
    const s = new TabCaptureStore();
    s.setPreserveLog(1, true);
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.addBatch(1, 'top1', 1, [frame(1)]);
    expect(s.hello(1, 'top2', 'https://a/', true, 1).reset).toBe(false);
    s.addBatch(1, 'top2', 1, [frame(2)]);
    expect(s.tab(1).events.map((e) => e.doc)).toEqual(['top1', 'top2']);
    expect(new Set(s.tab(1).docs.map((d) => d.loadId))).toEqual(new Set(['top1', 'top2']));
  });

  it('a reconnecting bridge repeating hello changes nothing', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.addBatch(1, 'top1', 1, [frame(1)]);
    expect(s.hello(1, 'top1', 'https://a/', true, 5)).toMatchObject({ reset: false, isNew: false });
    expect(s.tab(1).events).toHaveLength(1);
  });

  it('a batch from a document that never said hello registers it in the current load', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.addBatch(1, 'stray', 1, [frame(1)]);
    expect(s.tab(1).docs.find((d) => d.docId === 'stray')).toMatchObject({ top: false, loadId: 'top1' });
  });

  it('folds each document\'s cumulative lost-in-page report in once: repeats and resends add nothing, only growth counts', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.hello(1, 'frame1', 'https://b/', false, 0);
    const lostOf = () => {
      const d = s.tab(1).dropped;
      return { events: d.byKind[LOST_IN_PAGE_KIND], batches: d.byKind[LOST_IN_PAGE_BATCHES_KIND], total: d.events };
    };
    expect(s.reportLost(1, 'top1', { batches: 2, events: 50 })).toBe(true);
    expect(s.reportLost(1, 'top1', { batches: 2, events: 50 })).toBe(false); // the same report again (a resend)
    expect(s.reportLost(1, 'top1', { batches: 1, events: 10 })).toBe(false); // an older, smaller one
    expect(lostOf()).toEqual({ events: 50, batches: 2, total: 50 });
    expect(s.reportLost(1, 'top1', { batches: 3, events: 80 })).toBe(true);
    // Another document's loss adds to the tab's.
    expect(s.reportLost(1, 'frame1', { batches: 1, events: 4 })).toBe(true);
    expect(lostOf()).toEqual({ events: 84, batches: 4, total: 84 });
    expect(s.reportLost(1, 'frame1', { batches: 0, events: 0 })).toBe(false);
  });

  it('a new page load starts its lost-in-page count from zero; a late report from the discarded load is ignored', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.reportLost(1, 'top1', { batches: 2, events: 50 });
    s.hello(1, 'top2', 'https://a/', true, 10);
    expect(s.tab(1).dropped).toEqual({ events: 0, bytes: 0, byKind: {} });
    expect(s.reportLost(1, 'top1', { batches: 9, events: 900 })).toBe(false);
    expect(s.reportLost(1, 'top2', { batches: 1, events: 3 })).toBe(true);
    expect(s.tab(1).dropped.byKind).toEqual({ [LOST_IN_PAGE_KIND]: 3, [LOST_IN_PAGE_BATCHES_KIND]: 1 });
  });

  it('after a clear, the same cumulative report is not counted again, but a new loss is', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.reportLost(1, 'top1', { batches: 2, events: 50 });
    s.clear(1);
    expect(s.reportLost(1, 'top1', { batches: 2, events: 50 })).toBe(false);
    expect(s.tab(1).dropped.events).toBe(0);
    expect(s.reportLost(1, 'top1', { batches: 3, events: 60 })).toBe(true);
    expect(s.tab(1).dropped.byKind).toEqual({ [LOST_IN_PAGE_KIND]: 10, [LOST_IN_PAGE_BATCHES_KIND]: 1 });
  });

  it('clear empties events and drop counts but keeps documents', () => {
    const s = new TabCaptureStore(200);
    s.hello(1, 'top1', 'https://a/', true, 0);
    s.addBatch(1, 'top1', 1, [frame(1)]);
    s.clear(1);
    const t = s.tab(1);
    // The document stays, and still counts toward the cap.
    expect([t.events.length, t.bytes, t.dropped.events, t.docs.length]).toEqual([0, docBytes(t.docs[0]!), 0, 1]);
  });
});

describe('documents count toward the cap (issue 17)', () => {
  it('a page with thousands of long-URL frames fills the cap with documents, never past it; the rest are counted, not kept', () => {
    const s = new TabCaptureStore(1024 * 1024);
    s.hello(1, 'top', 'https://app.example/', true, 0);
    const long = `https://app.example/frame?pad=${'x'.repeat(4000)}`;
    for (let i = 0; i < 2500; i++) s.hello(1, `f${i}`, `${long}&i=${i}`, false, i);
    const t = s.tab(1);
    expect(t.bytes).toBeLessThanOrEqual(s.capBytes);
    const kept = t.docs.length - 1;
    expect(kept).toBeGreaterThan(200);
    expect(t.dropped.byKind[DOC_REFUSED_KIND]).toBe(2500 - kept);
    expect(t.dropped.events).toBe(0);
    // A refused frame's batch never stores events without their document, nor passes the cap.
    const big = { ...frame(1), text: 'y'.repeat(8000), size: 8000 } as CaptureEvent;
    expect(s.addBatch(1, 'f2499', 1, [big]).droppedByCap).toBe(1);
    expect(t.events.every((e) => t.docs.some((d) => d.docId === e.doc))).toBe(true);
    expect(t.bytes).toBeLessThanOrEqual(s.capBytes);
    // A new top document always starts its load.
    expect(s.hello(1, 'top2', long, true, 9).isNew).toBe(true);
  });

  it('a title changes what the document costs; a new page load starts from its own document alone', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'top', 'https://a/', true, 0);
    const before = s.tab(1).bytes;
    s.setTitle(1, 'top', 'A title of twenty-six chars');
    expect(s.tab(1).bytes).toBe(before + 27);
    s.hello(1, 'top2', 'https://b/', true, 5);
    expect(s.tab(1).bytes).toBe(docBytes(s.tab(1).docs[0]!));
  });
});

describe('chunkEvents', () => {
  it('splits by count and by bytes, keeping order, and always yields at least one chunk', () => {
    const evs = Array.from({ length: 25 }, (_, i) => ({ ...frame(i), doc: 'd' }));
    const byCount = chunkEvents(evs, 10);
    expect(byCount.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(byCount.flat()).toEqual(evs);
    const byBytes = chunkEvents(evs, 1000, eventBytes(evs[0]!) * 2);
    expect(byBytes.every((c) => c.length <= 2)).toBe(true);
    expect(byBytes.flat()).toEqual(evs);
    expect(chunkEvents([])).toEqual([[]]);
  });

  it('keeps the top document\'s title in its DocInfo, reporting only a change', () => {
    const s = new TabCaptureStore();
    s.hello(1, 'doc1', 'https://a/', true, 0);
    const changed = s.setTitle(1, 'doc1', 'Support call');
    expect(changed).toMatchObject({ docId: 'doc1', title: 'Support call' });
    expect(s.get(1)!.docs[0]!.title).toBe('Support call');
    expect(s.setTitle(1, 'doc1', 'Support call')).toBeUndefined();
    expect(s.setTitle(1, 'unknown', 'x')).toBeUndefined();
    s.hello(1, 'doc2', 'https://b/', true, 5, 'Known at hello');
    expect(s.get(1)!.docs.at(-1)!.title).toBe('Known at hello');
  });
});
