/**
 * The Overview's call cards: one per call, most recent first, that stay after the call ended. The
 * figures come from the call summary (core); this module only arranges them into the words and
 * rows a card shows, so the card reads the same in the panel, the viewer and a screenshot.
 */
import type { CallModel } from '../../core/protocol/types.js';
import type { PageLoad } from '../../core/capture/loads.js';
import { docPart } from '../../core/capture/loads.js';
import { clock } from '../format.js';
import { duration } from '../time-stamp.js';
import { pendingAge, type Waiting } from '../../core/protocol/pending.js';
import { summarizeCall, type CallSummary, type SummaryCapture } from '../../core/protocol/call-summary.js';
import type { QualitySeries } from '../../core/quality/types.js';

/** What a card needs to know about one call: core's per-call summary (call-summary.ts) in the card's terms. */
export interface CardSummary {
  /** "answered", "never answered", "rejected", "not answered yet"… */
  outcome: string;
  /** Core's sentence for the outcome ("never answered: hung up here"), for the tooltip. */
  outcomeText?: string;
  /** The call is over (a hang-up, or the page that held it went away). */
  ended: boolean;
  /** The cause in words when the call ended with one ("the far end was busy"). */
  causeText?: string;
  cause?: string;
  code?: number | string;
  endedBy?: 'local' | 'remote' | 'page-unloaded';
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
  /** The outcome as a sentence, for the tooltip. */
  outcomeText?: string;
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
  call: CallModel,
  summary: CardSummary,
  opts: { now: number; loads: readonly PageLoad[]; pending?: PendingRequest; stamp: (t: number) => string },
): CallCard {
  const live = !summary.ended;
  const who = call.direction === 'inbound' ? (call.caller ? `from ${call.caller}` : '') : call.destination ? `to ${call.destination}` : '';
  const dir = call.direction === 'unknown' ? 'Call' : `${cap(call.direction)} call`;
  const heading = [dir, who].filter(Boolean).join(' ');
  const facts: CardFact[] = [];
  if (!live) {
    const by =
      summary.endedBy === 'local'
        ? 'this page (local)'
        : summary.endedBy === 'remote'
          ? 'the far end (remote)'
          : summary.endedBy === 'page-unloaded'
            ? 'nobody: the page went away'
            : 'unknown';
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
  const endedAt = summary.endedAt;
  const outcome = cap(summary.outcome);
  const lower = summary.outcome.toLowerCase();
  const tone: CallCard['tone'] = live ? 'live' : /never|reject|fail|busy|reach/.test(lower) ? 'error' : /answered/.test(lower) ? 'ok' : 'warn';
  const card: CallCard = {
    id: call.id,
    live,
    startT: call.startT,
    heading,
    idLine: `${call.id} · ${call.direction} · ${call.state}`,
    outcome,
    ...(summary.outcomeText ? { outcomeText: summary.outcomeText } : {}),
    tone,
    status: live ? `In progress · ${call.state}` : summary.endedBy === 'page-unloaded' ? `Ended with the page ${endedAt !== undefined ? clock(endedAt) : ''}`.trim() : `Ended ${endedAt !== undefined ? clock(endedAt) : ''}`.trim(),
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

/** The request a live call is waiting on: its invite, while no reply has come (core tracks it). */
export function pendingOf(call: CallModel): PendingRequest | undefined {
  return call.state === 'hangup' ? undefined : call.awaiting;
}

const OUTCOME_WORDS: Record<CallSummary['outcome'], string> = {
  'in-progress': 'not answered yet',
  answered: 'answered',
  'never-answered': 'never answered',
  busy: 'busy',
  rejected: 'rejected',
  unreachable: 'not reachable',
  failed: 'failed',
};

/** Core's summary in the card's terms: the figures are core's, only the words for the card are chosen here. */
export function cardSummary(s: CallSummary): CardSummary {
  const out: CardSummary = { outcome: OUTCOME_WORDS[s.outcome], outcomeText: s.outcomeText, ended: s.endedAt !== undefined, quality: [] };
  if (s.hungUpBy) out.endedBy = s.hungUpBy;
  if (s.endedAt !== undefined) out.endedAt = s.endedAt;
  if (s.cause) {
    if (s.cause.name !== undefined) out.cause = s.cause.name;
    if (s.cause.code !== undefined) out.code = s.cause.code;
    if (s.cause.words && s.cause.words !== s.cause.name) out.causeText = s.cause.words;
  }
  if (s.lengthMs !== undefined) out.lengthMs = s.lengthMs;
  if (s.timeToRingMs !== undefined) out.toRingMs = s.timeToRingMs;
  if (s.timeToAnswerMs !== undefined) out.toAnswerMs = s.timeToAnswerMs;
  if (s.timeToMediaMs !== undefined) out.toMediaMs = s.timeToMediaMs;
  out.quality = s.quality.map((q) => ({ label: q.label, unit: q.unit, min: q.min, avg: q.avg, max: q.max, digits: q.digits }));
  return out;
}

export interface CardInputs {
  /** The analyzer's own quality series (not the panel's flattened points): what core's summary reads. */
  quality?: Record<string, QualitySeries>;
  /** The capture model: peer connection logs and closes, socket closes. */
  capture?: SummaryCapture;
  now: number;
  loads: readonly PageLoad[];
  stamp: (t: number) => string;
}

/** One call's card. */
export function cardOf(call: CallModel, inputs: CardInputs): CallCard {
  const summary = summarizeCall(call, { quality: inputs.quality ?? {} }, inputs.capture);
  return buildCard(call, cardSummary(summary), { now: inputs.now, loads: inputs.loads, stamp: inputs.stamp, pending: pendingOf(call) });
}

/** Every call as a card, most recent first. */
export function cardsOf(calls: readonly CallModel[], inputs: CardInputs): CallCard[] {
  return orderCards(calls.map((call) => cardOf(call, inputs)));
}

/** What the capture header says, for the copied summary (see capture-info.ts). */
export interface CopyContext {
  page?: string;
  browser?: string;
  timeZone?: string;
}

/**
 * The card as plain text for a ticket or a chat: every time with its date and zone (a pasted clock time
 * is ambiguous), the figures in the card's order, and where the capture came from.
 */
export function cardText(card: CallCard, ctx: CopyContext = {}): string {
  const lines = [`${card.heading}: ${card.outcome}${card.outcomeText ? ` (${card.outcomeText})` : ''}`, `Call id: ${card.id}`];
  lines.push(card.statusTitle ?? card.status);
  if (card.pending) lines.push(`Waiting: ${card.pending}`);
  for (const f of card.facts) lines.push(`${f.label}: ${f.title ?? f.value}`);
  if (card.quality.length) {
    lines.push('Quality (min / avg / max):');
    for (const q of card.quality) lines.push(`  ${q.label}: ${q.min} / ${q.avg} / ${q.max}`);
  }
  if (card.load) lines.push(`Page load: ${card.load}`);
  if (ctx.page) lines.push(`Page: ${ctx.page}`);
  if (ctx.browser) lines.push(`Browser: ${ctx.browser}`);
  if (ctx.timeZone) lines.push(`Time zone: ${ctx.timeZone}`);
  // Page text could carry control characters; a pasted summary must not carry them into a terminal.
  // eslint-disable-next-line no-control-regex
  return lines.map((l) => l.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')).join('\n');
}
