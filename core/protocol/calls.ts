/**
 * Call models built from signaling: Verto (SignalWire's nested form, Telnyx's telnyx_rtc.* form, plain Verto),
 * SignalWire call.state / Realtime calling.call.* events, and SIP dialogs. States only move forward
 * (new → requesting → trying → ringing → early → active ⇄ held → hangup), so a late or duplicated message
 * cannot take a call back.
 */
import type { Signal } from '../findings/types.js';
import type { ParsedFrame } from './decoders/index.js';
import { sipAddress } from './decoders/sip.js';
import { obj, str, strOrNum, type Obj } from './decoders/util.js';
import type { Pending } from './pairing.js';
import { linkKeys, sdpIsHold } from './sdp.js';
import { INVITE_REPLY_MS, overdueAfterMs } from './timeouts.js';
import type { CallModel, CallState, DecodedFrame, SdkFamily } from './types.js';

/** Hangup cause of calls the SDK dropped because Telnyx punted the session. */
export const PUNT_CAUSE = 'PUNT';
/** Hangup cause of calls whose invite the SDK stopped waiting for (its own request time-out): the call is over. */
export const INVITE_TIMEOUT_CAUSE = 'INVITE_TIMEOUT';
const FAMILIES: SdkFamily[] = ['signalwire', 'telnyx', 'verto', 'sip', 'unknown'];

const RANK: Record<CallState, number> = {
  new: 0,
  requesting: 1,
  trying: 2,
  ringing: 3,
  early: 4,
  answering: 5,
  active: 6,
  held: 6,
  recovering: 6,
  hangup: 9,
};
const MAX_CANDIDATES = 200;
/** States of an established call that may follow each other in any order. */
const ESTABLISHED = new Set<CallState>(['active', 'held', 'recovering']);

function verbOf(method: string | undefined): string | undefined {
  if (!method) return undefined;
  const dot = method.lastIndexOf('.');
  return dot >= 0 ? method.slice(dot + 1) : method;
}

export class CallTracker {
  readonly calls: CallModel[] = [];
  private byKey = new Map<string, CallModel>();
  private activeT = new Map<CallModel, number>();
  private live = new Set<CallModel>();
  /** SDP link key (ice-ufrag / fingerprint) to call, and to peer connection, whichever side is seen first. */
  private callByLink = new Map<string, CallModel>();
  private pcByLink = new Map<string, string>();
  /** Realtime call ids the client asked to end with calling.end. */
  private localEnds = new Set<string>();

  constructor(
    private emit: (s: Signal) => void,
    /** When the peer connection was created, for the time spent before the invite. */
    private pcCreatedAt: (pcId: string) => number | undefined = () => undefined,
  ) {}

  /** Number of calls answered and not hung up. */
  get liveCount(): number {
    return this.live.size;
  }

  get(sdk: SdkFamily, id: string): CallModel | undefined {
    return this.byKey.get(`${sdk}:${id}`);
  }

  private callFor(sdk: SdkFamily, id: string, msg: DecodedFrame, sessionId: string | undefined, create: boolean): CallModel | undefined {
    const key = `${sdk}:${id}`;
    let c = this.byKey.get(key);
    if (!c && create) {
      c = {
        id,
        sdk,
        direction: 'unknown',
        socketId: msg.socketId,
        sessionId,
        states: [{ t: msg.t, state: 'new' }],
        state: 'new',
        startT: msg.t,
        candidates: [],
        candidatesDropped: 0,
        held: false,
        holds: [],
        attaches: [],
      };
      this.byKey.set(key, c);
      this.calls.push(c);
    }
    return c;
  }

  private move(c: CallModel, state: CallState, t: number, index?: number): void {
    if (c.state === state) return;
    if (c.state === 'hangup') return;
    const sideways = ESTABLISHED.has(c.state) && ESTABLISHED.has(state);
    if (!sideways && RANK[state] <= RANK[c.state]) return;
    c.state = state;
    c.states.push({ t, state });
    if (c.inviteIndex !== undefined || c.direction === 'outbound') {
      if (c.setupMs === undefined && (state === 'ringing' || state === 'early' || state === 'active')) c.setupMs = t - c.startT;
    }
    if (state === 'active' && !this.activeT.has(c)) {
      this.activeT.set(c, t);
      if (c.direction === 'outbound') c.answerMs = t - c.startT;
      this.live.add(c);
    }
    if (state === 'hangup') {
      const at = this.activeT.get(c);
      if (at !== undefined) c.durationMs = t - at;
      this.live.delete(c);
    }
    this.emit({ type: 'call.state', t, call: c, state, index });
    // Any step past "requesting" means the invite was heard (reply, ringing, answer) or the call is over. Cleared
    // after the signal, so rules judging a hang-up still see that the invite was never answered.
    if (state !== 'requesting') delete c.awaiting;
  }

