/**
 * SDP anomalies that break interop, read from each description the page applies (setLocalDescription /
 * setRemoteDescription), and from each answer against the offer it answers:
 * - a line that must appear once per media section appears twice (two a=rtpmap or a=fmtp for one payload
 *   type, two a=mid, ICE credentials, fingerprints, setup roles, directions, or two a=extmap with one id):
 *   usually SDP munging gone wrong, and browsers or gateways reject or misread it;
 * - a media section without a=mid in a BUNDLE description (JSEP requires one; bundling cannot work);
 * - an answered section whose codecs share none with the offer's;
 * - an offer with audio answered with no audio codec (rejected, or only telephone-event / CN / RED).
 * Threshold and source: docs/findings.md.
 */
import type { Json } from '../capture/events.js';
import { sdpLines } from '../protocol/sdp-text.js';
import type { Rule } from './types.js';

/** Attributes keyed by their first token (payload type, extmap id) or alone, that may appear once per section. */
const ONCE_BY_KEY = ['rtpmap', 'fmtp', 'extmap'];
const ONCE = ['mid', 'ice-ufrag', 'ice-pwd', 'fingerprint', 'setup'];
const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
/** Payloads that carry no audio of their own. */
const NOT_A_CODEC = new Set(['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec-03']);
const MAX_SDP = 200_000;

interface Section {
  kind: string;
  port: number;
  codecs: Set<string>;
  mid?: string;
  lines: string[];
}

function sections(sdp: string): { bundle: boolean; media: Section[] } {
  const media: Section[] = [];
  let bundle = false;
  let cur: Section | undefined;
  for (const line of sdpLines(sdp.slice(0, MAX_SDP))) {
    if (line.startsWith('a=group:BUNDLE')) bundle = true;
    const m = /^m=(\w+) (\d+)/.exec(line);
    if (m) {
      cur = { kind: m[1]!, port: Number(m[2]), codecs: new Set(), lines: [] };
      media.push(cur);
      continue;
    }
    if (!cur) continue;
    cur.lines.push(line);
    const rtpmap = /^a=rtpmap:\d+ ([^/\s]+)/.exec(line);
    if (rtpmap) cur.codecs.add(rtpmap[1]!.toLowerCase());
    const mid = /^a=mid:(\S+)/.exec(line);
    if (mid) cur.mid = mid[1];
  }
  return { bundle, media };
}

/** Problems of one description on its own. */
function ownProblems(sdp: string): string[] {
  const out: string[] = [];
  const { bundle, media } = sections(sdp);
  media.forEach((sec, i) => {
    const where = `${sec.kind} section ${sec.mid !== undefined ? `(mid ${sec.mid})` : `#${i + 1}`}`;
    const seen = new Set<string>();
    let directions = 0;
    for (const line of sec.lines) {
      const a = /^a=([\w-]+)(?::(\S+))?/.exec(line);
      if (!a) continue;
      const name = a[1]!;
      if (DIRECTIONS.has(name)) directions++;
      const key = ONCE_BY_KEY.includes(name) ? `${name}:${(a[2] ?? '').split('/')[0]}` : ONCE.includes(name) ? name : undefined;
      if (!key) continue;
      if (seen.has(key)) out.push(`duplicated a=${key} in the ${where}`);
      seen.add(key);
    }
    if (directions > 1) out.push(`${directions} direction attributes in the ${where}`);
    if (bundle && sec.port !== 0 && sec.mid === undefined) out.push(`no a=mid in the ${where} of a BUNDLE description`);
  });
  return [...new Set(out)];
}

/** Problems of an answer against the offer it answers (sections match by position, RFC 3264 §6). */
function answerProblems(offer: string, answer: string): string[] {
  const out: string[] = [];
  const o = sections(offer).media;
  const a = sections(answer).media;
  a.forEach((ans, i) => {
    const off = o[i];
    if (!off || off.port === 0) return;
    const real = (s: Set<string>) => [...s].filter((c) => !NOT_A_CODEC.has(c));
    if (ans.kind === 'audio' && (ans.port === 0 || real(ans.codecs).length === 0) && real(off.codecs).length > 0) {
      out.push(`no audio codec answered (offered ${real(off.codecs).join(', ')})`);
      return;
    }
    if (ans.port === 0 || ans.codecs.size === 0 || off.codecs.size === 0) return;
    if (![...ans.codecs].some((c) => off.codecs.has(c))) {
      out.push(`the answer's ${ans.kind} codecs (${[...ans.codecs].join(', ')}) share none with the offer's (${[...off.codecs].join(', ')})`);
    }
  });
  return out;
}

function descOf(arg: Json | undefined): { type?: string; sdp?: string } {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return {};
  return { type: typeof arg.type === 'string' ? arg.type : undefined, sdp: typeof arg.sdp === 'string' ? arg.sdp : undefined };
}

export function createSdpAnomalyRule(): Rule {
  const offers = new Map<string, string>();
  return {
    id: 'sdp-anomaly',
    on(s, ctx) {
      if (s.type !== 'capture' || s.ev.kind !== 'pc.call') return;
      const ev = s.ev;
      if (ev.method !== 'setLocalDescription' && ev.method !== 'setRemoteDescription') return;
      const d = descOf(ev.args[0]);
      if (!d.sdp) return;
      const side = ev.method === 'setLocalDescription' ? 'local' : 'remote';
      const problems = ownProblems(d.sdp);
      if (d.type === 'offer') offers.set(ev.id, d.sdp);
      else if (d.type === 'answer' || d.type === 'pranswer') {
        const offer = offers.get(ev.id);
        if (offer) problems.push(...answerProblems(offer, d.sdp));
      }
      for (const p of problems.slice(0, 5)) {
        ctx.emit(
          {
            rule: 'sdp-anomaly',
            severity: 'warning',
            t: ev.t,
            message: `SDP problem in the ${side} ${d.type ?? 'description'} of ${ev.id}: ${p}`,
            advice:
              'A description like this breaks interop: a browser, SBC or media server may reject it or pick the wrong codec or transport. If the app or SDK edits the SDP (munging), check that step; otherwise compare the offered and answered codecs and ask the far end to enable a common one (Opus or G.711 for audio).',
            evidence: [{ kind: 'event', pcId: ev.id, t: ev.t }],
          },
          `sdp-anomaly:${ev.id}:${side}:${p}`,
        );
      }
    },
  };
}
