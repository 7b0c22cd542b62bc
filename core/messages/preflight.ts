/**
 * The panel's preflight run inside the inspected page, on PREFLIGHT_PORT ports (one per run and hop):
 *
 *   panel --PreflightRelay{tabId, message: PreflightStart}--> worker
 *   worker --PreflightStart (the same message, validated)--> top-frame bridge (tabs.connect, frameId 0)
 *   bridge --PreflightReply / PreflightAlive--> worker --PreflightReply--> panel
 *
 * The worker nests nothing of its own into what it relays: the start travels whole inside the
 * panel's relay request, and replies go back as they came (after validation). Every hop validates
 * what it receives; disconnecting a port cancels the run.
 */
import type { PreflightEvent } from '../preflight/types.js';
import { parseWireConfig, type WireConfig } from '../preflight/remote.js';
import { PREFLIGHT_MESSAGE_TYPE, PREFLIGHT_PROTOCOL_VERSION, type Version } from './versions.js';

interface Base {
  type: typeof PREFLIGHT_MESSAGE_TYPE;
  v: Version<'preflight'>;
}

/** Start a run in this page (worker -> bridge), carried whole inside a PreflightRelay from the panel. */
export interface PreflightStart extends Base {
  op: 'start';
  runId: string;
  config: WireConfig;
}
/** panel -> worker: run `message` in the top frame of tab `tabId`. */
export interface PreflightRelay extends Base {
  op: 'relay';
  tabId: number;
  message: PreflightStart;
}
export interface PreflightEventReply extends Base {
  op: 'event';
  runId: string;
  event: PreflightEvent;
}
export interface PreflightErrorReply extends Base {
  op: 'error';
  runId: string;
  message: string;
}
/**
 * bridge -> worker while a check waits without progress (a permission prompt): it keeps an idle
 * worker or event page from being unloaded. The worker drops it; it never reaches the panel.
 */
export interface PreflightAlive extends Base {
  op: 'alive';
  runId: string;
}
/** What the bridge answers and the worker relays to the panel. */
export type PreflightReply = PreflightEventReply | PreflightErrorReply;

export type PanelToWorkerPreflight = PreflightRelay;
export type WorkerToBridgePreflight = PreflightStart;
export type BridgeToWorkerPreflight = PreflightReply | PreflightAlive;
export type WorkerToPanelPreflight = PreflightReply;

/** A result carries codec lists and per-check metrics; far below this. */
const MAX_REPLY_CHARS = 512 * 1024;

function obj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function isRunId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= 200;
}
function ours(x: unknown): x is Record<string, unknown> {
  return obj(x) && x.type === PREFLIGHT_MESSAGE_TYPE && x.v === PREFLIGHT_PROTOCOL_VERSION;
}

/** Validates a start (what the bridge receives, and what a relay carries); a clean copy or null. */
export function parsePreflightStart(x: unknown): PreflightStart | null {
  if (!ours(x) || x.op !== 'start' || !isRunId(x.runId)) return null;
  const config = parseWireConfig(x.config);
  if (!config) return null;
  return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'start', runId: x.runId, config };
}

/** Validates the panel's request to the worker, the start it carries included; null for anything else. */
export function parsePreflightRelay(x: unknown): PreflightRelay | null {
  if (!ours(x) || x.op !== 'relay') return null;
  if (typeof x.tabId !== 'number' || !Number.isInteger(x.tabId) || x.tabId < 0) return null;
  const message = parsePreflightStart(x.message);
  return message ? { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'relay', tabId: x.tabId, message } : null;
}

/** The run id a refused relay request named, so the refusal reaches the run that asked. */
export function claimedRunId(x: unknown): string {
  const runId = obj(x) && obj(x.message) ? x.message.runId : undefined;
  return typeof runId === 'string' ? runId.slice(0, 200) : 'invalid';
}

const EVENT_TYPES = new Set(['start', 'check-start', 'progress', 'check-done', 'done']);

function eventOf(x: unknown): PreflightEvent | null {
  if (!obj(x) || typeof x.type !== 'string' || !EVENT_TYPES.has(x.type)) return null;
  if (x.type === 'start' && !Array.isArray(x.checks)) return null;
  if ((x.type === 'check-start' || x.type === 'progress') && typeof x.id !== 'string') return null;
  if (x.type === 'progress' && typeof x.fraction !== 'number') return null;
  if (x.type === 'check-done' && (!obj(x.result) || typeof x.result.id !== 'string' || typeof x.result.status !== 'string')) return null;
  if (x.type === 'done' && (!obj(x.result) || !Array.isArray(x.result.checks))) return null;
  return x as unknown as PreflightEvent;
}

/** Validates a reply for the run `runId` (keep-alives included: null); null for anything else. Never throws. */
export function parsePreflightReply(x: unknown, runId: string): PreflightReply | null {
  try {
    if (!ours(x) || x.runId !== runId) return null;
    if (x.op === 'error') {
      return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'error', runId, message: typeof x.message === 'string' ? x.message.slice(0, 2000) : 'unknown error' };
    }
    if (x.op !== 'event' || JSON.stringify(x.event).length > MAX_REPLY_CHARS) return null;
    const event = eventOf(x.event);
    return event ? { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'event', runId, event } : null;
  } catch {
    return null;
  }
}

export function startMessage(runId: string, config: WireConfig): PreflightStart {
  return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'start', runId, config };
}
export function relayMessage(tabId: number, message: PreflightStart): PreflightRelay {
  return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'relay', tabId, message };
}
export function eventReply(runId: string, event: PreflightEvent): PreflightEventReply {
  return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'event', runId, event };
}
export function errorReply(runId: string, message: string): PreflightErrorReply {
  return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'error', runId, message };
}
export function aliveMessage(runId: string): PreflightAlive {
  return { type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION, op: 'alive', runId };
}
