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
