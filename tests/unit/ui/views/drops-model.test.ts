import { describe, it, expect } from 'vitest';
import { DOC_REFUSED_KIND, TabCaptureStore, docBytes } from '../../../../core/capture/store.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { dropBanners } from '../../../../ui/views/drops-model.js';

const frame = (t: number, text: string): CaptureEvent => ({ kind: 'ws.frame', t, id: 'ws-1', dir: 'sent', size: text.length, binary: false, text });

describe('dropBanners', () => {
  it('says nothing when nothing was dropped or refused', () => {
    expect(dropBanners({ events: 0, bytes: 0, byKind: {} })).toEqual({});
  });

  it('a flood of forged hook messages is reported as refused, not as the capture limit', () => {
    const b = dropBanners({ events: 1_000_000, bytes: 0, byKind: { invalid: 1_000_000 } });
    expect(b.cap).toBeUndefined();
    expect(b.refused).toMatch(/^1000000 malformed events from the page were refused/);
    expect(b.refused).not.toContain('limit');
  });

  it('one refused event reads in the singular', () => {
    expect(dropBanners({ events: 1, bytes: 0, byKind: { invalid: 1 } }).refused).toMatch(/^1 malformed event from the page was refused/);
  });

  it('real cap drops keep the capture-limit banner, with their size and kinds and without the refused ones', () => {
    const b = dropBanners({ events: 12, bytes: 3 * 1024 * 1024, byKind: { 'ws.frame': 9, 'pc.stats': 1, invalid: 2 } });
    expect(b.cap).toBe('The capture limit was reached: 10 events (3.0 MB) were dropped — ws.frame 9, pc.stats 1');
    expect(b.refused).toMatch(/^2 malformed events from the page were refused/);
  });

  it('says in its own sentence how many events and batches were lost in the page, apart from the cap and refused ones', () => {
    const b = dropBanners({ events: 1210, bytes: 2048, byKind: { 'ws.frame': 8, invalid: 2, 'lost-in-page': 1200, 'lost-in-page-batches': 40 } });
    expect(b.lost).toMatch(/^1200 events \(40 batches\) were lost in the page before the extension could store them: the extension's service worker was unreachable/);
    // The cap's sentence counts and lists only what the cap dropped.
    expect(b.cap).toBe('The capture limit was reached: 8 events (2.0 kB) were dropped — ws.frame 8');
    expect(b.refused).toMatch(/^2 malformed events/);
    expect(dropBanners({ events: 1, bytes: 0, byKind: { 'lost-in-page': 1, 'lost-in-page-batches': 1 } })).toEqual({
      lost: expect.stringMatching(/^1 event \(1 batch\) was lost in the page/),
    });
  });

  it('shows a loss the worker store folded in from a bridge report', () => {
    const store = new TabCaptureStore();
    store.hello(7, 'doc-1', 'https://app.example/', true, 1);
    store.reportLost(7, 'doc-1', { batches: 3, events: 75 });
    store.reportLost(7, 'doc-1', { batches: 3, events: 75 });
    const b = dropBanners(store.tab(7).dropped);
    expect(b.lost).toMatch(/^75 events \(3 batches\) were lost in the page/);
    expect(b.cap).toBeUndefined();
  });

  it('reads the counts the worker store keeps: refused from the bridge, cap drops from the size limit', () => {
    // 400 bytes of events beside the document, which counts toward the cap too.
    const store = new TabCaptureStore(400 + docBytes({ docId: 'doc-1', url: 'https://app.example/', top: true, loadId: 'doc-1', startedAt: 1 }));
    store.hello(7, 'doc-1', 'https://app.example/', true, 1);
    store.addBatch(7, 'doc-1', 1, [frame(2, 'a'.repeat(100)), frame(3, 'b'.repeat(100)), frame(4, 'c'.repeat(300))], 5);
    const dropped = store.tab(7).dropped;
    const b = dropBanners(dropped);
    expect(b.refused).toMatch(/^5 malformed events/);
    expect(b.cap).toMatch(/^The capture limit was reached: 1 event \(\d+ B\) was dropped — ws\.frame 1$/);
  });
});

describe('documents past the cap', () => {
  it('says how many frames were not kept, beside or without dropped events', () => {
    expect(dropBanners({ events: 0, bytes: 0, byKind: { [DOC_REFUSED_KIND]: 3 } }).cap).toBe('The capture limit was reached: 3 frames loaded after it were not kept');
    const both = dropBanners({ events: 2, bytes: 200, byKind: { 'ws.frame': 2, [DOC_REFUSED_KIND]: 1 } }).cap!;
    expect(both).toMatch(/^The capture limit was reached: 2 events \(200 B\) were dropped — ws\.frame 2; 1 frame loaded after it was not kept$/);
  });
});
