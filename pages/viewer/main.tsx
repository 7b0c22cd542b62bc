/**
 * The standalone bundle viewer: the panel's views over an imported bundle or webrtc-internals
 * dump, with no extension API. Works from any static server (relative assets) and inside the
 * extension as viewer.html. `?src=<url>` opens a bundle from the same server.
 */
import { render } from 'preact';
import '../../ui/panel.css';
import { App, storeFromFile } from '../../ui/App.js';
import { PanelStore } from '../../ui/data/store.js';
import { applyTheme } from '../../ui/theme.js';

const params = new URLSearchParams(location.search);
applyTheme(params.get('theme'));
document.title = 'RTC DevTools bundle viewer';

const root = document.getElementById('app')!;
const empty = new PanelStore();

async function openFromUrl(src: string): Promise<void> {
  try {
    const res = await fetch(src);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const buf = await res.arrayBuffer();
    const name = decodeURIComponent(new URL(src, location.href).pathname.split('/').pop() || 'bundle.json');
    const r = await storeFromFile({ name, arrayBuffer: async () => buf });
    if ('store' in r) render(<App key={src} store={r.store} />, root);
    else render(<App store={empty} initialTab="export" initialImportError={r.error} />, root);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    render(<App store={empty} initialTab="export" initialImportError={`Could not load ${src}: ${why}`} />, root);
  }
}

const src = params.get('src');
if (src) void openFromUrl(src);
else render(<App store={empty} initialTab="export" />, root);
