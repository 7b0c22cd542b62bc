import { describe, expect, it } from 'vitest';
import { LoadIndex, labelOf, loadsOf } from '../../../../core/capture/loads.js';
import type { DocInfo } from '../../../../core/capture/events.js';

const docs: DocInfo[] = [
  { docId: 'a', url: 'https://app.test/call', top: true, loadId: 'a', startedAt: 100, title: 'Call' },
  { docId: 'a-frame', url: 'https://widget.test/', top: false, loadId: 'a', startedAt: 120 },
  { docId: 'b', url: 'https://app.test/call?again', top: true, loadId: 'b', startedAt: 5000 },
];

describe('page loads', () => {
  it('groups documents into loads in the order the tab started them, named by the top document', () => {
    const loads = loadsOf(docs);
    expect(loads).toEqual([
      { loadId: 'a', ordinal: 1, url: 'https://app.test/call', title: 'Call', startedAt: 100, docIds: ['a', 'a-frame'] },
      { loadId: 'b', ordinal: 2, url: 'https://app.test/call?again', startedAt: 5000, docIds: ['b'] },
    ]);
  });

  it('a load whose top document was never seen is named by its frame', () => {
    expect(loadsOf([{ docId: 'f', url: 'https://widget.test/', top: false, loadId: 'f', startedAt: 1 }])[0]!.url).toBe('https://widget.test/');
  });

  it('the same local id on two loads gets two different labels; the first load keeps the short one', () => {
    const index = new LoadIndex(docs);
    expect(index.label('a:ws-1')).toBe('ws-1');
    expect(index.label('a-frame:pc-1')).toBe('pc-1');
    expect(index.label('b:ws-1')).toBe('ws-1 · load 2');
    expect(labelOf('b:pc-1', docs)).toBe('pc-1 · load 2');
  });

  it('ids of unknown documents read as their local part', () => {
    expect(labelOf('zzz:ws-3', docs)).toBe('ws-3');
    expect(labelOf('ws-3', [])).toBe('ws-3');
  });
});