  private setSdp(c: CallModel, which: 'offerSdp' | 'answerSdp', sdp: string | undefined): void {
    if (!sdp) return;
    c[which] = sdp;
    for (const k of linkKeys(sdp)) {
      const pc = this.pcByLink.get(k);
      if (pc) this.attachPc(c, pc);
      if (!this.callByLink.has(k)) this.callByLink.set(k, c);
    }
  }

  /** Peer connection id to the call it carries. */
  private callByPc = new Map<string, CallModel>();

  callOfPc(pcId: string): CallModel | undefined {
    return this.callByPc.get(pcId);
  }

  private attachPc(c: CallModel, pcId: string): void {
    this.callByPc.set(pcId, c);
    c.pcId ??= pcId;
    if (!c.pcIds) c.pcIds = [pcId];
    else if (!c.pcIds.includes(pcId)) c.pcIds.push(pcId);
  }

  /** An SDP the page gave to or got from an RTCPeerConnection. */
  linkPc(pcId: string, sdp: string): void {
    for (const k of linkKeys(sdp)) {
      if (!this.pcByLink.has(k)) this.pcByLink.set(k, pcId);
      const c = this.callByLink.get(k);
      if (c) this.attachPc(c, pcId);
    }
  }

  /** The invite `msg` was sent for `c`: the call now waits on its reply (`sent`: the request the analyzer tracks). */
  private await(c: CallModel, msg: DecodedFrame, sent: Pending | undefined): void {
    if (c.state !== 'requesting' || c.awaiting) return;
    const method = sent?.method ?? msg.inner?.method ?? msg.method ?? 'invite';
    const timeoutMs = sent?.timeoutMs ?? 0;
    c.awaiting = { method, since: msg.t, index: msg.index, timeoutMs, overdueMs: sent ? overdueAfterMs(method, timeoutMs) : INVITE_REPLY_MS };
  }

