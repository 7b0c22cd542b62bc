/**
 * The network path changing during a call: the selected candidate pair switches after it had carried media
 * for SETTLED_MS (a Wi-Fi ↔ mobile handover, a NAT rebinding, a relay taking over), or the page restarts
 * ICE (a new local ice-ufrag in a description set after the connection first connected). Either one is a
 * moment where media may have stalled; a few of them explain "the call cut out". Informational, capped per
 * connection. Threshold and source: docs/findings.md.
 */
import type { Json } from '../capture/events.js';
import { selectedPair } from './turn-tcp.js';
import { str } from './stats-reading.js';
import type { Rule } from './types.js';

export const SETTLED_MS = 10_000;
const MAX_PER_PC = 5;

function ufragOf(desc: Json | undefined): string | undefined {
  const sdp = desc && typeof desc === 'object' && !Array.isArray(desc) ? desc.sdp : undefined;
  if (typeof sdp !== 'string') return undefined;
  return /^a=ice-ufrag:(\S+)/m.exec(sdp.slice(0, 100_000))?.[1];
}

export function createPathChangeRule(): Rule {
  const pairs = new Map<string, { id: string; since: number; desc: string }>();
  const ufrags = new Map<string, string>();
  const connected = new Set<string>();
  const count = new Map<string, number>();
  return {
    id: 'path-change',
    on(s, ctx) {
      const emit = (pcId: string, t: number, message: string) => {
        const n = (count.get(pcId) ?? 0) + 1;
        count.set(pcId, n);
        if (n > MAX_PER_PC) return;
        ctx.emit(
          {
            rule: 'path-change',
            severity: 'info',
            t,
            message: `${message} (change ${n} on this connection)`,
            advice:
              'Media may have paused for a moment while the path changed. Several changes point at an unstable network (moving between Wi-Fi and mobile, a VPN reconnecting, a NAT that rebinds); a wired connection or a TURN server the client can always reach makes the path steadier.',
            evidence: [{ kind: 'stats', pcId, t }],
          },
          `path-change:${pcId}:${n}`,
        );
      };
      if (s.type === 'capture') {
        const ev = s.ev;
        if (ev.kind === 'pc.event' && ev.type === 'connectionstatechange') {
          const state = (ev.data as { state?: Json } | null)?.state;
          if (state === 'connected') connected.add(ev.id);
        } else if (ev.kind === 'pc.call' && ev.method === 'setLocalDescription') {
          const uf = ufragOf(ev.args[0]);
          if (!uf) return;
          const before = ufrags.get(ev.id);
          ufrags.set(ev.id, uf);
          if (before && before !== uf && connected.has(ev.id)) emit(ev.id, ev.t, `ICE restarted on ${ev.id} during the call`);
        }
        return;
      }
      if (s.type !== 'quality') return;
      const sel = selectedPair(s.reports);
      if (!sel) return;
      const local = s.reports[str(sel.pair, 'localCandidateId') ?? ''];
      const remote = s.reports[str(sel.pair, 'remoteCandidateId') ?? ''];
      const desc = `${str(local, 'candidateType') ?? '?'}/${str(local, 'protocol') ?? '?'} → ${str(remote, 'candidateType') ?? '?'}`;
      const prev = pairs.get(s.pcId);
      pairs.set(s.pcId, { id: sel.id, since: prev && prev.id === sel.id ? prev.since : s.t, desc });
      if (!prev || prev.id === sel.id || s.t - prev.since < SETTLED_MS || !ctx.inCall()) return;
      emit(s.pcId, s.t, `Network path changed on ${s.pcId} during the call: ${prev.desc} to ${desc}`);
    },
  };
}
