/**
 * The Overview's call cards: one per call, most recent first, that stay after the call ended. The
 * figures come from the call summary (core); this module only arranges them into the words and
 * rows a card shows, so the card reads the same in the panel, the viewer and a screenshot.
 */
import type { CallInfo, PanelAnalysis, QualityPoint } from '../data/analysis-types.js';
import type { PageLoad } from '../../../core/capture/loads.js';
import { docPart } from '../../../core/capture/loads.js';
import { clock } from '../format.js';
import { duration } from '../time-stamp.js';
import { pendingAge, type Waiting } from '../../../core/protocol/pending.js';
import { describeCause, type CauseKind } from '../../../core/protocol/causes.js';

/** What a card needs to know about one call; core's per-call summary fills it. */
export interface CardSummary {
  /** "answered", "never answered", "rejected", "in progress"… */
  outcome: string;
  /** The cause in words when the call ended with one ("the far end was busy"). */
  causeText?: string;
  cause?: string;
  code?: number | string;
  endedBy?: 'local' | 'remote';
  endedAt?: number;
  /** Answer to hang-up, ms. */
  lengthMs?: number;
  toRingMs?: number;
  toAnswerMs?: number;
  toMediaMs?: number;
  quality: { label: string; unit: string; min: number; avg: number; max: number; digits?: number }[];
}

export interface CardFact {
  label: string;
  value: string;
  /** Full text for the tooltip when the value is abbreviated (times carry date and zone there). */
  title?: string;
}

