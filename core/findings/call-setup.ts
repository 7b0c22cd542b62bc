/** Calls slow to show any sign of life after the invite (post-dial delay), and calls that end abnormally. */
import { secs } from './format.js';
import type { Rule } from './types.js';

export const SLOW_SETUP_MS = 5000;
/** Hangup causes that are a normal end of a call. */
const NORMAL_CAUSES = new Set(['NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER', 'ORIGINATOR_CANCEL', 'CANCEL', 'BYE', 'hangup', 'normal']);
/** Q.850 causes of an ordinary end: normal clearing, user busy, no answer, normal unspecified. */
const NORMAL_Q850 = new Set([16, 17, 19, 31]);

export const callSetupRule: Rule = {
  id: 'call-setup',
  on(s, ctx) {
    if (s.type !== 'call.state') return;
    const c = s.call;
    if (c.direction === 'outbound' && (s.state === 'ringing' || s.state === 'early' || s.state === 'active') && c.setupMs !== undefined && c.setupMs > SLOW_SETUP_MS) {
      ctx.emit(
        {
          rule: 'slow-call-setup',
          severity: 'warning',
          t: s.t,
          message: `Call to ${c.destination ?? c.id} took ${secs(c.setupMs)} to start ringing`,
          advice:
            'Slow post-dial delay usually comes from ICE gathering before the invite (unreachable STUN/TURN servers), ' +
            'a slow signaling round trip, or routing on the carrier side. Compare the invite time with the peer connection ICE gathering events.',
          evidence: [
            { kind: 'frame', socketId: c.socketId, index: c.inviteIndex, t: c.startT },
            { kind: 'frame', socketId: c.socketId, index: s.index, t: s.t },
          ],
        },
        `setup:${c.sdk}:${c.id}`,
      );
    }
    if (s.state === 'hangup' && c.hangup) {
      const cause = c.hangup.cause;
      const sipFailure = c.sdk === 'sip' && typeof c.hangup.code === 'number' && c.hangup.code >= 400 && c.hangup.code !== 487;
      const q850 = Number(c.hangup.code);
      if (!sipFailure && (cause === undefined || NORMAL_CAUSES.has(cause) || (q850 < 100 && NORMAL_Q850.has(q850)))) return;
      ctx.emit(
        {
          rule: 'call-failed',
          severity: c.states.some((x) => x.state === 'active') ? 'warning' : 'error',
          t: s.t,
          message: `Call ${c.destination ? 'to ' + c.destination : c.id} ended: ${cause ?? ''}${c.hangup.code !== undefined ? ` (${c.hangup.code})` : ''}`.trim(),
          advice:
            'The call ended for a reason other than a normal hangup. The cause names it: media time-outs point at network loss; ' +
            'rejected invites point at the destination, caller id or permissions of the account.',
          evidence: [{ kind: 'frame', socketId: c.socketId, index: s.index, t: s.t }],
        },
        `failed:${c.sdk}:${c.id}`,
      );
    }
  },
};
