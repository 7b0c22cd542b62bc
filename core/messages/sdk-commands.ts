/**
 * SDK commands, panel -> page hook and results back (see core/sdk/commands.ts for the commands):
 *
 *   panel  --runtime.sendMessage(PanelCommandMessage{tabId, command})--> service worker
 *   worker --tabs.sendMessage(TabCommandMessage{command})-->              bridge (every frame)
 *   bridge --window.postMessage(BridgeCommandMessage{command})-->         page hook (MAIN world)
 *   hook   --sdk.event 'command.result' (SdkCommandResult), in the capture--> bridge, which answers
 *          the pending tabs.sendMessage; the worker answers the panel's sendMessage with it.
 *
 * Each relay carries the command whole (`command`), never its fields re-listed. Every message is
 * versioned and validated on receipt: the window channel is shared with page script, so anything
 * arriving there may be forged.
 */
import type { Json } from '../capture/events.js';
import { SDK_COMMANDS, type SdkCommandName } from '../sdk/commands.js';
import { BRIDGE_MESSAGE_SOURCE, RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION, type Version } from './versions.js';

/** The command itself, as the hook receives it (inside BridgeCommandMessage). */
export interface SdkCommand {
  v: Version<'sdkCommand'>;
  type: 'sdk.command';
  /** Unique per request; the result carries it back. */
  reqId: string;
  /** sdk.found id as the panel sees it (the hook also accepts it with a prefix added downstream). */
  sdkId: string;
  command: SdkCommandName;
  /** JSON arguments; see docs/sdk-hook.md for what each command takes. */
  args: Json[];
}

export interface SdkCommandResult {
  reqId: string;
  ok: boolean;
  value?: Json;
  error?: { name: string; message: string };
  durationMs?: number;
}

/** bridge -> hook (window message): the command whole, tagged so the hook tells it from page messages. */
export interface BridgeCommandMessage {
  source: typeof BRIDGE_MESSAGE_SOURCE;
  command: SdkCommand;
}
export interface PanelCommandMessage {
  type: typeof RUNTIME_COMMAND_TYPE;
  v: Version<'sdkCommand'>;
  tabId: number;
  command: SdkCommand;
}
export interface TabCommandMessage {
  type: typeof RUNTIME_COMMAND_TYPE;
  v: Version<'sdkCommand'>;
  command: SdkCommand;
}

const MAX_ID = 200;
const MAX_ARGS_CHARS = 16 * 1024;

function isId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_ID;
}

function isJson(x: unknown, depth = 0): x is Json {
  if (depth > 10) return false;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((i) => isJson(i, depth + 1));
  if (typeof x === 'object') {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(x as object).every((i) => isJson(i, depth + 1));
  }
  return false;
}

/** Validates a command's shape; returns a clean copy or null. Never throws. */
export function parseSdkCommand(x: unknown): SdkCommand | null {
  try {
    if (!x || typeof x !== 'object') return null;
    const m = x as Record<string, unknown>;
    if (m.v !== SDK_COMMAND_VERSION || m.type !== 'sdk.command') return null;
    if (!isId(m.reqId) || !isId(m.sdkId)) return null;
    if (typeof m.command !== 'string' || !(SDK_COMMANDS as readonly string[]).includes(m.command)) return null;
    const args = m.args === undefined ? [] : m.args;
    if (!Array.isArray(args) || args.length > 8 || !isJson(args)) return null;
    if (JSON.stringify(args).length > MAX_ARGS_CHARS) return null;
    return { v: SDK_COMMAND_VERSION, type: 'sdk.command', reqId: m.reqId, sdkId: m.sdkId, command: m.command as SdkCommandName, args: args as Json[] };
  } catch {
    return null;
  }
}

/** A window message from the bridge carrying a command, or null if it isn't one. Never throws. */
export function parseBridgeCommandMessage(x: unknown): SdkCommand | null {
  // Everything read off the page's object stays inside the try: its getters may throw, and so does
  // reading a property of null or undefined (a primitive has no `source`). Kept this terse because
  // it ships in the page hook, which has a size budget.
  try {
    const m = x as Record<string, unknown>;
    return m.source === BRIDGE_MESSAGE_SOURCE ? parseSdkCommand(m.command) : null;
  } catch {
    return null;
  }
}

export function parsePanelCommandMessage(x: unknown): PanelCommandMessage | null {
  if (!x || typeof x !== 'object') return null;
  const m = x as Record<string, unknown>;
  if (m.type !== RUNTIME_COMMAND_TYPE || m.v !== SDK_COMMAND_VERSION) return null;
  if (typeof m.tabId !== 'number' || !Number.isInteger(m.tabId) || m.tabId < 0) return null;
  const command = parseSdkCommand(m.command);
  return command ? { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, tabId: m.tabId, command } : null;
}

export function parseTabCommandMessage(x: unknown): TabCommandMessage | null {
  if (!x || typeof x !== 'object') return null;
  const m = x as Record<string, unknown>;
  if (m.type !== RUNTIME_COMMAND_TYPE || m.v !== SDK_COMMAND_VERSION) return null;
  const command = parseSdkCommand(m.command);
  return command ? { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, command } : null;
}

/** Validates a command result (from an sdk.event or a relay's reply). */
export function parseCommandResult(x: unknown): SdkCommandResult | null {
  if (!x || typeof x !== 'object') return null;
  const m = x as Record<string, unknown>;
  if (!isId(m.reqId) || typeof m.ok !== 'boolean') return null;
  const out: SdkCommandResult = { reqId: m.reqId, ok: m.ok };
  if (m.ok) out.value = isJson(m.value) ? m.value : null;
  else {
    const e = m.error as Record<string, unknown> | undefined;
    out.error = {
      name: typeof e?.name === 'string' ? e.name.slice(0, 100) : 'Error',
      message: typeof e?.message === 'string' ? e.message.slice(0, 2000) : 'unknown error',
    };
  }
  if (typeof m.durationMs === 'number' && Number.isFinite(m.durationMs)) out.durationMs = m.durationMs;
  return out;
}

export function failure(reqId: string, name: string, message: string, durationMs?: number): SdkCommandResult {
  const r: SdkCommandResult = { reqId, ok: false, error: { name, message } };
  if (durationMs !== undefined) r.durationMs = durationMs;
  return r;
}

let counter = 0;
/** A request id unique enough across panels and reloads. */
export function newReqId(): string {
  counter += 1;
  return `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${counter}`;
}

export function makeCommand(sdkId: string, command: SdkCommandName, args: Json[] = [], reqId = newReqId()): SdkCommand {
  return { v: SDK_COMMAND_VERSION, type: 'sdk.command', reqId, sdkId, command, args };
}