  onMessage(msg: DecodedFrame, d: ParsedFrame, req: Pending | undefined, innerReq: Pending | undefined, sessionId: string | undefined, sentReq?: Pending): void {
    if (d.sip) return this.onSip(msg, d, sessionId, sentReq);
    const sdk: SdkFamily = d.sdk ?? 'unknown';
    if (sdk === 'signalwire' && msg.method === 'signalwire.event' && !d.inner) return this.onSwEvent(msg, d, sessionId);
    if (sdk === 'signalwire' && msg.method?.startsWith('calling.') && msg.dir === 'received') return this.onSwEvent(msg, d, sessionId);
    if (sdk === 'signalwire' && msg.method === 'calling.end' && msg.dir === 'sent' && d.callId) {
      // The end arrives later as call.state ending/ended events; remember that this side asked for it.
      this.localEnds.add(d.callId);
      return;
    }

    let verb: string | undefined;
    let params: Obj | undefined;
    let callId = d.callId;
    let replyTo: string | undefined;
    let replyOk = false;
    if (d.inner) {
      if (d.inner.msg.method) {
        verb = verbOf(d.inner.msg.method);
        params = d.inner.params;
      } else {
        replyTo = verbOf(innerReq?.method ?? req?.method);
        replyOk = d.inner.msg.kind === 'response' && msg.kind !== 'error';
        callId ??= innerReq?.callId ?? req?.callId;
      }
    } else if (sdk === 'telnyx' || sdk === 'verto') {
      if (msg.method) {
        verb = verbOf(msg.method);
        params = d.params;
      } else if (req) {
        replyTo = verbOf(req.wireMethod);
        replyOk = msg.kind === 'response';
        callId ??= req.callId;
      }
    } else if (sdk === 'signalwire' && req && !msg.method) {
      // An envelope reply without a Verto body (e.g. an error at the RELAY level).
      replyTo = verbOf(req.method);
      replyOk = msg.kind === 'response';
      callId ??= req.callId;
    }
    if (sdk === 'telnyx' && msg.method === 'telnyx_rtc.punt' && msg.dir === 'received') {
      // The SDK purges its calls on a punt and sends no bye (unless keepConnectionAliveOnSocketClose,
      // which the wire does not show): without this they would stay "active" for good.
      for (const c of this.calls) if (c.sessionId === sessionId && c.state !== 'hangup') this.hangup(c, msg, PUNT_CAUSE, undefined, 'remote');
      return;
    }
    if (!callId) return;

    if (replyTo) {
      const c = this.callFor(sdk, callId, msg, sessionId, false);
      if (!c) return;
      if (replyTo === 'invite' && c.direction === 'outbound') {
        if (replyOk) this.move(c, 'trying', msg.t, msg.index);
        else this.hangup(c, msg, msg.error?.message || 'invite rejected', msg.error?.code, 'remote');
      } else if (replyTo === 'answer' && c.direction === 'inbound' && replyOk) {
        this.move(c, 'active', msg.t, msg.index);
      } else if (replyTo === 'attach' && replyOk && c.state === 'recovering' && req?.wireMethod && msg.dir === 'received') {
        this.move(c, 'active', msg.t, msg.index);
      }
      const res = obj(d.inner ? d.inner.result : d.result);
      const member = str(res?.memberID);
      if (member) c.memberId = member;
      const node = str(obj(d.result)?.node_id);
      if (node) c.nodeId = node;
      return;
    }
    if (!verb) return;
    const sent = msg.dir === 'sent';
    switch (verb) {
      case 'invite': {
        const c = this.callFor(sdk, callId, msg, sessionId, true)!;
        const dp = obj(params?.dialogParams);
        c.inviteIndex ??= msg.index;
        if (sent) {
          if (c.direction === 'unknown') {
            c.direction = 'outbound';
            c.startT = msg.t;
          }
          c.destination ??= str(dp?.destination_number);
          c.caller ??= str(dp?.caller_id_number) ?? str(dp?.caller_id_name);
          this.setSdp(c, 'offerSdp', str(params?.sdp));
          const created = c.pcId ? this.pcCreatedAt(c.pcId) : undefined;
          if (created !== undefined && c.preInviteMs === undefined && msg.t >= created) c.preInviteMs = msg.t - created;
          this.move(c, 'requesting', msg.t, msg.index);
          this.await(c, msg, sentReq);
        } else {
          if (c.direction === 'unknown') c.direction = 'inbound';
          c.caller ??= str(params?.caller_id_number) ?? str(dp?.caller_id_number) ?? str(params?.caller_id_name);
          c.destination ??= str(params?.callee_id_number) ?? str(dp?.destination_number);
          this.setSdp(c, 'offerSdp', str(params?.sdp));
          this.move(c, 'ringing', msg.t, msg.index);
        }
        break;
      }
      case 'ringing': {
        const c = this.callFor(sdk, callId, msg, sessionId, true)!;
        this.move(c, 'ringing', msg.t, msg.index);
        break;
      }
      case 'media': {
        const c = this.callFor(sdk, callId, msg, sessionId, true)!;
        this.setSdp(c, 'answerSdp', str(params?.sdp));
        this.move(c, 'early', msg.t, msg.index);
        break;
      }
      case 'answer': {
        const c = this.callFor(sdk, callId, msg, sessionId, true)!;
        this.setSdp(c, 'answerSdp', str(params?.sdp));
        this.move(c, sent && c.direction === 'inbound' ? 'answering' : 'active', msg.t, msg.index);
        break;
      }
      case 'modify': {
        const c = this.callFor(sdk, callId, msg, sessionId, false);
        if (!c) break;
        const action = str(params?.action) ?? '';
        if (action) c.holds.push({ t: msg.t, action });
        if (action === 'hold' || (action === 'toggleHold' && !c.held)) {
          c.held = true;
          this.move(c, 'held', msg.t, msg.index);
        } else if (action === 'unhold' || action === 'toggleHold') {
          c.held = false;
          this.move(c, 'active', msg.t, msg.index);
        }
        break;
      }
      case 'attach': {
        // Server attach after a reconnect re-offers the call; the client answers with its own attach.
        const c = this.callFor(sdk, callId, msg, sessionId, true)!;
        c.attaches.push({ t: msg.t, dir: msg.dir });
        this.setSdp(c, sent ? 'answerSdp' : 'offerSdp', str(params?.sdp));
        if (!sent && c.state !== 'new') this.move(c, 'recovering', msg.t, msg.index);
        break;
      }
      case 'bye': {
        const c = this.callFor(sdk, callId, msg, sessionId, false);
        if (!c) break;
        const dp = obj(params?.dialogParams);
        const cause = str(params?.cause) ?? str(dp?.cause);
        const code = strOrNum(params?.causeCode) ?? strOrNum(dp?.causeCode);
        this.hangup(c, msg, cause, code, sent ? 'local' : 'remote');
        break;
      }
      case 'candidate': {
        const c = this.callFor(sdk, callId, msg, sessionId, false);
        const cand = str(params?.candidate) ?? str(obj(params?.candidate)?.candidate);
        if (!c || !cand) break;
        if (c.candidates.length < MAX_CANDIDATES) c.candidates.push({ t: msg.t, dir: msg.dir, candidate: cand });
        else c.candidatesDropped++;
        break;
      }
      case 'endOfCandidates': {
        const c = this.callFor(sdk, callId, msg, sessionId, false);
        if (c) c.endOfCandidates = true;
        break;
      }
    }
  }

