/**
 * A calling app that bundles its SDKs (no UMD globals) and registers its clients with
 * RTC DevTools through the documented queue, the way docs/sdk-hook.md shows.
 */
import { SignalWire, StaticCredentialProvider, version as swVersion } from '@signalwire/js-v4';
import { TelnyxRTC } from '@telnyx/webrtc';

interface DevtoolsHook {
  queue: unknown[];
  register?: (client: object, info?: { sdk?: string; version?: string; name?: string }) => string | undefined;
}
declare global {
  interface Window {
    __RTC_DEVTOOLS_HOOK__?: DevtoolsHook;
    demo?: { sw?: SignalWire; tx?: TelnyxRTC };
  }
}

const params = new URLSearchParams(location.search);
const show = (id: string, text: string): void => {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
};

// Register whether or not the extension is there, and whether it arrived first or not.
const hook = (window.__RTC_DEVTOOLS_HOOK__ ??= { queue: [] });
show('hook', typeof hook.register === 'function' ? 'live' : 'queue only');
window.demo = {};

const swHost = params.get('sw');
if (swHost) {
  const client = new SignalWire(new StaticCredentialProvider({ token: params.get('swToken') ?? '' }), { skipRegister: true });
  client.preferences.relayHost = swHost;
  window.demo.sw = client;
  // The 4.0 beta reports "3.30.0" as its version; the app knows what it installed.
  hook.queue.push({ client, sdk: 'signalwire', version: swVersion.startsWith('4') ? swVersion : '4.0.0-beta.12', name: 'bundled 4.x client' });
  client.isConnected$.subscribe((c) => show('sw', c ? 'connected' : 'disconnected'));
}

const txHost = params.get('tx');
if (txHost) {
  // `host` is honoured by the SDK but absent from its IClientOptions type.
  const options = { login: 'bundled-user', password: 'bundled-secret-pw', host: txHost, iceServers: [] } as ConstructorParameters<typeof TelnyxRTC>[0];
  const client = new TelnyxRTC(options);
  window.demo.tx = client;
  hook.queue.push([client, { sdk: 'telnyx', version: '2.27.10', name: 'bundled telnyx client' }]);
  client.on('telnyx.ready', () => show('tx', 'ready'));
  client.on('telnyx.error', () => show('tx', 'error'));
  void client.connect();
}
