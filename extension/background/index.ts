/**
 * Service worker (Chromium) / event page (Firefox): keeps each tab's capture, durably, and streams it
 * to the panels that subscribed to that tab. Listeners are registered synchronously at start-up, as
 * MV3 requires for a worker woken by an event.
 */
import browser from 'webextension-polyfill';
import { CAPTURE_PORT, PANEL_PORT } from '../../core/messages/versions.js';
import { TabCaptureStore } from '../../core/capture/store.js';
import { onCapturePort } from './capture.js';
import { onPanelPort } from './panels.js';
import { createTabs } from './tabs.js';
import { installDebugApi } from './debug.js';
import { installCommandRelay } from './commands.js';
import { installSdkDiagnosticsRelay } from './sdk-diagnostics.js';
import { onPreflightPort } from './preflight.js';
import { PREFLIGHT_PORT } from '../../core/messages/versions.js';
import { installTestHooks } from './test-hooks.js';

const store = new TabCaptureStore();
const tabs = createTabs(store);

browser.runtime.onConnect.addListener((port) => {
  if (port.name === CAPTURE_PORT) onCapturePort(port, tabs);
  else if (port.name === PANEL_PORT) onPanelPort(port, tabs);
  else if (port.name === PREFLIGHT_PORT) onPreflightPort(port, browser);
  else port.disconnect();
});

browser.tabs.onRemoved.addListener((tabId) => tabs.forget(tabId));

installDebugApi(store);
// SDK commands (preflight, getDeviceCapabilities, exportDiagnostics) from panels to the page's SDK.
installCommandRelay(browser);
// "Ask the SDK before export": any extension page gets the tab's SDK diagnostics for its bundle.
installSdkDiagnosticsRelay(browser, (tabId) => tabs.events(tabId));
void tabs.sweep();
installTestHooks();
