/** What the signaling itself says went wrong: Telnyx punt, failed registration, frames that are not valid JSON. */
import { obj, str } from '../protocol/decoders/util.js';
import type { Rule } from './types.js';

/** telnyx_rtc.gatewayState values that mean the SIP registration is not there. */
const GATEWAY_DOWN = new Set(['FAILED', 'FAIL_WAIT', 'NOREG', 'UNREGED', 'UNREGISTER', 'EXPIRED']);

export function createServerNoticesRule(): Rule {
  const malformedSockets = new Set<string>();
  return {
    id: 'server-notices',
    on(s, ctx) {
      if (s.type !== 'message') return;
      const m = s.msg;
      const evidence = [{ kind: 'frame' as const, socketId: m.socketId, index: m.index, t: m.t }];
      if (m.method === 'telnyx_rtc.punt' && m.dir === 'received' && m.kind !== 'response') {
        ctx.emit({
          rule: 'telnyx-punt',
          severity: 'warning',
          t: m.t,
          message: 'Telnyx ended this session (telnyx_rtc.punt): the same login connected from somewhere else',
          advice:
            'Only one client per SIP credential stays connected. Check for a second tab or device using the same login, ' +
            'or use per-user credentials / login tokens. Calls are dropped unless keepConnectionAliveOnSocketClose is set.',
          evidence,
        });
      } else if (s.req?.wireMethod === 'telnyx_rtc.gatewayState' && m.kind === 'response') {
        const state = str(obj(obj(s.result)?.params)?.state);
        if (state && GATEWAY_DOWN.has(state)) {
          ctx.emit(
            {
              rule: 'registration-failed',
              severity: 'error',
              t: m.t,
              message: `Telnyx SIP registration is ${state}: the client is not ready to call or receive calls`,
              advice: 'The gateway could not register the SIP connection. Check the credential connection in the Telnyx portal and that it is not disabled or out of balance.',
              evidence,
            },
            `gateway:${m.socketId}:${state}`,
          );
        }
      } else if (m.parseError === 'malformed JSON' && !malformedSockets.has(m.socketId)) {
        malformedSockets.add(m.socketId);
        ctx.emit({
          rule: 'malformed-frame',
          severity: 'info',
          t: m.t,
          message: `A ${m.dir} frame on ${m.socketId} looks like JSON but does not parse`,
          advice: 'SDKs drop frames they cannot parse. If the server sent it, the reply or event it carried is lost; the raw text is kept in the capture.',
          evidence,
        });
      }
    },
  };
}
