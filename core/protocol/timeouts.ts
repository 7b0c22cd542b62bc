/**
 * How long each SDK waits for a reply before it gives up on a request it sent (0: no known time-out, so no
 * finding). SignalWire 4.x: 5 s RPC, 15 s for authentication; 3.x and Realtime: 10 s; Telnyx: 10 s for
 * bye/modify, ~5 s for its ping; SIP: 64*T1 = 32 s transaction time-out.
 */
import type { ConnectionSession } from './types.js';

export function requestTimeoutMs(session: ConnectionSession, wireMethod: string, protocolSip: boolean): number {
  if (protocolSip) return wireMethod === 'ACK' ? 0 : 32_000;
  switch (session.sdk) {
    case 'signalwire': {
      const major = session.protocolMajor;
      if (major !== undefined && major >= 4) return wireMethod === 'signalwire.connect' ? 15_000 : 5_000;
      return 10_000;
    }
    case 'telnyx':
      if (wireMethod === 'telnyx_rtc.ping') return 5_000;
      if (wireMethod === 'telnyx_rtc.bye' || wireMethod === 'telnyx_rtc.modify') return 10_000;
      return 0;
    default:
      return 0;
  }
}

/**
 * How long an invite may wait for its reply before we call it unanswered, when the SDK has no time-out of its
 * own for it. @telnyx/webrtc 2.27.10 sends telnyx_rtc.invite with none (its 10 s DEFAULT_REQUEST_TIMEOUT_MS
 * covers only modify, bye and ping): the call then sits in "requesting" for good. We use the same 10 s the SDK
 * gives its own critical requests, and SignalWire 3.x gives every RPC. Recorded calls against the fake servers
 * get "CALL CREATED" 0-3 ms after the invite (tests/fixtures/protocol/recorded), real gateways in tens of ms.
 */
export const INVITE_REPLY_MS = 10_000;
/**
 * Any other request without an SDK time-out is shown overdue after this long: the time-out SignalWire 3.x and
 * Realtime use for every RPC and Telnyx for its critical ones (see requestTimeoutMs). Display only, no finding.
 */
export const DEFAULT_OVERDUE_MS = 10_000;

/** Methods that start a call: their reply (or its absence) decides whether the call can ring. */
export function isInviteMethod(method: string | undefined): boolean {
  return method === 'telnyx_rtc.invite' || method === 'verto.invite' || method === 'INVITE';
}

/** After how long without a reply a request is overdue: the SDK's own time-out, else our threshold. */
export function overdueAfterMs(method: string, timeoutMs: number): number {
  if (timeoutMs > 0) return timeoutMs;
  return isInviteMethod(method) ? INVITE_REPLY_MS : DEFAULT_OVERDUE_MS;
}
