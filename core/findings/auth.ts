/** Login / authentication refused by the signaling server. */
import type { Rule } from './types.js';

export const authRule: Rule = {
  id: 'auth',
  on(s, ctx) {
    if (s.type !== 'auth' || s.ok) return;
    const detail = s.error ? `${s.error.code}${s.error.message ? ` ${s.error.message}` : ''}` : 'refused';
    const telnyx = s.session.sdk === 'telnyx';
    ctx.emit({
      rule: 'auth-failed',
      severity: 'error',
      t: s.t,
      message: `Login failed (\`${s.method}\`): ${detail}`,
      advice: telnyx
        ? 'Telnyx refused the credentials: check the SIP connection username/password, or that the login_token JWT is fresh and belongs to this connection.'
        : s.method === 'REGISTER'
          ? 'The SIP registrar refused the credentials: check the authorization user, password and realm.'
          : 'SignalWire refused the token: check that it has not expired, belongs to this project/space, and carries the needed scopes. The SDK does not retry on its own.',
      evidence: [
        { kind: 'frame' as const, socketId: s.msg.socketId, index: s.msg.pairedWith, t: s.t },
        { kind: 'frame' as const, socketId: s.msg.socketId, index: s.msg.index, t: s.t },
      ].filter((e) => e.index !== undefined),
    });
  },
};
