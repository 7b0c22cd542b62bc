/** Check 9: a loopback connection forced through the TURN relay, and a direct one, each with a data-channel round trip. */
import type { CheckContext, CheckDefinition, CheckOutcome, MetricValue } from '../types.js';
import { createLoopback, selectedPair } from './loopback.js';
import { serverUrls } from './ice.js';
import { NO_WEBRTC, TIMED_OUT, errorMessage, hasWebRtc, median, round, within } from './util.js';

const PINGS = 5;

export interface PathResult {
  path: 'relay' | 'direct';
  ok: boolean;
  skipped?: string;
  failure?: string;
  connectMs?: number;
  rttMs?: number | null;
  localType?: string | null;
  remoteType?: string | null;
  protocol?: string | null;
  relayProtocol?: string | null;
}

export function evaluateConnectivity(relay: PathResult, direct: PathResult): CheckOutcome {
  const m = (p: PathResult): MetricValue => ({
    ok: p.ok,
    ...(p.skipped ? { skipped: p.skipped } : {}),
    ...(p.failure ? { failure: p.failure } : {}),
    ...(p.ok
      ? {
          connectMs: round(p.connectMs ?? 0, 0),
          rttMs: p.rttMs ?? null,
          localType: p.localType ?? null,
          remoteType: p.remoteType ?? null,
          protocol: p.protocol ?? null,
          relayProtocol: p.relayProtocol ?? null,
        }
      : {}),
  });
  const metrics = { relay: m(relay), direct: m(direct) };
  const text = (p: PathResult) =>
    p.ok ? `${p.path} connected in ${round(p.connectMs ?? 0, 0)} ms, data round trip ${p.rttMs ?? '?'} ms` : `${p.path} ${p.skipped ? 'not tested' : 'failed'}`;
  const both = `${text(relay)}; ${text(direct)}`;
  if (!relay.skipped && !relay.ok) {
    return {
      status: 'fail',
      summary: `A call through the TURN relay could not be set up (${relay.failure ?? 'no connection'}); ${text(direct)}.`,
      metrics,
      advice: [
        'Calls will fail on networks that block direct connections. Check the TURN address, port and credentials (see network paths).',
        'If a firewall is in the way, ask IT to allow the TURN server over UDP 3478, TCP 443 or TLS 443.',
      ],
    };
  }
  if (!direct.ok && !direct.skipped) {
    return {
      status: relay.ok ? 'warn' : 'fail',
      summary: `A direct connection failed (${direct.failure ?? 'no connection'}); ${text(relay)}.`,
      metrics,
      advice: relay.ok
        ? ['Calls will go through the relay, which adds some delay. That is fine for most calls.']
        : ['WebRTC connections cannot be set up from this browser: check firewall, VPN and privacy extensions.'],
    };
  }
  if (relay.skipped) {
    return {
      status: 'warn',
      summary: `Direct connection works (${text(direct)}); the relay was not tested: ${relay.skipped}.`,
      metrics,
      advice: ['Give a TURN server (turn=, user=, pass=) to check calls on networks that block direct connections.'],
    };
  }
  return { status: 'pass', summary: `Both work: ${both}.`, metrics, advice: [] };
}

export async function tryPath(ctx: CheckContext, path: 'relay' | 'direct', config: RTCConfiguration): Promise<PathResult> {
  const lb = createLoopback(config);
  const limit = ctx.config.durations.connectTimeoutMs;
  try {
    const started = performance.now();
    const channel = lb.caller.createDataChannel('preflight', { ordered: true });
    const incoming = new Promise<RTCDataChannel>((resolve) => lb.callee.addEventListener('datachannel', (e) => resolve(e.channel), { once: true }));
    const open = new Promise<'open'>((resolve) => channel.addEventListener('open', () => resolve('open'), { once: true }));
    // With nothing gathered there is nothing to connect over: say so now instead of at the time-out.
    let gathered = 0;
    const barren = new Promise<'no-candidates'>((resolve) => {
      lb.caller.addEventListener('icecandidate', (e) => {
        if (e.candidate?.candidate) gathered++;
        else if (!e.candidate && gathered === 0) resolve('no-candidates');
      });
    });
    await lb.negotiate();
    const opened = await within(Promise.race([open, barren]), limit, ctx.signal);
    if (opened === 'no-candidates') {
      return { path, ok: false, failure: path === 'relay' ? 'the TURN server gave no relay address' : 'no network address was found' };
    }
    if (opened === TIMED_OUT) {
      return { path, ok: false, failure: `no connection within ${limit} ms (ICE ${lb.caller.iceConnectionState})` };
    }
    const connectMs = performance.now() - started;
    const echo = await within(incoming, 2000, ctx.signal);
    if (echo === TIMED_OUT) return { path, ok: false, failure: 'the data channel did not open on the far side' };
    echo.addEventListener('message', (e) => echo.send(e.data as string));
    const rtts: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const sent = performance.now();
      const back = await within(
        new Promise<void>((resolve) => {
          channel.addEventListener('message', () => resolve(), { once: true });
          channel.send(`ping ${i}`);
        }),
        2000,
        ctx.signal,
      );
      if (back === TIMED_OUT) break;
      rtts.push(performance.now() - sent);
    }
    const pair = await selectedPair(lb.caller).catch(() => null);
    const rtt = median(rtts);
    return {
      path,
      ok: rtts.length > 0,
      ...(rtts.length ? {} : { failure: 'data sent over the connection never came back' }),
      connectMs,
      rttMs: rtt === null ? null : round(rtt, 1),
      localType: pair?.localType ?? null,
      remoteType: pair?.remoteType ?? null,
      protocol: pair?.protocol ?? null,
      relayProtocol: pair?.relayProtocol ?? null,
    };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    return { path, ok: false, failure: errorMessage(err) };
  } finally {
    lb.close();
  }
}

/** ICE servers with only the TURN URLs kept: a relay-only test must not succeed through STUN. */
export function turnOnly(servers: RTCIceServer[]): RTCIceServer[] {
  return servers
    .map((s) => ({ ...s, urls: serverUrls([s]).turn }))
    .filter((s) => s.urls.length > 0);
}

export const RELAY_OK = 'connectivity.relayOk';

export const connectivityCheck: CheckDefinition = {
  id: 'connectivity',
  title: 'Connectivity',
  async run(ctx) {
    if (!hasWebRtc()) return { ...NO_WEBRTC };
    const turn = turnOnly(ctx.config.iceServers);
    let finished = 0;
    const step = <T>(p: Promise<T>) =>
      p.finally(() => ctx.progress(++finished / 2));
    const [relay, direct] = await Promise.all([
      turn.length
        ? step(tryPath(ctx, 'relay', { iceServers: turn, iceTransportPolicy: 'relay' }))
        : Promise.resolve<PathResult>({ path: 'relay', ok: false, skipped: 'no TURN server was given' }),
      step(tryPath(ctx, 'direct', { iceServers: [] })),
    ]);
    ctx.shared.set(RELAY_OK, relay.ok);
    return evaluateConnectivity(relay, direct);
  },
};
