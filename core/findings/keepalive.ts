/** A keepalive that was not answered, or a server ping that stopped coming. */
import { secs } from './format.js';
import type { Rule } from './types.js';

export const keepaliveRule: Rule = {
  id: 'keepalive',
  on(s, ctx) {
    if (s.type !== 'keepalive.missed') return;
    const noPing = s.reason === 'no-ping';
    ctx.emit({
      rule: 'keepalive-missed',
      severity: 'warning',
      t: s.t,
      message: noPing
        ? `No \`${s.method}\` from the server for ${secs(s.expectedMs)}: the SDK treats the connection as dead and reconnects`
        : `Keepalive \`${s.method}\` got no answer in ${secs(s.expectedMs)}`,
      advice:
        'The socket looks open but nothing comes back: a proxy, VPN or sleeping network may be holding a dead connection. ' +
        'Expect a reconnect next; if it keeps happening, check idle time-outs on proxies and load balancers.',
      evidence: [{ kind: 'frame', socketId: s.session.sockets[s.session.sockets.length - 1], index: s.index, t: s.t }],
    });
  },
};
