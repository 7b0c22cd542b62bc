/**
 * Many reconnects in a short time: the connection keeps dropping. Counts drops that led to a reconnect
 * (episodes), not the retries inside one outage: those are the back-off rule's business.
 */
import { secs } from './format.js';
import type { Rule } from './types.js';

export const STORM_COUNT = 3;
export const STORM_WINDOW_MS = 60_000;

export function createReconnectStormRule(): Rule {
  /** Recent attempt times per session; trimmed from the front, so each attempt is O(1) amortised. */
  const recent = new Map<string, { ts: number[]; evidence: { socketId: string; t: number }[]; reportedUntil: number }>();
  return {
    id: 'reconnect-storm',
    on(s, ctx) {
      if (s.type !== 'reconnect.attempt' || s.episode.attempts !== 1) return;
      let r = recent.get(s.session.id);
      if (!r) recent.set(s.session.id, (r = { ts: [], evidence: [], reportedUntil: -Infinity }));
      r.ts.push(s.t);
      r.evidence.push({ socketId: s.socketId, t: s.t });
      while (r.ts.length > 0 && s.t - r.ts[0]! > STORM_WINDOW_MS) {
        r.ts.shift();
        r.evidence.shift();
      }
      if (r.ts.length >= STORM_COUNT && r.ts[0]! > r.reportedUntil) {
        const span = s.t - r.ts[0]!;
        r.reportedUntil = s.t;
        ctx.emit({
          rule: 'reconnect-storm',
          severity: 'error',
          t: s.t,
          message: `${r.ts.length} reconnects in ${secs(Math.max(span, 1000))}`,
          advice:
            'The signaling connection keeps dropping. Look at the close codes: 1006 means the network or a proxy cut it; ' +
            'a close right after connect usually means the server refused the session (token, resumption). Check Wi-Fi/VPN, proxies that cut idle WebSockets, and server load.',
          evidence: r.evidence.map((e) => ({ kind: 'event' as const, socketId: e.socketId, t: e.t })),
        });
      }
    },
  };
}
