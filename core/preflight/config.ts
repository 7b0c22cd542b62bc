/** Preflight configuration: defaults, reading it from a page URL or form, and the redacted copy kept in results. */
import type { CheckId, Durations, PreflightConfig, RedactedConfig, Resolution } from './types.js';
import { redactUrl } from '../redaction/url.js';

export const ALL_CHECKS: readonly CheckId[] = [
  'browser',
  'permissions',
  'microphone',
  'camera',
  'speakers',
  'capabilities',
  'signaling',
  'ice',
  'connectivity',
  'quality',
];

/** Chosen so the whole default run stays under 15 s (the product promise). */
export const DEFAULT_DURATIONS: Durations = {
  micMs: 2000,
  cameraMs: 400,
  qualityMs: 6000,
  iceTimeoutMs: 5000,
  connectTimeoutMs: 5000,
  signalingTimeoutMs: 3000,
};

/** The ladder test.webrtc.org starts from, plus full HD. */
export const DEFAULT_RESOLUTIONS: Resolution[] = [
  { width: 320, height: 240 },
  { width: 640, height: 480 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

export const MAX_QUALITY_MS = 60_000;

export function defaultConfig(overrides: Partial<PreflightConfig> = {}): PreflightConfig {
  return {
    iceServers: [],
    devices: {},
    resolutions: DEFAULT_RESOLUTIONS.map((r) => ({ ...r })),
    ...overrides,
    durations: { ...DEFAULT_DURATIONS, ...(overrides.durations ?? {}) },
  };
}

/** Form fields and URL query parameters share these names. */
export interface ConfigFields {
  turn: string;
  stun: string;
  user: string;
  pass: string;
  ws: string;
  /** Loopback call length, seconds. */
  duration: string;
}

export const EMPTY_FIELDS: ConfigFields = { turn: '', stun: '', user: '', pass: '', ws: '', duration: '' };

/** Reads `?turn=turn:h:p[,turns:...]&stun=stun:h:p&user=&pass=&ws=ws://...&duration=8&checks=ice,quality`. */
export function fieldsFromQuery(search: string | URLSearchParams): ConfigFields & { checks: string } {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const all = (k: string) => q.getAll(k).join(',');
  return {
    turn: all('turn'),
    stun: all('stun'),
    user: q.get('user') ?? q.get('username') ?? '',
    pass: q.get('pass') ?? q.get('credential') ?? '',
    ws: q.get('ws') ?? '',
    duration: q.get('duration') ?? '',
    checks: all('checks'),
  };
}

export interface ConfigProblem {
  field: keyof ConfigFields | 'checks';
  message: string;
}

export function configFromFields(
  fields: ConfigFields & { checks?: string },
): { config: PreflightConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const iceServers: RTCIceServer[] = [];
  const stun = splitList(fields.stun);
  for (const u of stun) if (!/^stuns?:/i.test(u)) problems.push({ field: 'stun', message: `"${u}" is not a stun: or stuns: URL` });
  if (stun.length) iceServers.push({ urls: stun });
  const turn = splitList(fields.turn);
  for (const u of turn) if (!/^turns?:/i.test(u)) problems.push({ field: 'turn', message: `"${u}" is not a turn: or turns: URL` });
  if (turn.length) {
    if (!fields.user || !fields.pass) {
      problems.push({ field: 'user', message: 'TURN servers need a username and a password' });
    }
    iceServers.push({ urls: turn, username: fields.user, credential: fields.pass });
  }
  let signalingUrl: string | undefined;
  const ws = fields.ws.trim();
  if (ws) {
    if (/^wss?:\/\//i.test(ws)) signalingUrl = ws;
    else problems.push({ field: 'ws', message: `"${ws}" is not a ws:// or wss:// URL` });
  }
  const durations: Partial<Durations> = {};
  if (fields.duration.trim()) {
    const s = Number(fields.duration);
    if (Number.isFinite(s) && s > 0) durations.qualityMs = Math.min(MAX_QUALITY_MS, Math.round(s * 1000));
    else problems.push({ field: 'duration', message: 'The call duration must be a number of seconds' });
  }
  let only: CheckId[] | undefined;
  if (fields.checks && fields.checks.trim()) {
    const wanted = splitList(fields.checks);
    only = wanted.filter((c): c is CheckId => (ALL_CHECKS as readonly string[]).includes(c));
    const unknown = wanted.filter((c) => !(ALL_CHECKS as readonly string[]).includes(c));
    if (unknown.length) problems.push({ field: 'checks', message: `Unknown checks: ${unknown.join(', ')}` });
  }
  const config = defaultConfig({ iceServers, durations: { ...DEFAULT_DURATIONS, ...durations } });
  if (signalingUrl) config.signalingUrl = signalingUrl;
  if (only) config.only = only;
  return { config, problems };
}

export function redactConfig(config: PreflightConfig): RedactedConfig {
  return {
    iceServers: config.iceServers.map((s) => ({
      urls: (Array.isArray(s.urls) ? s.urls : [s.urls]).map(stripUrlSecrets),
      hasUsername: Boolean(s.username),
      hasCredential: Boolean(s.credential),
    })),
    signalingUrl: config.signalingUrl ? stripUrlSecrets(config.signalingUrl) : null,
    devices: { ...config.devices },
    durations: { ...config.durations },
    resolutions: config.resolutions.map((r) => ({ ...r })),
    only: config.only ? [...config.only] : null,
  };
}

/**
 * Removes userinfo and secret query values from a URL, keeping the rest readable: the one secret
 * policy (core/redaction/), with `user`/`username` as TURN usernames (this page's `?user=…&pass=…`).
 */
export function stripUrlSecrets(raw: string): string {
  return redactUrl(raw, { iceServer: true });
}

function splitList(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}
