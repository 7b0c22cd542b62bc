/**
 * An outbound call whose invite was accepted ("trying") but which then shows no sign of life: no ringing, no
 * early media, no answer. The slow-call-setup rule can only speak once ringing finally comes; this one speaks
 * while the caller is still staring at a silent call.
 */
import { secs } from './format.js';
import type { CallModel } from '../protocol/types.js';
import type { Rule } from './types.js';

/**
 * Three times the slow-setup threshold (SLOW_SETUP_MS, 5 s, when a late ring is already worth a warning), so a
 * slow carrier is not called stuck. SignalWire 4.x itself fails a dial whose member id does not come within 6 s
 * (../shared/research/signalwire.md); the recorded calls show a sign of life 21-171 ms after the invite
 * (tests/fixtures/protocol/recorded).
 */
export const CALL_NO_PROGRESS_MS = 15_000;

export function createCallNoProgressRule(): Rule {
  const watched = new Map<CallModel, number>();
  return {
    id: 'call-no-progress',
    on(s) {
      if (s.type !== 'call.state') return;
      if (s.state === 'trying' && s.call.direction === 'outbound') watched.set(s.call, s.t);
      else watched.delete(s.call);
    },
    tick(now, ctx) {
      for (const [c, since] of watched) {
        if (c.state !== 'trying') {
          watched.delete(c);
          continue;
        }
        if (now - c.startT < CALL_NO_PROGRESS_MS) continue;
        watched.delete(c);
        ctx.emit(
          {
            rule: 'call-no-progress',
            severity: 'warning',
            t: c.startT + CALL_NO_PROGRESS_MS,
            message: `Call ${c.destination ? `to ${c.destination}` : c.id} was accepted but has not rung or been answered after ${secs(CALL_NO_PROGRESS_MS)}`,
            advice:
              'The server took the invite but nothing followed: no ringing, no early media, no answer. ' +
              'The far side may be unreachable or still routing; look the call id up in the server or carrier logs. Most SDKs leave such a call open until someone hangs up.',
            evidence: [
              { kind: 'frame', socketId: c.socketId, index: c.inviteIndex, t: c.startT },
              { kind: 'event', socketId: c.socketId, t: since },
            ],
          },
          `noprogress:${c.sdk}:${c.id}`,
        );
      }
    },
  };
}
