/** Check 8: which ICE candidates the configured STUN/TURN servers give, how fast, and why a TURN server refused. */
import type { CheckContext, CheckDefinition, CheckOutcome } from '../types.js';
import { stripUrlSecrets } from '../config.js';
import { NO_WEBRTC, TIMED_OUT, hasWebRtc, within, round } from './util.js';

export interface ParsedCandidate {
  type: string;
  protocol: string;
  /** For relay candidates: how we reach the TURN server (udp, tcp, tls). */
  relayProtocol: string | null;
  address: string;
  port: number;
  url: string | null;
}

export interface IceErrorInfo {
  url: string;
  errorCode: number;
  errorText: string;
}

export interface GatheringFacts {
  servers: { stun: string[]; turn: string[] };
  candidates: ParsedCandidate[];
  errors: IceErrorInfo[];
  gatheringMs: number;
  complete: boolean;
}

/** Parses the SDP candidate line; the RTCIceCandidate fields are not filled in every browser. */
export function parseCandidate(line: string, extra: { relayProtocol?: string | null; url?: string | null } = {}): ParsedCandidate | null {
  const m = /candidate:\S+ \d+ (\S+) \d+ (\S+) (\d+) typ (\S+)/i.exec(line);
  if (!m) return null;
  return {
    protocol: m[1]!.toLowerCase(),
    address: m[2]!,
    port: Number(m[3]),
    type: m[4]!.toLowerCase(),
    relayProtocol: extra.relayProtocol ?? null,
    url: extra.url ?? null,
  };
}

/** The TURN transport from the server URL, for browsers that do not fill relayProtocol. */
export function transportOfUrl(url: string): 'udp' | 'tcp' | 'tls' {
  if (/^turns:/i.test(url)) return 'tls';
  return /[?&]transport=tcp/i.test(url) ? 'tcp' : 'udp';
}

export function explainIceError(e: IceErrorInfo): string {
  const where = e.url ? stripUrlSecrets(e.url) : 'a STUN/TURN server';
  switch (e.errorCode) {
    case 401:
      return `${where} refused the username or password (401 Unauthorized). Check the TURN credentials; time-limited credentials may have expired.`;
    case 403:
      return `${where} refused to relay to this address (403 Forbidden): the server's policy blocks it.`;
    case 437:
    case 438:
      return `${where} rejected a stale allocation (${e.errorCode}); this is usually temporary, run the check again.`;
    case 441:
      return `${where} says the credentials are wrong (441 Wrong Credentials).`;
    case 442:
      return `${where} does not support this transport (442): try another TURN URL (UDP, TCP or TLS).`;
    case 486:
      return `${where} has reached its allocation quota for this user (486).`;
    case 508:
      return `${where} is out of capacity (508): try again later or another server.`;
    case 701:
      return `${where} could not be reached (701): a firewall may block it, or the address or port is wrong.`;
    default:
      return `${where} failed with ${e.errorCode} ${e.errorText}.`;
  }
}

export function summarizeCandidates(candidates: ParsedCandidate[]) {
  const byType: Record<string, number> = { host: 0, srflx: 0, prflx: 0, relay: 0 };
  const byProtocol: Record<string, number> = { udp: 0, tcp: 0 };
  const relayByTransport: Record<string, number> = { udp: 0, tcp: 0, tls: 0 };
  for (const c of candidates) {
    byType[c.type] = (byType[c.type] ?? 0) + 1;
    byProtocol[c.protocol] = (byProtocol[c.protocol] ?? 0) + 1;
    if (c.type === 'relay') {
      const t = c.relayProtocol ?? (c.url ? transportOfUrl(c.url) : 'udp');
      relayByTransport[t] = (relayByTransport[t] ?? 0) + 1;
    }
  }
  return { byType, byProtocol, relayByTransport };
}