  /**
   * The SDK's time-out for an invite passed without a reply: SignalWire rejects the dial, JsSIP ends the
   * session (Timer B). Nothing more comes on the wire for that call, so it ends here, on this side.
   */
  inviteTimedOut(p: Pending): CallModel | undefined {
    if (!p.callId) return undefined;
    for (const sdk of FAMILIES) {
      const c = this.byKey.get(`${sdk}:${p.callId}`);
      if (!c || c.awaiting?.index !== p.index || c.state === 'hangup') continue;
      c.hangup = { t: p.deadline, by: 'local', cause: INVITE_TIMEOUT_CAUSE };
      this.move(c, 'hangup', p.deadline, p.index);
      return c;
    }
    return undefined;
  }

  /**
   * The document whose ids start with `prefix` went away: its calls that had not ended end now, by the
   * page unloading (their socket and peer connection went with it). Returns the calls it ended.
   */
  documentGone(prefix: string, t: number): CallModel[] {
    const ended: CallModel[] = [];
    for (const c of this.calls) {
      if (c.state === 'hangup') continue;
      const mine = c.socketId.startsWith(prefix) || (c.pcIds ?? (c.pcId ? [c.pcId] : [])).some((id) => id.startsWith(prefix));
      if (!mine) continue;
      c.hangup = { t, by: 'page-unloaded' };
      this.move(c, 'hangup', t);
      ended.push(c);
    }
    return ended;
  }

  private hangup(c: CallModel, msg: DecodedFrame, cause: string | undefined, code: number | string | undefined, by: 'local' | 'remote'): void {
    if (c.state === 'hangup') return;
    c.hangup = { t: msg.t, by };
    if (cause !== undefined) c.hangup.cause = cause;
    if (code !== undefined) c.hangup.code = code;
    this.move(c, 'hangup', msg.t, msg.index);
  }

