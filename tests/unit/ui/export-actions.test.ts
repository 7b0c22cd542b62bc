import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../ui/data/store.js';
import { defaultExportSettings, prepareBundle } from '../../../ui/export-actions.js';
import { Seq } from '../../fixtures/protocol/builder.js';

describe('the panel export', () => {
  it('carries the page loads, so the viewer tells them apart and the page URL comes with them', () => {
    const s = new Seq();
    s.create('doc1:ws-1', 'wss://x/').wait(1000).create('doc2:ws-1', 'wss://x/');
    const store = new PanelStore({ kind: 'live', label: 'Tab 1' });
    for (const d of [
      { docId: 'doc1', url: 'https://app.example/a', top: true, loadId: 'doc1', startedAt: s.events[0]!.t },
      { docId: 'doc2', url: 'https://app.example/b', top: true, loadId: 'doc2', startedAt: s.t },
    ]) store.applyDoc(d, false);
    store.append(s.events);
    const { bundle } = prepareBundle(store, defaultExportSettings);
    expect(bundle.documents?.map((d) => [d.docId, d.url])).toEqual([
      ['doc1', 'https://app.example/a'],
      ['doc2', 'https://app.example/b'],
    ]);
    expect(bundle.environment.pageUrl).toBe('https://app.example/b');
  });
});
