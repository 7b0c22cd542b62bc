/**
 * The protocol analyzer: feed it capture events in arrival order (any mix of sockets and peer connections)
 * and read decoded frames, connection sessions, calls, media quality and findings from snapshot().
 * Each event costs O(1) amortised: lookups are by id, nothing re-reads earlier messages.
 */
import type { CaptureEvent, Json, PcEvent, WsFrame } from '../capture/events.js';
import { createRules } from '../findings/index.js';
import type { PcInfo, Rule, RuleContext, Signal } from '../findings/types.js';
import { createQualityTracker, type QualityTracker } from '../quality/stats.js';
import { CallTracker } from './calls.js';
import { ConnectionTracker, isKeepaliveMethod, isAuthMethod } from './connections.js';
import { parseFrame, type ParsedFrame } from './decoders/index.js';
import { text } from './decoders/util.js';
import { PendingTable, type Pending } from './pairing.js';
import { PendingList } from './pending.js';
import { NegotiationTracker, type Description } from './negotiated.js';
import { candidateType } from './sdp.js';
import { sdkFromFrame } from './sdk.js';
import { LiveKitRoomTracker } from './livekit-room.js';
import { addFoundSdk, addSdkFact } from '../sdk/identity.js';
import { isInviteMethod, overdueAfterMs, requestTimeoutMs } from './timeouts.js';
import type { Analysis, DecodedFrame, Finding } from './types.js';

export type {
  Analysis,
  CallModel,
  ConnectionSession,
  DecodedFrame,
  Finding,
  FindingEvidence,
  LiveKitRoom,
  NestedMessage,
  PendingRequest,
  QualitySeries,
  ReconnectEpisode,
  SdkInfo,
} from './types.js';

export function createAnalyzer(opts?: { now?: () => number }): Analyzer {
  return new ProtocolAnalyzer(opts?.now);
}

export interface Analyzer {
  /** O(1) amortised. */
  push(ev: CaptureEvent): void;
  /** Lets time-based rules fire (unanswered RPC past its time-out) without new frames. */
  tick(now: number): void;
  /** Cheap: the live model objects, not copies. Treat as read-only. */
  snapshot(): Analysis;
}

/** A rule may add at most this many findings; the rest are counted in `suppressedFindings`. */
const MAX_FINDINGS_PER_RULE = 200;
/** Periodic checks (reconnect windows, ping gaps) run at most this often as time advances. */
const SWEEP_EVERY_MS = 250;
const MAX_CANDIDATE_ERRORS = 20;

class ProtocolAnalyzer implements Analyzer {
  private readonly waiting = new PendingList();
  private readonly rooms = new LiveKitRoomTracker((event) => this.signal({ type: 'livekit', t: event.t, event }));
  private readonly analysis: Analysis = { sdks: [], messages: [], connections: [], calls: [], quality: {}, findings: [], pending: this.waiting.items, rooms: this.rooms.rooms };
  private readonly pending = new PendingTable((p) => this.waiting.remove(p));
  private readonly connections: ConnectionTracker;
  private readonly calls: CallTracker;
  private readonly rules: Rule[] = createRules();
  private readonly ctx: RuleContext;
  private readonly findingKeys = new Set<string>();
  private readonly perRule = new Map<string, number>();
  private readonly frameCount = new Map<string, number>();
  private readonly closedSockets = new Set<string>();
  private readonly socketIds = new Set<string>();
  private readonly pcs = new Map<string, PcInfo>();
  private readonly connectedPcs = new Set<string>();
  private readonly trackers = new Map<string, QualityTracker>();
  private readonly negotiations = new Map<string, NegotiationTracker>();
  private lastSweep = -Infinity;
  private clock = -Infinity;
  suppressedFindings = 0;

  constructor(private readonly now?: () => number) {
    const signal = (s: Signal) => this.signal(s);
    this.connections = new ConnectionTracker(signal);
    this.calls = new CallTracker(signal, (id) => this.pcs.get(id)?.createdAt);
    this.analysis.connections = this.connections.sessions;
    this.analysis.calls = this.calls.calls;
    this.ctx = {
      emit: (f, key) => this.addFinding(f, key),
      inCall: () => this.calls.liveCount > 0 || this.connectedPcs.size > 0,
      pc: (id) => this.pcs.get(id),
      callOfPc: (id) => this.calls.callOfPc(id),
      sessions: () => this.connections.sessions,
    };
  }

