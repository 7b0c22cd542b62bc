/**
 * Two RTCPeerConnections in the same page, wired to each other: the only way to measure a real
 * ICE/DTLS/media path through the user's network and TURN server without a remote peer.
 */
import { readStats, type StatEntry } from './stats.js';
import { TIMED_OUT, within } from './util.js';

export interface LoopbackTimes {
  /** performance.now() values; undefined until the event happened. */
  start: number;
  iceChecking?: number;
  iceConnected?: number;
  dtlsConnected?: number;
  connected?: number;
}

export interface Loopback {
  caller: RTCPeerConnection;
  callee: RTCPeerConnection;
  times: LoopbackTimes;
  /** Offer/answer exchange; candidates flow as they are found. */
  negotiate(): Promise<void>;
  /** Resolves true once both sides are 'connected', false when either failed or time ran out. */
  waitConnected(ms: number, signal: AbortSignal): Promise<boolean>;
  close(): void;
}

export function createLoopback(config: RTCConfiguration): Loopback {
  const caller = new RTCPeerConnection(config);
  const callee = new RTCPeerConnection(config);
  const times: LoopbackTimes = { start: performance.now() };
  const relay = (from: RTCPeerConnection, to: RTCPeerConnection) => {
    from.addEventListener('icecandidate', (e) => {
      // A candidate for a connection that has since closed is harmless: ignore the rejection.
      if (e.candidate && to.signalingState !== 'closed') to.addIceCandidate(e.candidate).catch(() => {});
    });
  };
  relay(caller, callee);
  relay(callee, caller);
  caller.addEventListener('iceconnectionstatechange', () => {
    const s = caller.iceConnectionState;
    if (s === 'checking' && times.iceChecking === undefined) times.iceChecking = performance.now();
    if ((s === 'connected' || s === 'completed') && times.iceConnected === undefined) times.iceConnected = performance.now();
  });
  caller.addEventListener('connectionstatechange', () => {
    if (caller.connectionState === 'connected' && times.connected === undefined) times.connected = performance.now();
  });

  const watchDtls = () => {
    const transport = caller.getSenders().find((s) => s.transport)?.transport ?? caller.sctp?.transport;
    if (!transport) return;
    const mark = () => {
      if (transport.state === 'connected' && times.dtlsConnected === undefined) times.dtlsConnected = performance.now();
    };
    transport.addEventListener('statechange', mark);
    mark();
  };

  return {
    caller,
    callee,
    times,
    async negotiate() {
      times.start = performance.now();
      const offer = await caller.createOffer();
      await caller.setLocalDescription(offer);
      await callee.setRemoteDescription(offer);
      const answer = await callee.createAnswer();
      await callee.setLocalDescription(answer);
      await caller.setRemoteDescription(answer);
      watchDtls();
    },
    async waitConnected(ms, signal) {
      const both = new Promise<boolean>((resolve) => {
        const check = () => {
          const states = [caller.connectionState, callee.connectionState];
          if (states.some((s) => s === 'failed' || s === 'closed')) finish(false);
          else if (states.every((s) => s === 'connected')) finish(true);
        };
        const finish = (ok: boolean) => {
          caller.removeEventListener('connectionstatechange', check);
          callee.removeEventListener('connectionstatechange', check);
          resolve(ok);
        };
        caller.addEventListener('connectionstatechange', check);
        callee.addEventListener('connectionstatechange', check);
        check();
      });
      const r = await within(both, ms, signal);
      if (times.connected === undefined && r === true) times.connected = performance.now();
      return r === TIMED_OUT ? false : r;
    },
    close() {
      caller.close();
      callee.close();
    },
  };
}

/** The candidate pair a connection is using, from getStats. */
export interface SelectedPair {
  localType: string | null;
  remoteType: string | null;
  protocol: string | null;
  relayProtocol: string | null;
  rttMs: number | null;
  availableOutgoingKbps: number | null;
}

export async function selectedPair(pc: RTCPeerConnection): Promise<SelectedPair | null> {
  const byId = new Map<string, StatEntry>();
  for (const r of await readStats(pc)) byId.set(r.id as string, r);
  let pair: StatEntry | undefined;
  for (const r of byId.values()) {
    if (r.type === 'transport' && typeof r.selectedCandidatePairId === 'string') pair = byId.get(r.selectedCandidatePairId);
  }
  // Firefox has no transport stats: fall back to the nominated, succeeded pair.
  if (!pair) {
    for (const r of byId.values()) {
      if (r.type === 'candidate-pair' && r.state === 'succeeded' && (r.nominated || r.selected)) pair = r;
    }
  }
  if (!pair) return null;
  const local = byId.get(pair.localCandidateId as string);
  const remote = byId.get(pair.remoteCandidateId as string);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const rtt = num(pair.currentRoundTripTime);
  const out = num(pair.availableOutgoingBitrate);
  return {
    localType: (local?.candidateType as string) ?? null,
    remoteType: (remote?.candidateType as string) ?? null,
    protocol: (local?.protocol as string) ?? null,
    relayProtocol: (local?.relayProtocol as string) ?? null,
    rttMs: rtt === null ? null : Math.round(rtt * 10000) / 10,
    availableOutgoingKbps: out === null ? null : Math.round(out / 1000),
  };
}
