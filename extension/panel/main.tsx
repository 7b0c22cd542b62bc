/**
 * The DevTools panel entry: panel.html?tabId=N. Also opens as a plain extension tab (tests, or a
 * user who wants a bigger window), where `browser.devtools` does not exist.
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { App } from '../../ui/App.js';
import { PanelStore } from '../../ui/data/store.js';
import { connectLive } from './data/port-source.js';
import type { PortLike } from '../../core/messages/channel.js';
import { applyTheme } from '../../ui/theme.js';
import { runSdkCommand } from '../panel-api/sdkCommands.js';
import { askSdkDiagnostics } from '../panel-api/sdkDiagnostics.js';
import { runPreflightInPage } from '../panel-api/pagePreflight.js';
import { faultOrders } from '../panel-api/faults.js';

function devtoolsThemeName(): string | undefined {
  try {
    return (browser as unknown as { devtools?: { panels?: { themeName?: string } } }).devtools?.panels?.themeName;
  } catch {
    return undefined;
  }
}

const params = new URLSearchParams(location.search);
applyTheme(params.get('theme') ?? devtoolsThemeName());

const tabId = Number(params.get('tabId'));
const root = document.getElementById('app')!;

if (Number.isInteger(tabId) && tabId >= 0 && params.get('tabId') !== null) {
  const store = new PanelStore({ kind: 'live', label: `Tab ${tabId}` });
  const live = connectLive((name) => browser.runtime.connect({ name }) as unknown as PortLike, tabId, store);
  addEventListener('pagehide', () => live.close());
  render(<App store={store} live={live} tabId={tabId} runSdkCommand={(sdkId, cmd) => runSdkCommand(tabId, sdkId, cmd)} askSdkDiagnostics={() => askSdkDiagnostics(tabId)} runPreflightInPage={runPreflightInPage} faults={faultOrders((name) => browser.runtime.connect({ name }), tabId)} />, root);
} else {
  // No inspected tab: still useful as a viewer for imported bundles.
  render(<App store={new PanelStore()} initialTab="export" />, root);
}
