import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../../ui/data/store.js';
import { captureInfo, hostOf } from '../../../../ui/views/capture-info.js';
import { Seq } from '../../../fixtures/protocol/builder.js';

describe('the capture header', () => {
  it('from a bundle: page, browser, OS and zone from its environment, the window from its events', () => {
    const s = new Seq();
    s.create('d:ws-1', 'wss://x/').wait(4000).open('d:ws-1');
    const store = new PanelStore({
      kind: 'bundle',
      label: 'b.json',
      bundle: {
        environment: {
          userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
          timeZone: 'America/New_York',
          pageUrl: 'https://support.example/call?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl&x=1',
        },
      },
    });
    store.append(s.events);
    const info = captureInfo(store);
    expect(info).toMatchObject({ live: false, browser: 'Chrome 131', os: 'Windows 10 or 11', timeZone: 'America/New_York', from: s.events[0]!.t, to: s.t, loads: 0 });
    // What gets screenshotted never shows a token from the page's address.
    expect(info.url).toMatch(/^https:\/\/support\.example\/call\?/);
    expect(info.url).not.toContain('eyJhbGci');
  });

  it('live: the latest page load names the page, with its title once known', () => {
    const store = new PanelStore({ kind: 'live', label: 'Tab 7' });
    for (const d of [
      { docId: 'a', url: 'https://app.example/one', top: true, loadId: 'a', startedAt: 1 },
      { docId: 'b', url: 'https://app.example/two', top: true, loadId: 'b', startedAt: 2, title: '  Dialer  ' },
    ]) store.applyDoc(d, false);
    expect(captureInfo(store)).toMatchObject({ live: true, url: 'https://app.example/two', title: 'Dialer', loads: 2 });
    expect(hostOf('https://app.example/two')).toBe('app.example');
    expect(hostOf('not a url')).toBe('not a url');
  });
});
