/**
 * Panel <-> service worker, on the runtime port PANEL_PORT: the panel subscribes to one tab and may
 * clear it or keep its log across reloads; the worker streams that tab's capture. Only extension
 * pages may open this port (the worker checks the sender's URL).
 */
import type { DocInfo, DropCounts, StoredEvent } from '../capture/events.js';
import { PORT_PROTOCOL_VERSION, type Version } from './versions.js';
import { parsePanelFaultMessage, type PanelFaultMessage, type WorkerFaultReply } from './faults.js';

// ---- panel -> service worker ----
export interface PanelSubscribe {
  type: 'subscribe';
  v: Version<'panel'>;
  tabId: number;
}
export interface PanelSetPreserveLog {
  type: 'preserve-log';
  v: Version<'panel'>;
  tabId: number;
  preserve: boolean;
}
export interface PanelClear {
  type: 'clear';
  v: Version<'panel'>;
  tabId: number;
}
/** Fault orders (Simulate) ride this port too, from any extension page: see ./faults.ts. */
export type PanelToWorker = PanelSubscribe | PanelSetPreserveLog | PanelClear | PanelFaultMessage;

// ---- service worker -> panel ----
/** Sent on subscribe (possibly split into several with `done: false` for large captures). */
export interface WorkerSnapshot {
  type: 'snapshot';
  v: Version<'panel'>;
  tabId: number;
  docs: DocInfo[];
  events: StoredEvent[];
  dropped: DropCounts;
  preserveLog: boolean;
  /** False while more snapshot chunks follow. */
  done: boolean;
}
/** Live events appended after the snapshot. */
export interface WorkerEvents {
  type: 'events';
  v: Version<'panel'>;
  tabId: number;
  events: StoredEvent[];
  dropped: DropCounts;
}
/** A document started (new page load or a new frame). When `reset` the panel drops its view (reload without preserve log). */
export interface WorkerDoc {
  type: 'doc';
  v: Version<'panel'>;
  tabId: number;
  doc: DocInfo;
  reset: boolean;
}
export interface WorkerCleared {
  type: 'cleared';
  v: Version<'panel'>;
  tabId: number;
}
export type WorkerToPanel = WorkerSnapshot | WorkerEvents | WorkerDoc | WorkerCleared | WorkerFaultReply;

function obj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Panel -> worker: a clean copy, or undefined for anything else. The sender is checked by the worker. */
export function parsePanelMessage(m: unknown): PanelToWorker | undefined {
  if (!obj(m)) return undefined;
  const x = m;
  if (x.v !== PORT_PROTOCOL_VERSION || !Number.isSafeInteger(x.tabId)) return undefined;
  const tabId = x.tabId as number;
  switch (x.type) {
    case 'subscribe':
      return { type: 'subscribe', v: PORT_PROTOCOL_VERSION, tabId };
    case 'clear':
      return { type: 'clear', v: PORT_PROTOCOL_VERSION, tabId };
    case 'preserve-log':
      return typeof x.preserve === 'boolean' ? { type: 'preserve-log', v: PORT_PROTOCOL_VERSION, tabId, preserve: x.preserve } : undefined;
    case 'fault.arm':
    case 'fault.stop':
      return parsePanelFaultMessage(x, tabId);
    default:
      return undefined;
  }
}

/**
 * Worker -> panel, for the panel subscribed to `tabId`: the panel trusts its own extension's worker,
 * so it checks the version and the tab only (a port carries one tab; anything else is stale).
 */
export function parseWorkerMessage(msg: unknown, tabId: number): WorkerToPanel | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as { v?: unknown; tabId?: unknown; type?: unknown };
  return m.v === PORT_PROTOCOL_VERSION && m.tabId === tabId && typeof m.type === 'string' ? (msg as WorkerToPanel) : undefined;
}