export function evaluateGathering(f: GatheringFacts): CheckOutcome {
  const { byType, byProtocol, relayByTransport } = summarizeCandidates(f.candidates);
  // One 701 per local interface is common noise when other servers answer; keep each once.
  const errors = dedupeErrors(f.errors);
  const metrics = {
    gatheringMs: round(f.gatheringMs, 0),
    complete: f.complete,
    host: byType.host ?? 0,
    srflx: byType.srflx ?? 0,
    relay: byType.relay ?? 0,
    byProtocol,
    relayByTransport,
    stunServers: f.servers.stun.map(stripUrlSecrets),
    turnServers: f.servers.turn.map(stripUrlSecrets),
    errors: errors.map((e) => ({ url: stripUrlSecrets(e.url), errorCode: e.errorCode, errorText: e.errorText })),
  };
  const advice = errors.map(explainIceError);
  const found = `${metrics.host} host, ${metrics.srflx} server-reflexive, ${metrics.relay} relay candidate(s) in ${metrics.gatheringMs} ms`;
  const relayTransports = Object.entries(relayByTransport).filter(([, n]) => n > 0).map(([t]) => t.toUpperCase());
  const authFailed = errors.some((e) => e.errorCode === 401 || e.errorCode === 441);
  if (f.servers.turn.length && !metrics.relay) {
    if (!authFailed) {
      advice.push('No TURN server answered: check the TURN address and port, and that your network allows UDP, TCP or TLS to it.');
    }
    advice.push('Without a relay, calls fail on networks that block direct connections (many company and hotel networks).');
    return {
      status: 'fail',
      summary: authFailed ? `The TURN server rejected the credentials: no relay candidate (${found}).` : `No relay candidate from the TURN server (${found}).`,
      metrics,
      advice,
    };
  }
  if (!f.candidates.length) {
    return {
      status: 'fail',
      summary: `No ICE candidates at all within ${metrics.gatheringMs} ms.`,
      metrics,
      advice: [...advice, 'The browser could not find any network path: check that you are online and that WebRTC is not disabled by an extension or policy.'],
    };
  }
  const warnings: string[] = [];
  if (f.servers.stun.length && !metrics.srflx && !metrics.relay) {
    warnings.push('no server-reflexive candidate from STUN');
    advice.push('The STUN server did not answer: UDP may be blocked on this network. Calls will need a TURN relay.');
  }
  if (!f.complete) warnings.push(`gathering did not finish within ${metrics.gatheringMs} ms`);
  if (errors.length && !warnings.length && f.servers.turn.length && metrics.relay) warnings.push('some servers reported errors');
  const relayText = relayTransports.length ? `; relay over ${relayTransports.join(', ')}` : '';
  if (warnings.length) {
    return { status: 'warn', summary: `${capitalize(warnings.join('; '))} (${found}${relayText}).`, metrics, advice };
  }
  return { status: 'pass', summary: `Found ${found}${relayText}.`, metrics, advice };
}

function dedupeErrors(errors: IceErrorInfo[]): IceErrorInfo[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.url}|${e.errorCode}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function serverUrls(servers: RTCIceServer[]): { stun: string[]; turn: string[] } {
  const urls = servers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  return { stun: urls.filter((u) => /^stuns?:/i.test(u)), turn: urls.filter((u) => /^turns?:/i.test(u)) };
}

export async function gather(ctx: CheckContext): Promise<GatheringFacts> {
  const pc = new RTCPeerConnection({ iceServers: ctx.config.iceServers, iceCandidatePoolSize: 0 });
  const candidates: ParsedCandidate[] = [];
  const errors: IceErrorInfo[] = [];
  const started = performance.now();
  const limit = ctx.config.durations.iceTimeoutMs;
  try {
    const done = new Promise<void>((resolve) => {
      pc.addEventListener('icecandidate', (e) => {
        if (!e.candidate) return resolve();
        if (!e.candidate.candidate) return;
        const c = e.candidate as RTCIceCandidate & { relayProtocol?: string; url?: string };
        const parsed = parseCandidate(c.candidate, { relayProtocol: c.relayProtocol ?? null, url: (e as { url?: string | null }).url ?? c.url ?? null });
        if (parsed) candidates.push(parsed);
        ctx.progress(Math.min(0.95, (performance.now() - started) / limit), `${candidates.length} candidate(s)`);
      });
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    pc.addEventListener('icecandidateerror', (e) => {
      const ev = e as RTCPeerConnectionIceErrorEvent;
      errors.push({ url: ev.url ?? '', errorCode: ev.errorCode, errorText: ev.errorText ?? '' });
    });
    // A data channel is enough to make the browser gather for one transport.
    pc.createDataChannel('preflight-gather');
    await pc.setLocalDescription(await pc.createOffer());
    const r = await within(done, limit, ctx.signal);
    return { servers: serverUrls(ctx.config.iceServers), candidates, errors, gatheringMs: performance.now() - started, complete: r !== TIMED_OUT };
  } finally {
    pc.close();
  }
}

export const iceCheck: CheckDefinition = {
  id: 'ice',
  title: 'Network paths (ICE)',
  async run(ctx) {
    if (!hasWebRtc()) return { ...NO_WEBRTC };
    return evaluateGathering(await gather(ctx));
  },
};
