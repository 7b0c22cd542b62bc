/**
 * A WebRTC call that ended without media ever flowing: never answered (with why, in words), or answered but
 * its peer connection never connected. Only calls whose peer connection the capture links to them are judged:
 * server-side (Realtime) calls and captures without peer connection events say nothing about media.
 */
import { INVITE_TIMEOUT_CAUSE } from '../protocol/calls.js';
import { describeCause } from '../protocol/causes.js';
import type { CallModel } from '../protocol/types.js';
import { secs } from './format.js';
import type { Finding } from './types.js';
import type { Rule } from './types.js';

const CONNECTED = new Set(['connected', 'completed']);

/** Why the call never got media, in words, and how loud that is. */
function story(c: CallModel): { what: string; severity: Finding['severity']; advice: string } {
  const hangup = c.hangup!;
  const answered = c.states.some((s) => s.state === 'active');
  const after = secs(Math.max(0, hangup.t - c.startT));
  const cause = describeCause(hangup.cause, hangup.code, c.sdk === 'sip');
  const because = cause && cause.kind !== 'normal' ? `: ${cause.words}` : '';
  // A cause this side sends is the SDK's choice, not a fact about the far end (Telnyx sends USER_BUSY for a
  // call the user hangs up before the answer): only a failure it reports is worth repeating.
  const localBecause = cause?.kind === 'failure' ? because : '';
  if (answered) {
    return {
      what: `was answered but ended after ${after} without media: its peer connection never connected`,
      severity: 'error',
      advice: 'Signaling worked, the media path did not. Look at the ICE findings and the candidate pairs of the peer connection: a firewall blocking UDP with no reachable TURN server is the usual cause.',
    };
  }
  const rang = c.states.some((s) => s.state === 'ringing' || s.state === 'early');
  if (hangup.by === 'page-unloaded') {
    return {
      what: `was never answered: the page went away after ${after}${c.awaiting ? ` while its invite (\`${c.awaiting.method}\`) still had no reply` : rang ? ' of ringing' : ', before it rang'}, with no hang-up sent`,
      severity: 'warning',
      advice: 'The page was reloaded, navigated away, closed or crashed while the call was being set up, and the SDK sent no hang-up: the server may keep the call until its own time-out. If nobody left the page, look for a crash or a script that navigates.',
    };
  }
  if (c.awaiting && hangup.cause === INVITE_TIMEOUT_CAUSE) {
    return {
      what: `was never answered: its invite (\`${c.awaiting.method}\`) got no reply and the SDK gave up after ${after}`,
      severity: 'error',
      advice: 'The server never answered the invite within the SDK\'s own time-out, so the SDK failed the call. Look the call id up in the server logs and check the network between the browser and the signaling host.',
    };
  }
  if (c.awaiting) {
    return {
      what: `was never answered: its invite (\`${c.awaiting.method}\`) got no reply in the ${after} before it was hung up${hangup.by === 'local' ? ' here' : ''}`,
      severity: 'error',
      advice: 'The server never acknowledged the invite, so the call could not ring. See the unanswered-invite finding and look the call id up in the server logs.',
    };
  }
  if (hangup.by === 'local') {
    return {
      what: `was never answered: hung up here after ${after}${rang ? ' of ringing' : ', before it rang'}${localBecause}`,
      severity: rang ? 'info' : 'warning',
      advice: rang
        ? 'The caller gave up while it rang: nothing failed on the wire.'
        : 'The call was ended on this side before the far end showed any sign of life; if the user did not hang up, check the SDK error on the page.',
    };
  }
  const expected = cause && (cause.kind === 'busy' || cause.kind === 'no-answer' || cause.kind === 'rejected' || cause.kind === 'cancelled');
  return {
    what: `was never answered: the other side ended it after ${after}${because || (cause ? ` (${cause.words})` : '')}`,
    severity: expected ? 'info' : 'warning',
    advice: expected
      ? 'The far end (or its network) ended the call before answering; the cause says why. Nothing is wrong with the connection.'
      : 'The far end or the network ended the call before any answer. The cause names why; look the call id up in the server or carrier logs.',
  };
}

export function createCallEndedRule(): Rule {
  /** Peer connections that ever connected or received bytes: media flowed on them. */
  const flowed = new Set<string>();
  /** Peer connections whose state or stats the capture holds: only for those can "never connected" be told. */
  const observed = new Set<string>();
  return {
    id: 'call-ended-before-media',
    on(s, ctx) {
      if (s.type === 'capture' && s.ev.kind === 'pc.event') {
        const state = (s.ev.data as { state?: unknown } | null)?.state;
        if (s.ev.type === 'connectionstatechange' || s.ev.type === 'iceconnectionstatechange') observed.add(s.ev.id);
        if ((s.ev.type === 'connectionstatechange' || s.ev.type === 'iceconnectionstatechange') && typeof state === 'string' && CONNECTED.has(state)) flowed.add(s.ev.id);
        return;
      }
      if (s.type === 'quality') {
        observed.add(s.pcId);
        if (s.sample.bytesIn > 0) flowed.add(s.pcId);
        return;
      }
      if (s.type !== 'call.state' || s.state !== 'hangup' || !s.call.hangup) return;
      const c = s.call;
      const pcs = c.pcIds ?? (c.pcId ? [c.pcId] : []);
      if (pcs.length === 0 || pcs.some((id) => flowed.has(id))) return;
      // An answered call's pc must have been seen working or not; an unanswered one cannot have had media anyway.
      const answered = c.states.some((x) => x.state === 'active');
      if (answered && !pcs.some((id) => observed.has(id))) return;
      const { what, severity, advice } = story(c);
      ctx.emit(
        {
          rule: 'call-ended-before-media',
          severity,
          t: s.t,
          message: `Call ${c.destination ? `to ${c.destination}` : c.id} ended before any media flowed: it ${what}`,
          advice,
          evidence: [
            ...(c.inviteIndex !== undefined ? [{ kind: 'frame' as const, socketId: c.socketId, index: c.inviteIndex, t: c.startT }] : []),
            ...(s.index !== undefined ? [{ kind: 'frame' as const, socketId: c.socketId, index: s.index, t: s.t }] : []),
            { kind: 'event' as const, pcId: pcs[0], t: s.t },
          ],
        },
        `ended:${c.sdk}:${c.id}`,
      );
    },
  };
}