  snapshot(): Analysis {
    if (this.now) this.advance(this.now(), true);
    return this.analysis;
  }

  tick(now: number): void {
    this.advance(now, true);
  }

  push(ev: CaptureEvent): void {
    try {
      this.pushUnsafe(ev);
    } catch (err) {
      // One malformed event must not stop analysis of the rest; it still shows in the raw capture.
      this.addFinding({
        rule: 'analyzer-error',
        severity: 'info',
        t: typeof ev?.t === 'number' ? ev.t : 0,
        message: `Could not analyse a ${text((ev as { kind?: unknown } | null)?.kind, '?')} event: ${text((err as Error | null)?.message ?? err, 'unknown error')}`,
        advice: 'The raw event is still in the capture. Please report this with the exported bundle.',
        evidence: [{ kind: 'event', t: typeof ev?.t === 'number' ? ev.t : 0 }],
      });
    }
  }

  private pushUnsafe(ev: CaptureEvent): void {
    // Ids key every map and appear in messages: a forged non-string id is made a string once, here.
    if ('id' in ev && typeof ev.id !== 'string') ev = { ...ev, id: text(ev.id, '?') } as CaptureEvent;
    if (typeof ev.t === 'number' && Number.isFinite(ev.t)) this.advance(ev.t, false);
    switch (ev.kind) {
      case 'ws.create': {
        this.socketIds.add(ev.id);
        this.connections.onCreate(ev);
        const session = this.connections.session(ev.id);
        if (session?.sdk === 'livekit') {
          // LiveKit says who it is only in its URL (sdk, version, protocol); its frames are binary.
          addSdkFact(this.analysis.sdks, { name: session.sdkName ?? 'livekit-client', version: session.sdkVersion ?? '', via: 'traffic', socketId: ev.id });
          this.rooms.onCreate(ev);
        }
        break;
      }
      case 'ws.open':
        this.connections.onOpen(ev);
        this.rooms.onOpen(ev);
        break;
      case 'ws.close':
        this.closedSockets.add(ev.id);
        this.waiting.dropSocket(ev.id);
        this.connections.onClose(ev);
        this.rooms.onClose(ev);
        break;
      case 'ws.frame':
        this.onFrame(ev);
        return;
      case 'pc.create': {
        const pc = this.pcFor(ev.id);
        pc.config = ev.config;
        pc.createdAt = ev.t;
        break;
      }
      case 'pc.call': {
        if (ev.method === 'setLocalDescription' || ev.method === 'setRemoteDescription') {
          const sdp = sdpOf(ev.args[0]);
          if (sdp) {
            this.calls.linkPc(ev.id, sdp);
            this.rooms.onDescription(ev.id, ev.method === 'setLocalDescription' ? 'local' : 'remote', sdp, ev.t);
          }
        } else if (ev.method === 'close') {
          this.connectedPcs.delete(ev.id);
          this.pcFor(ev.id).closedAt ??= ev.t;
        } else if (ev.method === 'setConfiguration' && ev.args[0] !== undefined) {
          // A configuration set after creation (e.g. ICE servers fetched later) replaces the first one.
          this.pcFor(ev.id).config = ev.args[0];
        }
        if (ev.method === 'setRemoteDescription') this.pcFor(ev.id).remoteAt ??= ev.t;
        if (ev.method === 'setLocalDescription' || ev.method === 'setRemoteDescription') {
          const neg = this.negotiationOf(ev.id);
          const desc = descriptionOf(ev.args[0]);
          if (ev.method === 'setLocalDescription') neg.local(ev.t, desc);
          else if (desc) neg.remote(ev.t, desc);
          this.pcFor(ev.id).negotiated = neg.current;
        }
        break;
      }
      case 'pc.result': {
        if (ev.ok && (ev.method === 'createOffer' || ev.method === 'createAnswer')) {
          const sdp = sdpOf(ev.value);
          if (sdp) this.calls.linkPc(ev.id, sdp);
          const desc = descriptionOf(ev.value);
          if (desc) this.negotiationOf(ev.id).created(desc);
        }
        break;
      }
      case 'pc.event':
        this.onPcEvent(ev);
        break;
      case 'pc.stats': {
        let tr = this.trackers.get(ev.id);
        if (!tr) {
          tr = createQualityTracker(ev.id);
          this.trackers.set(ev.id, tr);
          this.analysis.quality[ev.id] = tr.series;
        }
        const sample = tr.push(ev);
        if (sample) this.signal({ type: 'quality', t: ev.t, pcId: ev.id, sample, reports: ev.reports && typeof ev.reports === 'object' ? ev.reports : {} });
        return;
      }
      case 'page.hide':
        if (!ev.persisted) this.onDocumentGone(ev.docId, ev.t);
        break;
      case 'sdk.found':
        addFoundSdk(this.analysis.sdks, { sdk: text(ev.sdk, 'unknown'), version: text(ev.version), via: text(ev.via, 'hook'), detail: ev.detail });
        break;
    }
    this.signal({ type: 'capture', t: ev.t, ev });
  }

