/** Calls slow to show any sign of life after the invite (post-dial delay), and calls that end abnormally. */
import { secs } from './format.js';
import { INVITE_TIMEOUT_CAUSE, PUNT_CAUSE } from '../protocol/calls.js';
import type { Rule } from './types.js';

export const SLOW_SETUP_MS = 5000;
/** Longer than this between creating the peer connection and sending the invite is ICE gathering stalling. */
export const SLOW_GATHERING_MS = 3000;
/** Hangup causes that are a normal end of a call. */
const NORMAL_CAUSES = new Set(['NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER', 'ORIGINATOR_CANCEL', 'CANCEL', 'BYE', 'hangup', 'normal']);
/** Q.850 causes of an ordinary end: normal clearing, user busy, no answer, normal unspecified. */
const NORMAL_Q850 = new Set([16, 17, 19, 31]);

export const callSetupRule: Rule = {
  id: 'call-setup',
  on(s, ctx) {
    if (s.type !== 'call.state') return;
    const c = s.call;
    if (s.state === 'requesting' && c.preInviteMs !== undefined && c.preInviteMs > SLOW_GATHERING_MS) {
      ctx.emit(
        {
          rule: 'slow-ice-gathering',
          severity: 'warning',
          t: s.t,
          message: `Call to ${c.destination ?? c.id} waited ${secs(c.preInviteMs)} before the invite was sent (ICE gathering)`,
          advice:
            'The SDK holds the invite until ICE gathering gives it usable candidates (SignalWire 4.x needs a non-host one). ' +
            'A STUN or TURN server that does not answer makes gathering run into its time-out: check the ICE servers and that UDP/TCP to them is open.',
          evidence: [
            { kind: 'event', pcId: c.pcId, t: s.t - c.preInviteMs },
            { kind: 'frame', socketId: c.socketId, index: c.inviteIndex, t: s.t },
          ],
        },
        `gathering:${c.sdk}:${c.id}`,
      );
    }
    // Only ringing or early media measure post-dial delay: an answer without them includes the callee's own time.
    if (c.direction === 'outbound' && (s.state === 'ringing' || s.state === 'early') && c.setupMs !== undefined && c.setupMs > SLOW_SETUP_MS) {
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
      if (cause === PUNT_CAUSE) return; // the punt finding already says why the call went
      if (cause === INVITE_TIMEOUT_CAUSE) return; // rpc-timeout and call-ended-before-media say it
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