  /** SignalWire call.state events (Call Fabric) and Realtime calling.call.state / calling.call.receive. */
  private onSwEvent(msg: DecodedFrame, d: ParsedFrame, sessionId: string | undefined): void {
    const p = d.params;
    const isEvent = msg.method === 'signalwire.event';
    const type = isEvent ? str(p?.event_type) : msg.method;
    const ep = isEvent ? obj(p?.params) : p;
    if (!type || !ep) return;
    const callId = str(ep.call_id) ?? str(obj(ep.call)?.call_id);
    if (!callId) return;
    const state = str(ep.call_state) ?? str(obj(ep.call)?.call_state);
    const isCallEvent = type === 'call.state' || type === 'calling.call.state' || type === 'calling.call.receive' || type === 'calling.call.dial';
    if (!isCallEvent) return;
    const c = this.callFor('signalwire', callId, msg, sessionId, true)!;
    const dir = str(ep.direction);
    if (type === 'calling.call.receive') c.direction = 'inbound';
    else if (c.direction === 'unknown' && (dir === 'inbound' || dir === 'outbound')) c.direction = dir;
    const dev = obj(obj(ep.device)?.params);
    c.destination ??= str(dev?.to_number) ?? str(dev?.to);
    c.caller ??= str(dev?.from_number) ?? str(dev?.from);
    const nodeId = str(ep.node_id);
    if (nodeId) c.nodeId = nodeId;
    if (type === 'calling.call.dial') {
      const ds = str(ep.dial_state);
      if (ds === 'answered') this.move(c, 'active', msg.t, msg.index);
      else if (ds === 'failed') this.hangup(c, msg, 'dial failed', undefined, 'remote');
      return;
    }
    switch (state) {
      case 'created':
        this.move(c, c.direction === 'inbound' ? 'ringing' : 'trying', msg.t, msg.index);
        break;
      case 'ringing':
        this.move(c, 'ringing', msg.t, msg.index);
        break;
      case 'answered':
        this.move(c, 'active', msg.t, msg.index);
        break;
      case 'ending':
      case 'ended': {
        const reason = str(ep.end_reason) ?? str(ep.reason);
        // 'ending' comes first without a reason; 'ended' then tells why.
        if (c.hangup && c.hangup.cause === undefined && reason !== undefined) c.hangup.cause = reason;
        this.hangup(c, msg, reason, undefined, this.localEnds.has(callId) ? 'local' : 'remote');
        break;
      }
    }
  }

  /** SIP dialogs from JsSIP / SIP.js: INVITE, provisional and final responses, BYE, CANCEL, re-INVITE hold. */
  private onSip(msg: DecodedFrame, d: ParsedFrame, sessionId: string | undefined, sentReq?: Pending): void {
    const sip = d.sip!;
    if (!sip.callId) return;
    const sent = msg.dir === 'sent';
    if (sip.status === undefined) {
      if (sip.method === 'INVITE') {
        const existing = this.callFor('sip', sip.callId, msg, sessionId, false);
        if (existing && (existing.state === 'active' || existing.state === 'held')) {
          if (sip.sdp) {
            const hold = sdpIsHold(sip.sdp);
            existing.holds.push({ t: msg.t, action: hold ? 'hold' : 'unhold' });
            existing.held = hold;
            this.move(existing, hold ? 'held' : 'active', msg.t, msg.index);
          }
          return;
        }
        const c = existing ?? this.callFor('sip', sip.callId, msg, sessionId, true)!;
        c.inviteIndex ??= msg.index;
        c.direction = sent ? 'outbound' : 'inbound';
        c.startT = msg.t;
        c.destination ??= sipAddress(sip.to) ?? sip.uri;
        c.caller ??= sipAddress(sip.from);
        this.setSdp(c, 'offerSdp', sip.sdp);
        this.move(c, sent ? 'requesting' : 'ringing', msg.t, msg.index);
        if (sent) this.await(c, msg, sentReq);
      } else if (sip.method === 'BYE' || sip.method === 'CANCEL') {
        const c = this.callFor('sip', sip.callId, msg, sessionId, false);
        if (c) this.hangup(c, msg, sip.cause ?? sip.method, sip.causeCode, sent ? 'local' : 'remote');
      }
      return;
    }
    if (sip.method !== 'INVITE') return;
    const c = this.callFor('sip', sip.callId, msg, sessionId, false);
    if (!c || c.state === 'hangup') return;
    const s = sip.status;
    const fromPeer = c.direction === 'outbound' ? !sent : sent;
    if (!fromPeer) return;
    if (c.state === 'active' || c.state === 'held') return;
    if (s === 100) this.move(c, 'trying', msg.t, msg.index);
    else if (s === 180 || s === 181 || s === 182) this.move(c, 'ringing', msg.t, msg.index);
    else if (s === 183) {
      this.setSdp(c, 'answerSdp', sip.sdp);
      this.move(c, 'early', msg.t, msg.index);
    } else if (s >= 200 && s < 300) {
      this.setSdp(c, 'answerSdp', sip.sdp);
      this.move(c, 'active', msg.t, msg.index);
    } else if (s >= 300) {
      this.hangup(c, msg, sip.reason, s, c.direction === 'outbound' ? 'remote' : 'local');
    }
  }
}