export interface CallCard {
  id: string;
  live: boolean;
  startT: number;
  heading: string;
  /** "<call id> · outbound · active": the identifiers support quotes back to the SDK vendor. */
  idLine: string;
  /** "Answered" / "Never answered" / "Rejected"… capitalised for the card's first line. */
  outcome: string;
  tone: 'ok' | 'warn' | 'error' | 'live';
  /** "Ended 11:32:05" or "In progress · ringing". */
  status: string;
  /** The end with date and zone, for the tooltip. */
  statusTitle?: string;
  facts: CardFact[];
  quality: { label: string; min: string; avg: string; max: string }[];
  /** A request the call waits on: "telnyx_rtc.invite: no reply for 9.2 s". */
  pending?: string;
  /** Which page load the call belongs to, when the capture spans several. */
  load?: string;
  pcId?: string;
  inviteIndex?: number;
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The load a call's socket belonged to, named for people: "load 1 (earlier page) · https://…". */
export function loadLabel(socketId: string, loads: readonly PageLoad[]): string | undefined {
  if (loads.length < 2) return undefined;
  const doc = docPart(socketId);
  const load = loads.find((l) => l.docIds.includes(doc));
  if (!load) return undefined;
  const when = load.ordinal === loads.length ? 'current page' : 'earlier page load';
  return `load ${load.ordinal} (${when})${load.url ? ` · ${load.url}` : ''}`;
}

/** A request the call waits on (core's CallModel.awaiting). */
export type PendingRequest = Waiting & { method: string };

export function buildCard(
  call: CallInfo,
  summary: CardSummary,
  opts: { now: number; loads: readonly PageLoad[]; pending?: PendingRequest; stamp: (t: number) => string },
): CallCard {
  const live = call.state !== 'hangup';
  const who = call.direction === 'inbound' ? (call.caller ? `from ${call.caller}` : '') : call.destination ? `to ${call.destination}` : '';
  const dir = call.direction === 'unknown' ? 'Call' : `${cap(call.direction)} call`;
  const heading = [dir, who].filter(Boolean).join(' ');
  const facts: CardFact[] = [];
  if (!live) {
    const by = summary.endedBy === 'local' ? 'this page (local)' : summary.endedBy === 'remote' ? 'the far end (remote)' : 'unknown';
    facts.push({ label: 'Hung up by', value: by });
    const cause = [summary.causeText, summary.cause !== undefined || summary.code !== undefined ? `${summary.cause ?? ''}${summary.code !== undefined ? ` ${summary.code}` : ''}`.trim() : '']
      .filter(Boolean)
      .join(' · ');
    if (cause) facts.push({ label: 'Cause', value: cause });
  }
  facts.push({ label: 'Length', value: summary.lengthMs !== undefined ? duration(summary.lengthMs) : live ? 'not answered yet' : 'never answered' });
  facts.push({ label: 'Ringing after', value: summary.toRingMs !== undefined ? duration(summary.toRingMs) : '—' });
  facts.push({ label: 'Answered after', value: summary.toAnswerMs !== undefined ? duration(summary.toAnswerMs) : '—' });
  facts.push({ label: 'First media after', value: summary.toMediaMs !== undefined ? duration(summary.toMediaMs) : '—' });
  facts.push({ label: 'Started', value: clock(call.startT), title: opts.stamp(call.startT) });
  const endedAt = summary.endedAt ?? call.hangup?.t;
  const outcome = cap(summary.outcome);
  const lower = summary.outcome.toLowerCase();
  const tone: CallCard['tone'] = live ? 'live' : /never|reject|fail|busy|error/.test(lower) ? 'error' : /answered/.test(lower) ? 'ok' : 'warn';
  const card: CallCard = {
    id: call.id,
    live,
    startT: call.startT,
    heading,
    idLine: `${call.id} · ${call.direction} · ${call.state}`,
    outcome,
    tone,
    status: live ? `In progress · ${call.state}` : `Ended ${endedAt !== undefined ? clock(endedAt) : ''}`.trim(),
    ...(endedAt !== undefined && !live ? { statusTitle: `Ended ${opts.stamp(endedAt)}` } : {}),
    facts,
    quality: summary.quality.map((q) => {
      const f = (v: number) => `${v.toFixed(q.digits ?? 0)}${q.unit ? ` ${q.unit}` : ''}`;
      return { label: q.label, min: f(q.min), avg: f(q.avg), max: f(q.max) };
    }),
  };
  if (live && opts.pending) card.pending = `${opts.pending.method}: ${pendingAge(opts.pending, opts.now).text}`;
  const load = loadLabel(call.socketId, opts.loads);
  if (load) card.load = load;
  if (call.pcId) card.pcId = call.pcId;
  if (call.inviteIndex !== undefined) card.inviteIndex = call.inviteIndex;
  return card;
}

/** Most recent first: the call a support engineer asks about is usually the last one. */
export function orderCards(cards: CallCard[]): CallCard[] {
  return [...cards].sort((a, b) => b.startT - a.startT);
}

/**
 * Until core's per-call summary lands: the figures the call model already holds, without new logic.
 * Replaced by core/protocol/call-summary.ts.
 */
export function interimSummary(call: CallInfo, points: readonly QualityPoint[] | undefined): CardSummary {
  const answered = call.states.some((s) => s.state === 'active');
  const cause = call.hangup ? describeCause(call.hangup.cause, call.hangup.code, call.sdk === 'sip') : undefined;
  // The cause only tells why the far end refused; a page that gives up sends a cause of its own choosing
  // (Telnyx sends USER_BUSY when hanging up an unanswered call), which says nothing about the far end.
  const refusal = call.hangup?.by === 'remote' ? cause?.kind : undefined;
  const outcome = answered ? 'answered' : call.state === 'hangup' ? unansweredOutcome(refusal) : 'not answered yet';
  const s: CardSummary = { outcome, quality: [] };
  if (call.hangup) {
    s.endedBy = call.hangup.by;
    s.endedAt = call.hangup.t;
    if (call.hangup.cause !== undefined) s.cause = call.hangup.cause;
    if (call.hangup.code !== undefined) s.code = call.hangup.code;
    if (cause && cause.words !== call.hangup.cause) s.causeText = cause.words;
  }
  if (call.durationMs !== undefined) s.lengthMs = call.durationMs;
  // setupMs is the first sign of life, which may be the answer itself: only a ring counts as ringing.
  const ring = call.states.find((x) => x.state === 'ringing' || x.state === 'early');
  if (ring) s.toRingMs = ring.t - call.startT;
  if (call.answerMs !== undefined) s.toAnswerMs = call.answerMs;
  const series = (label: string, unit: string, pick: (p: QualityPoint) => number | undefined, digits = 0) => {
    const vals = (points ?? []).map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (vals.length === 0) return;
    const sum = vals.reduce((x, y) => x + y, 0);
    s.quality.push({ label, unit, min: Math.min(...vals), avg: sum / vals.length, max: Math.max(...vals), digits });
  };
  series('Audio in', 'kbps', (p) => p.audioInKbps);
  series('Audio out', 'kbps', (p) => p.audioOutKbps);
  series('Video in', 'kbps', (p) => (p.videoIn ? p.videoInKbps : undefined));
  series('Video out', 'kbps', (p) => (p.videoOut ? p.videoOutKbps : undefined));
  series('Loss in', '%', (p) => p.lossInPct, 1);
  series('Loss out', '%', (p) => p.lossOutPct, 1);
  series('Jitter in', 'ms', (p) => p.jitterMs);
  series('RTT', 'ms', (p) => p.rttMs);
  series('MOS', '', (p) => p.mos, 2);
  return s;
}

function unansweredOutcome(kind: CauseKind | undefined): string {
  switch (kind) {
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
    case 'unreachable':
      return 'not reachable';
    case 'failure':
      return 'failed';
    default:
      return 'never answered';
  }
}

/** The request a live call is waiting on: its invite, while no reply has come (core tracks it). */
export function pendingOf(call: CallInfo): PendingRequest | undefined {
  return call.state === 'hangup' ? undefined : call.awaiting;
}

/** Every call of the analysis as a card, most recent first. */
export function cardsOf(analysis: PanelAnalysis, opts: { now: number; loads: readonly PageLoad[]; stamp: (t: number) => string }): CallCard[] {
  return orderCards(
    analysis.calls.map((call) =>
      buildCard(call, interimSummary(call, call.pcId ? analysis.quality[call.pcId] : undefined), { ...opts, pending: pendingOf(call) }),
    ),
  );
}
