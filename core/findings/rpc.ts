/** RPC requests that got no reply within the SDK's own time-out, or got an error reply. */
import { secs } from './format.js';
import type { Rule } from './types.js';

/** SIP answers that are part of normal flows: digest challenges and the reply to a cancelled INVITE. */
const BENIGN_SIP = new Set([401, 407, 487]);

export const rpcRule: Rule = {
  id: 'rpc',
  on(s, ctx) {
    if (s.type === 'rpc.timeout') {
      const p = s.pending;
      if (p.wireMethod === 'signalwire.ping' || p.wireMethod.endsWith('.ping')) return; // keepalive rule speaks for these
      ctx.emit({
        rule: 'rpc-timeout',
        severity: 'error',
        t: p.deadline,
        message: `RPC \`${p.method}\` got no answer in ${secs(p.timeoutMs)}${s.socketClosed ? ' (the socket closed while waiting)' : ''}`,
        advice:
          'The SDK gives up on this request and rejects it (SignalWire also reconnects). Check that the server received it: ' +
          'look for it in server logs by its id, and check network or proxy drops between the browser and the signaling host.',
        evidence: [{ kind: 'frame', socketId: p.socketId, index: p.index, t: p.t }],
      });
    } else if (s.type === 'rpc.error' && !s.auth) {
      if (s.msg.protocol === 'sip' && typeof s.error.code === 'number' && BENIGN_SIP.has(s.error.code)) return;
      const detail = `${s.error.code}${s.error.message ? ` ${s.error.message}` : ''}`;
      ctx.emit({
        rule: 'rpc-error',
        severity: 'warning',
        t: s.t,
        message: `RPC \`${s.method}\` failed: ${detail}`,
        advice: 'The server refused the request. The error code and message say why; check the parameters sent in the request frame.',
        evidence: [
          { kind: 'frame' as const, socketId: s.msg.socketId, index: s.msg.pairedWith, t: s.t },
          { kind: 'frame' as const, socketId: s.msg.socketId, index: s.msg.index, t: s.t },
        ].filter((e) => e.index !== undefined),
      });
    }
  },
};
