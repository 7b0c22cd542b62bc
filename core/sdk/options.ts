/**
 * Summaries of the options an app gave its SDK client: only the settings that explain behaviour
 * (debug, ICE, relay forcing, reconnection), never a credential. Which credential *kind* was used
 * is kept ("login_token", "login+password"), because "wrong auth method" is a common support case.
 */
import type { Json } from '../capture/events.js';
import { redactString, toSafeJson } from './safeJson.js';

type Dict = Record<string, unknown>;

function read(o: unknown, key: string): unknown {
  if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return undefined;
  try {
    return (o as Dict)[key];
  } catch {
    return undefined;
  }
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** Copy `keys` that are booleans, finite numbers or short strings; everything else is left out. */
// Saved when the hook loads: these summaries are built inside the page.
const objectCreate = Object.create;

function pickScalars(o: unknown, keys: readonly string[]): { [k: string]: Json } {
  // No prototype: assigning `out.host` must not run a setter a page put on Object.prototype.
  const out = objectCreate(null) as { [k: string]: Json };
  for (const k of keys) {
    const v = read(o, k);
    if (typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'string') out[k] = redactString(v.slice(0, 500));
  }
  return out;
}

/**
 * ICE servers with their URLs kept and TURN username/credential replaced by a flag, so a
 * support engineer can see "TURN configured, with credentials" without seeing them.
 */
export function summarizeIceServers(servers: unknown): Json {
  if (!Array.isArray(servers)) return null;
  return servers.slice(0, 20).map((s) => {
    const urls = read(s, 'urls') ?? read(s, 'url');
    const list = (Array.isArray(urls) ? urls : [urls]).filter((u): u is string => typeof u === 'string').slice(0, 10);
    const entry: { [k: string]: Json } = { urls: list.map((u) => redactString(u.slice(0, 500))) };
    if (present(read(s, 'username')) || present(read(s, 'credential'))) entry.hasCredentials = true;
    return entry;
  });
}

/** Which way a Telnyx client authenticates, without any of the secret values. */
export function telnyxAuthKind(o: unknown): string {
  if (present(read(o, 'anonymous_login'))) return 'anonymous_login';
  if (present(read(o, 'login')) && present(read(o, 'password'))) return 'login+password';
  if (present(read(o, 'login_token'))) return 'login_token';
  if (present(read(o, 'login'))) return 'login (no password)';
  return 'none';
}

const TELNYX_FLAGS = [
  'debug',
  'debugOutput',
  'forceRelayCandidate',
  'keepConnectionAliveOnSocketClose',
  'prefetchIceCandidates',
  'trickleIce',
  'region',
  'env',
  'useCanaryRtcServer',
  'mutedMicOnStart',
  'autoReconnect',
  'rtcIp',
  'rtcPort',
] as const;

/** The IClientOptions of a TelnyxRTC client that matter for diagnosis, secrets removed. */
export function summarizeTelnyxOptions(o: unknown): Json {
  const out: { [k: string]: Json } = { auth: telnyxAuthKind(o), ...pickScalars(o, TELNYX_FLAGS) };
  const login = read(o, 'login');
  // The SIP username identifies the connection in the Telnyx portal; it is not a secret.
  if (typeof login === 'string') out.login = login.slice(0, 200);
  const host = read(o, 'host');
  if (typeof host === 'string') out.host = redactString(host.slice(0, 500));
  const ice = read(o, 'iceServers');
  if (ice !== undefined) out.iceServers = summarizeIceServers(ice);
  const anon = read(o, 'anonymous_login');
  if (anon && typeof anon === 'object') out.anonymous_login = pickScalars(anon, ['target_type', 'target_id', 'target_version_id']);
  for (const k of ['ringtoneFile', 'ringbackFile'] as const) {
    const v = read(o, k);
    if (typeof v === 'string') out[k] = redactString(v.slice(0, 300));
  }
  return out;
}

const SW4_OPTION_FLAGS = [
  'skipConnection',
  'skipRegister',
  'skipDeviceMonitoring',
  'reconnectAttachedCalls',
  'savePreferences',
  'persistSession',
  'logLevel',
] as const;

/** Options given to the 4.x `new SignalWire(credentialProvider, options)`, secrets removed. */
export function summarizeSignalWire4Options(credentialProvider: unknown, options: unknown): Json {
  const out: { [k: string]: Json } = pickScalars(options, SW4_OPTION_FLAGS);
  let provider = 'none';
  if (credentialProvider && typeof credentialProvider === 'object') {
    try {
      const name = (credentialProvider as object).constructor?.name;
      provider = typeof name === 'string' && name !== 'Object' ? name.slice(0, 80) : 'custom';
    } catch {
      provider = 'custom';
    }
  }
  out.credentialProvider = provider;
  const debug = read(options, 'debug');
  if (debug && typeof debug === 'object') out.debug = toSafeJson(debug, { maxDepth: 2, maxItems: 20 });
  for (const k of ['webSocketConstructor', 'webRTCApiProvider', 'logger', 'storageImplementation'] as const) {
    if (present(read(options, k))) out[`custom${k[0]!.toUpperCase()}${k.slice(1)}`] = true;
  }
  return out;
}

const SW4_PREFERENCES = [
  'relayHost',
  'connectionTimeout',
  'reconnectCallsTimeout',
  'reconnectDelayMin',
  'reconnectDelayMax',
  'receiveVideo',
  'receiveAudio',
  'disableUdpIceServers',
  'relayOnly',
  'iceCandidateTimeout',
  'iceGatheringTimeout',
  'deviceDebounceTime',
  'devicePollingInterval',
  'statsPollingInterval',
] as const;

/** The 4.x `client.preferences` (ClientPreferences) settings that shape connection and ICE behaviour. */
export function summarizeSignalWire4Preferences(prefs: unknown): Json {
  const out: { [k: string]: Json } = pickScalars(prefs, SW4_PREFERENCES);
  const ice = read(prefs, 'iceServers');
  if (ice !== undefined) out.iceServers = summarizeIceServers(ice);
  return out;
}

const SW3_FLAGS = ['host', 'debug', 'logLevel', 'rootElement', 'applyLocalVideoOverlay', 'stopCameraWhileMuted', 'stopMicrophoneWhileMuted', 'audio', 'video'] as const;

/** Params given to a 3.x client (Video.RoomSession, Fabric SignalWire(), Chat/PubSub Client), secrets removed. */
export function summarizeSignalWire3Params(params: unknown): Json {
  const out: { [k: string]: Json } = pickScalars(params, SW3_FLAGS);
  out.auth = present(read(params, 'token')) ? 'token' : 'none';
  const debug = read(params, 'debug');
  if (debug && typeof debug === 'object') out.debug = toSafeJson(debug, { maxDepth: 2, maxItems: 20 });
  const ice = read(params, 'iceServers');
  if (ice !== undefined) out.iceServers = summarizeIceServers(ice);
  return out;
}
