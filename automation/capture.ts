/**
 * One tab's capture as plain data for a test or an agent: what `rtc.capture(page)` returns. Pure: it
 * takes the snapshot a panel would receive and runs core's analyzer over it exactly as the panel does
 * (events in order, then the clock), so what a test asserts is what the panel shows.
 */
import { analyzeEvents } from '../core/api.js';
import type { CaptureEvent } from '../core/capture/events.js';
import { buildCaptureModel, type CaptureModel } from '../core/capture/model.js';
import { summarizeCall, type CallSummary } from '../core/protocol/call-summary.js';
import type { Analysis, CallModel, ConnectionSession, Finding, PendingRequest, SdkInfo } from '../core/protocol/types.js';
import type { QualitySample } from '../core/quality/types.js';
import type { CaptureSnapshot } from './in-extension-page.js';

export type Severity = Finding['severity'];
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** A call as the analysis has it, without SDP and candidates (secrets and bulk), with its summary. */
export type RtcCall = Omit<CallModel, 'offerSdp' | 'answerSdp' | 'candidates'> & { summary: CallSummary };

export interface RtcSocket {
  id: string;
  url: string;
  state: 'connecting' | 'open' | 'closed';
  /** Frames the page sent and received. */
  sent: number;
  received: number;
  bytesSent: number;
  bytesReceived: number;
  closedBy?: string;
  close?: { code: number; reason: string; wasClean: boolean; initiator: 'page' | 'remote' };
}

export interface RtcPeerConnection {
  id: string;
  connectionState: string;
  iceConnectionState: string;
  signalingState: string;
  iceGatheringState: string;
  closedBy?: string;
  /** The last one-second stats summary (rates, loss, jitter, RTT, MOS); absent before the first two samples. */
  lastStats?: QualitySample;
  statsSamples: number;
}

export interface RtcCapture {
  sdks: SdkInfo[];
  connections: ConnectionSession[];
  calls: RtcCall[];
  findings: Finding[];
  sockets: RtcSocket[];
  peerConnections: RtcPeerConnection[];
  /** Requests still waiting for a reply. */
  pending: PendingRequest[];
  /** What the extension's per-tab cap or a hop refused (counted, never silent). */
  dropped: CaptureSnapshot['dropped'];
  /** Events read. */
  events: number;
}

export interface AnalyzedCapture {
  snapshot: CaptureSnapshot;
  analysis: Analysis;
  model: CaptureModel;
}

/** The analysis the panel would show for `snapshot` at time `now` (its clock lets time-outs fire). */
export function analyzeSnapshot(snapshot: CaptureSnapshot, now: number = Date.now()): AnalyzedCapture {
  const events = snapshot.events as readonly CaptureEvent[];
  const analysis = analyzeEvents(events, now);
  const model = buildCaptureModel(events, snapshot.docs);
  return { snapshot, analysis, model };
}

export function captureView({ snapshot, analysis, model }: AnalyzedCapture): RtcCapture {
  return {
    sdks: analysis.sdks,
    connections: analysis.connections,
    calls: analysis.calls.map((c) => {
      const { offerSdp: _o, answerSdp: _a, candidates: _c, ...rest } = c;
      return { ...rest, summary: summarizeCall(c, analysis, model) };
    }),
    findings: analysis.findings,
    sockets: [...model.sockets.values()].map((s) => ({
      id: s.id,
      url: s.url,
      state: s.state,
      sent: s.sent,
      received: s.received,
      bytesSent: s.bytesSent,
      bytesReceived: s.bytesReceived,
      ...(s.closedBy ? { closedBy: s.closedBy } : {}),
      ...(s.close ? { close: s.close } : {}),
    })),
    peerConnections: [...model.peerConnections.values()].map((pc) => {
      const series = analysis.quality[pc.id];
      return {
        id: pc.id,
        connectionState: pc.connectionState,
        iceConnectionState: pc.iceConnectionState,
        signalingState: pc.signalingState,
        iceGatheringState: pc.iceGatheringState,
        ...(pc.closedBy ? { closedBy: pc.closedBy } : {}),
        ...(series?.latest ? { lastStats: series.latest } : {}),
        statsSamples: (series?.samples.length ?? 0) + (series?.dropped ?? 0),
      };
    }),
    pending: analysis.pending,
    dropped: snapshot.dropped,
    events: snapshot.events.length,
  };
}

/** Findings at `min` or above ('info' keeps all). */
export function findingsAtLeast(findings: readonly Finding[], min: Severity = 'info'): Finding[] {
  const floor = SEVERITIES.indexOf(min);
  return findings.filter((f) => SEVERITIES.indexOf(f.severity) >= floor);
}

export function isSeverity(x: unknown): x is Severity {
  return typeof x === 'string' && (SEVERITIES as readonly string[]).includes(x);
}

/** What a test or a tool may say to pick a call: its state, id, destination, or a predicate. */
export interface CallMatch {
  state?: CallModel['state'];
  id?: string;
  destination?: string;
  direction?: CallModel['direction'];
}

export function callMatches(call: Pick<RtcCall, 'state' | 'id' | 'destination' | 'direction'>, m: CallMatch): boolean {
  return (
    (m.state === undefined || call.state === m.state) &&
    (m.id === undefined || call.id === m.id) &&
    (m.destination === undefined || call.destination === m.destination) &&
    (m.direction === undefined || call.direction === m.direction)
  );
}

/** What a test may say to pick a finding: rule, minimum severity, or text its message contains. */
export interface FindingMatch {
  rule?: string;
  minSeverity?: Severity;
  message?: string | RegExp;
}

export function findingMatches(f: Finding, m: FindingMatch): boolean {
  if (m.rule !== undefined && f.rule !== m.rule) return false;
  if (m.minSeverity !== undefined && SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(m.minSeverity)) return false;
  if (m.message instanceof RegExp) return m.message.test(f.message);
  if (typeof m.message === 'string') return f.message.includes(m.message);
  return true;
}

/** One line per call, for a failure message: "call 1a2b… (outbound to 5151): active". */
export function describeCalls(calls: readonly Pick<RtcCall, 'id' | 'state' | 'direction' | 'destination'>[]): string {
  if (calls.length === 0) return 'no calls captured';
  return calls.map((c) => `call ${c.id} (${c.direction}${c.destination ? ` to ${c.destination}` : ''}): ${c.state}`).join('\n');
}

export function describeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  return findings.map((f) => `${f.severity}: [${f.rule}] ${f.message}`).join('\n');
}