  /**
   * A document that went away (not into the back/forward cache) took its sockets and peer connections
   * with it: no reply can come to what it still waited on, and its ICE will never connect. Ids carry
   * their document (`${docId}:ws-1`), so what it owned is found by prefix. A crash sends no page.hide;
   * the capture model closes those at the next load instead.
   */
  private onDocumentGone(docId: string, t: number): void {
    const prefix = `${docId}:`;
    for (const id of this.socketIds) {
      if (!id.startsWith(prefix) || this.closedSockets.has(id)) continue;
      this.closedSockets.add(id);
      this.waiting.dropSocket(id);
    }
    for (const [id, pc] of this.pcs) {
      if (!id.startsWith(prefix)) continue;
      this.connectedPcs.delete(id);
      pc.closedAt ??= t;
    }
    for (const c of this.calls.documentGone(prefix, t)) this.waiting.dropCall(c.id);
    this.rooms.documentGone(prefix, t);
  }

  private advance(now: number, force: boolean): void {
    if (now > this.clock) this.clock = now;
    this.pending.expire(this.clock, (p) => this.onTimeout(p));
    if (force || this.clock - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = this.clock;
      this.connections.tick(this.clock);
      this.rooms.tick(this.clock);
      for (const r of this.rules) r.tick?.(this.clock, this.ctx);
    }
  }

  private onTimeout(p: Pending): void {
    if (isKeepaliveMethod(p.wireMethod)) this.connections.keepaliveMissed(p);
    const session = this.connections.session(p.socketId);
    this.signal({ type: 'rpc.timeout', t: p.deadline, pending: p, session, socketClosed: this.closedSockets.has(p.socketId) });
    // After the time-out is told (the cause reads before its consequence): the SDK failed the call.
    if (isInviteMethod(p.method)) {
      const call = this.calls.inviteTimedOut(p);
      if (call) this.waiting.dropCall(call.id);
    }
  }

  private onFrame(ev: WsFrame): void {
    this.socketIds.add(ev.id);
    const session = this.connections.sessionFor(ev.id, ev.t);
    const d = parseFrame(ev, session.sdk);
    const frame = this.frameCount.get(ev.id) ?? 0;
    this.frameCount.set(ev.id, frame + 1);
    const msg: DecodedFrame = {
      socketId: ev.id,
      index: this.analysis.messages.length,
      frame,
      t: ev.t,
      dir: ev.dir === 'received' ? 'received' : 'sent',
      size: typeof ev.size === 'number' ? ev.size : 0,
      protocol: d.protocol,
      kind: d.kind,
      summary: d.summary,
    };
    if (d.sdk) msg.sdk = d.sdk;
    if (d.method) msg.method = d.method;
    if (d.id !== undefined) msg.id = d.id;
    if (d.callId) msg.callId = d.callId;
    if (d.inner) msg.inner = d.inner.msg;
    if (d.error) msg.error = d.error;
    if (d.parseError) msg.parseError = d.parseError;
    if (ev.truncated) msg.truncated = true;
    this.analysis.messages.push(msg);

    const guess = sdkFromFrame(d);
    if (guess) {
      session.sdkName = guess.name;
      if (guess.version) session.sdkVersion = guess.version;
      addSdkFact(this.analysis.sdks, { name: guess.name, version: guess.version, via: 'traffic', socketId: ev.id });
    }

    const isReply = d.kind === 'response' || d.kind === 'error';
    const req = isReply ? this.pairReply(msg, d, session.id) : undefined;
    const innerReq = d.inner && d.inner.msg.kind !== 'request' && d.inner.msg.kind !== 'notification' ? this.pairInner(msg, d, session.id) : undefined;

    this.connections.onMessage(msg, d, req);
    const sentReq = d.kind === 'request' ? this.addPending(msg, d, session.id) : undefined;
    if (d.inner?.msg.kind === 'request') this.addInnerPending(msg, d, session.id);
    this.calls.onMessage(msg, d, req, innerReq, session.id, sentReq);

    if (msg.kind === 'error' && msg.error) {
      const method = req?.method ?? msg.method ?? 'request';
      this.signal({ type: 'rpc.error', t: msg.t, msg, method, error: msg.error, auth: isAuthMethod(req?.wireMethod) });
    }
    if (req && !msg.method && msg.protocol !== 'sip') msg.method = req.wireMethod;
    if (d.livekit) this.rooms.onMessage(msg, d.livekit);
    this.signal({ type: 'message', t: msg.t, msg, result: d.result, req });
  }

