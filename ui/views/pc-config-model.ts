/**
 * A peer connection's RTCConfiguration in the few lines a support engineer checks first: which
 * STUN/TURN servers (credentials stay as the capture redacted them), the transport and bundle
 * policies, and whether the page changed it later with setConfiguration().
 */
import type { CaptureEvent, Json } from '../../core/capture/events.js';

export interface ConfigRow {
  name: string;
  value: string;
}

type Obj = { [k: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function serverLine(s: Json): string {
  if (!isObj(s)) return String(s);
  const urls = Array.isArray(s.urls) ? s.urls.map(String).join(', ') : typeof s.urls === 'string' ? s.urls : typeof s.url === 'string' ? s.url : '(no urls)';
  const creds = ['username', 'credential'].filter((k) => k in s).map((k) => `${k} ${String(s[k])}`);
  return creds.length ? `${urls} · ${creds.join(', ')}` : urls;
}

const DEFAULTS: Record<string, string> = { iceTransportPolicy: 'all', bundlePolicy: 'balanced', rtcpMuxPolicy: 'require', iceCandidatePoolSize: '0' };

/** The configuration in force: the last setConfiguration() argument, else the constructor's. */
export function configInForce(config: Json, log: readonly CaptureEvent[]): { config: Json; changedAt?: number } {
  for (let i = log.length - 1; i >= 0; i--) {
    const ev = log[i]!;
    if (ev.kind === 'pc.call' && ev.method === 'setConfiguration' && ev.args.length > 0) return { config: ev.args[0]!, changedAt: ev.t };
  }
  return { config };
}

export function configRows(config: Json): ConfigRow[] {
  const c = isObj(config) ? config : {};
  const rows: ConfigRow[] = [];
  const servers = Array.isArray(c.iceServers) ? c.iceServers : [];
  if (servers.length === 0) rows.push({ name: 'ICE servers', value: 'none: no STUN or TURN, host candidates only' });
  else servers.forEach((s, i) => rows.push({ name: servers.length > 1 ? `ICE server ${i + 1}` : 'ICE server', value: serverLine(s) }));
  for (const key of Object.keys(DEFAULTS)) {
    const v = c[key];
    rows.push({ name: key, value: v === undefined ? `${DEFAULTS[key]} (default)` : String(v) });
  }
  for (const [k, v] of Object.entries(c)) {
    if (k === 'iceServers' || k in DEFAULTS) continue;
    rows.push({ name: k, value: Array.isArray(v) ? `${v.length} item${v.length === 1 ? '' : 's'}` : typeof v === 'object' && v !== null ? JSON.stringify(v).slice(0, 120) : String(v) });
  }
  return rows;
}
