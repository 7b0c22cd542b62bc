/**
 * An invite nobody answered, when the SDK itself would wait for ever. @telnyx/webrtc 2.27.10 puts no time-out
 * on telnyx_rtc.invite: the call just sits in "requesting", nothing fails, and the rpc-timeout rule (which only
 * speaks when the SDK gives up) has nothing to say. Invites the SDK does time out (SignalWire's verto.invite,
 * 5 s in 4.x and 10 s in 3.x; SIP INVITE, 32 s) are reported by rpc-timeout at that moment instead.
 */
import { INVITE_REPLY_MS } from '../protocol/timeouts.js';
import type { CallModel } from '../protocol/types.js';
import { secs } from './format.js';
import type { Rule } from './types.js';

export { INVITE_REPLY_MS };

export function createUnansweredInviteRule(): Rule {
  /** Calls whose invite waits; checked on each tick, so the cost is the number of waiting calls (a handful). */
  const watched = new Set<CallModel>();
  return {
    id: 'invite-unanswered',
    on(s) {
      // The call model marks the invite as awaited right after this signal: the tick reads it.
      if (s.type === 'call.state' && s.state === 'requesting') watched.add(s.call);
    },
    tick(now, ctx) {
      for (const c of watched) {
        const a = c.awaiting;
        // Invites the SDK times out itself are the rpc-timeout rule's (it fires when the SDK gives up).
        if (!a || a.timeoutMs > 0) {
          watched.delete(c);
          continue;
        }
        if (now - a.since < a.overdueMs) continue;
        watched.delete(c);
        ctx.emit(
          {
            rule: 'invite-unanswered',
            severity: 'error',
            t: a.since + a.overdueMs,
            message: `Invite \`${a.method}\` for the call ${c.destination ? `to ${c.destination}` : c.id} got no reply in ${secs(a.overdueMs)}: the call cannot ring`,
            advice:
              'The server never acknowledged the invite, and this SDK waits for ever (the call stays "requesting"). ' +
              'Look the call id up in the server logs; check that the session is logged in and registered (Telnyx gatewayState REGED) and that nothing between the browser and the signaling host drops frames.',
            evidence: [{ kind: 'frame', socketId: c.socketId, index: a.index, t: a.since }],
          },
          `invite:${c.sdk}:${c.id}`,
        );
      }
    },
  };
}