  private pairReply(msg: DecodedFrame, d: ParsedFrame, sessionId: string): Pending | undefined {
    if (msg.id === undefined) return undefined;
    const reqDir = msg.dir === 'sent' ? 'received' : 'sent';
    const key = d.sip ? `${sessionId}|sip|${reqDir}|${d.sip.callId}|${msg.id}` : `${sessionId}|${reqDir}|${msg.id}`;
    const provisional = d.sip?.status !== undefined && d.sip.status < 200;
    const p = provisional ? this.pending.peek(key) : this.pending.take(key);
    if (!p) return undefined;
    const reqMsg = this.analysis.messages[p.index];
    msg.pairedWith = p.index;
    if (reqMsg && reqMsg.pairedWith === undefined) {
      reqMsg.pairedWith = msg.index;
      reqMsg.latencyMs = msg.t - p.t;
    }
    if (provisional) this.pending.settle(p);
    msg.latencyMs = msg.t - p.t;
    // Acks of server events say which event they confirm; other replies say which request they answer.
    const what = p.wireMethod === 'signalwire.event' && msg.kind === 'response' ? `ack of ${reqMsg?.summary ?? p.wireMethod}` : `${p.method}: ${msg.summary}`;
    msg.summary = `${what} (${Math.round(msg.latencyMs)} ms)`;
    return p;
  }

  private pairInner(msg: DecodedFrame, d: ParsedFrame, sessionId: string): Pending | undefined {
    const inner = d.inner!.msg;
    if (inner.id === undefined) return undefined;
    // The inner reply travels in the opposite direction of the inner request, whatever envelope carries it.
    const reqDir = msg.dir === 'sent' ? 'received' : 'sent';
    const p = this.pending.take(`${sessionId}|v|${reqDir}|${inner.id}`);
    if (!p) return undefined;
    inner.pairedWith = p.index;
    inner.latencyMs = msg.t - p.t;
    const reqInner = this.analysis.messages[p.index]?.inner;
    if (reqInner && reqInner.pairedWith === undefined) {
      reqInner.pairedWith = msg.index;
      reqInner.latencyMs = inner.latencyMs;
    }
    return p;
  }

  private addPending(msg: DecodedFrame, d: ParsedFrame, sessionId: string): Pending | undefined {
    if (msg.id === undefined || !msg.method) return undefined;
    const session = this.connections.sessionFor(msg.socketId, msg.t);
    const timeoutMs = msg.dir === 'sent' ? requestTimeoutMs(session, msg.method, msg.protocol === 'sip') : 0;
    const key = d.sip ? `${sessionId}|sip|${msg.dir}|${d.sip.callId}|${msg.id}` : `${sessionId}|${msg.dir}|${msg.id}`;
    const earlier = this.pending.peek(key);
    if (earlier && earlier.socketId !== msg.socketId) this.connections.requestResent(msg.socketId);
    const p: Pending = {
      key,
      index: msg.index,
      t: msg.t,
      socketId: msg.socketId,
      sessionId,
      method: d.inner?.msg.method ?? msg.method,
      wireMethod: msg.method,
      callId: msg.callId,
      timeoutMs,
      deadline: msg.t + timeoutMs,
      done: false,
    };
    this.pending.add(p);
    // Only what the page waits on is listed; a request from the server waits on the page, not the SDK.
    // A SIP ACK never gets a reply.
    if (msg.dir === 'sent' && !(d.sip && msg.method === 'ACK')) this.waiting.add(p, overdueAfterMs(p.method, timeoutMs));
    return p;
  }

