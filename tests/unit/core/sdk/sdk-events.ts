/** Capture events that SDK-recognition tests share: the hook's sdk.found and each SDK's first frames. */
import type { CaptureEvent, SdkFound } from '../../../../core/capture/events.js';

export const found = (id: string, sdk: string, version: string, via: string, detail?: SdkFound['detail'], t = 1): SdkFound => ({
  kind: 'sdk.found',
  t,
  id,
  sdk,
  version,
  via,
  ...(detail !== undefined ? { detail } : {}),
});

/** A socket opened at `t` whose first sent frame is `frame` (JSON-encoded). */
const socketWith = (t: number, id: string, url: string, frame: unknown): CaptureEvent[] => [
  { kind: 'ws.create', t, id, url, protocols: [] },
  { kind: 'ws.open', t: t + 1, id, protocol: '', extensions: '' },
  { kind: 'ws.frame', t: t + 2, id, dir: 'sent', size: 200, binary: false, text: JSON.stringify(frame) },
];

/** A Telnyx login carrying the SDK version in its user agent (socket ws-1). */
export const telnyxLogin = (t: number): CaptureEvent[] =>
  socketWith(t, 'ws-1', 'wss://rtc.telnyx.com/', { jsonrpc: '2.0', id: 1, method: 'login', params: { login: 'u', passwd: 'p', 'User-Agent': { sdkVersion: '2.27.10', data: 'x' } } });

/** A SignalWire 4.x connect with the given agent string (socket ws-9). */
export const signalwireConnect = (t: number, agent: string): CaptureEvent[] =>
  socketWith(t, 'ws-9', 'wss://x.signalwire.com/', {
    jsonrpc: '2.0',
    id: 'c1',
    method: 'signalwire.connect',
    params: { version: { major: 4, minor: 0, revision: 0 }, agent, authentication: { jwt_token: 'x' } },
  });