  private addInnerPending(msg: DecodedFrame, d: ParsedFrame, sessionId: string): void {
    const inner = d.inner!.msg;
    if (inner.id === undefined || !inner.method) return;
    this.pending.add({
      key: `${sessionId}|v|${msg.dir}|${inner.id}`,
      index: msg.index,
      t: msg.t,
      socketId: msg.socketId,
      sessionId,
      method: inner.method,
      wireMethod: inner.method,
      callId: inner.callId ?? msg.callId,
      inner: true,
      timeoutMs: 0,
      deadline: msg.t,
      done: false,
    });
  }

  private negotiationOf(id: string): NegotiationTracker {
    let n = this.negotiations.get(id);
    if (!n) this.negotiations.set(id, (n = new NegotiationTracker()));
    return n;
  }

  private pcFor(id: string): PcInfo {
    let pc = this.pcs.get(id);
    if (!pc) {
      pc = { id, config: null, connectionState: 'new', iceConnectionState: 'new', candidateTypes: new Set(), candidateErrors: [] };
      this.pcs.set(id, pc);
    }
    return pc;
  }

  private onPcEvent(ev: PcEvent): void {
    const pc = this.pcFor(ev.id);
    const data = (ev.data ?? null) as Record<string, Json> | null;
    const state = typeof data?.state === 'string' ? data.state : undefined;
    if (state && (ev.type === 'connectionstatechange' || ev.type === 'iceconnectionstatechange')) this.rooms.onPcState(ev.id, state);
    switch (ev.type) {
      case 'connectionstatechange':
        if (state) pc.connectionState = state;
        if (state === 'connected') this.connectedPcs.add(ev.id);
        else if (state === 'closed' || state === 'failed') this.connectedPcs.delete(ev.id);
        break;
      case 'iceconnectionstatechange':
        if (state) pc.iceConnectionState = state;
        if (state === 'connected' || state === 'completed') this.connectedPcs.add(ev.id);
        else if (state === 'closed' || state === 'failed') this.connectedPcs.delete(ev.id);
        break;
      case 'icecandidate': {
        const c = data?.candidate;
        const line = typeof c === 'string' ? c : c && typeof c === 'object' && !Array.isArray(c) && typeof c.candidate === 'string' ? c.candidate : undefined;
        const typ = typeof data?.type === 'string' ? data.type : line ? candidateType(line) : undefined;
        if (typ) pc.candidateTypes.add(typ);
        break;
      }
      case 'icecandidateerror':
        if (pc.candidateErrors.length < MAX_CANDIDATE_ERRORS) {
          pc.candidateErrors.push({
            t: ev.t,
            url: typeof data?.url === 'string' ? data.url : undefined,
            errorCode: typeof data?.errorCode === 'number' ? data.errorCode : undefined,
            errorText: typeof data?.errorText === 'string' ? data.errorText : undefined,
          });
        }
        break;
    }
  }

  private signal(s: Signal): void {
    if (s.type === 'call.state' && s.state === 'hangup') this.waiting.dropCall(s.call.id, s.index ?? Infinity);
    for (const r of this.rules) r.on?.(s, this.ctx);
  }

  private addFinding(f: Finding, key?: string): void {
    if (key !== undefined) {
      if (this.findingKeys.has(key)) return;
      this.findingKeys.add(key);
    }
    const n = this.perRule.get(f.rule) ?? 0;
    if (n >= MAX_FINDINGS_PER_RULE) {
      this.suppressedFindings++;
      return;
    }
    this.perRule.set(f.rule, n + 1);
    this.analysis.findings.push(f);
  }
}

/** An RTCSessionDescriptionInit as captured: only string fields are believed. */
function descriptionOf(v: Json | undefined): Description | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return { type: typeof v.type === 'string' ? v.type : undefined, sdp: typeof v.sdp === 'string' ? v.sdp : undefined };
}

function sdpOf(v: Json | undefined): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.sdp === 'string') return v.sdp;
  return undefined;
}
