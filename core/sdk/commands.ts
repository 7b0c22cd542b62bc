/**
 * Commands that run an SDK's own diagnostics inside the page, and the messages that carry them:
 *
 *   panel --runtime.sendMessage(PanelCommandMessage)--> service worker
 *         --tabs.sendMessage(TabCommandMessage)-->      bridge (isolated world, every frame)
 *         --window.postMessage(BridgeCommandMessage)--> page hook (MAIN world)
 *   hook runs client.preflight() / getDeviceCapabilities() / exportDiagnostics() and emits
 *   sdk.event {name: 'command.result', data: SdkCommandResult}; that travels with the capture
 *   (so it is recorded and exported) and the bridge, which watches its hook's batches, answers
 *   the pending tabs.sendMessage with it.
 *
 * Every message is versioned and validated on receipt: the window channel is shared with page
 * script, so anything arriving there may be forged.
 */
import type { Json } from '../capture/events.js';

export const SDK_COMMAND_VERSION = 1 as const;
/** `source` tag of window messages from the isolated-world bridge to the MAIN-world hook. */
export const BRIDGE_MESSAGE_SOURCE = 'rtc-devtools-bridge' as const;
/** `type` of the runtime messages panel -> worker -> bridge. */
export const RUNTIME_COMMAND_TYPE = 'rtc-devtools/sdk-command' as const;
/** sdk.event name carrying a command's outcome. */
export const COMMAND_RESULT_EVENT = 'command.result' as const;

export const SDK_COMMANDS = ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'] as const;
export type SdkCommandName = (typeof SDK_COMMANDS)[number];

/** The command itself, as the hook receives it (inside BridgeCommandMessage). */
export interface SdkCommand {
  v: typeof SDK_COMMAND_VERSION;
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

export interface BridgeCommandMessage extends SdkCommand {
  source: typeof BRIDGE_MESSAGE_SOURCE;
}
export interface PanelCommandMessage {
  type: typeof RUNTIME_COMMAND_TYPE;
  v: typeof SDK_COMMAND_VERSION;
  tabId: number;
  command: SdkCommand;
}
export interface TabCommandMessage {
  type: typeof RUNTIME_COMMAND_TYPE;
  v: typeof SDK_COMMAND_VERSION;
  command: SdkCommand;
}

const MAX_ID = 200;
const MAX_ARGS_CHARS = 16 * 1024;

/**
 * How long the hook lets each command run. preflight dials a media test (10 s by default in
 * the 4.x SDK, plus ICE gathering), so it gets longer than the instant ones.
 */
export function hookTimeoutMs(command: SdkCommandName): number {
  return command === 'preflight' ? 60_000 : 20_000;
}
/** Each hop waits a little longer than the one it forwards to, so the innermost time-out is the one reported. */
export function relayTimeoutMs(command: SdkCommandName, hop: 'bridge' | 'worker' | 'panel'): number {
  const extra = hop === 'bridge' ? 3_000 : hop === 'worker' ? 6_000 : 9_000;
  return hookTimeoutMs(command) + extra;
}

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

/** A window message from the bridge carrying a command, or null if it isn't one. */
export function parseBridgeCommandMessage(x: unknown): SdkCommand | null {
  if (!x || typeof x !== 'object') return null;
  try {
    if ((x as Record<string, unknown>).source !== BRIDGE_MESSAGE_SOURCE) return null;
  } catch {
    return null;
  }
  return parseSdkCommand(x);
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

/**
 * Whether a command addressed to `requested` targets the instance the hook knows as `local`.
 * Downstream stages may prefix ids (e.g. with a frame key); hook ids carry a random token, so a
 * suffix match after a separator cannot hit another instance.
 */
export function sdkIdMatches(requested: string, local: string): boolean {
  if (requested === local) return true;
  if (!requested.endsWith(local)) return false;
  const sep = requested.charAt(requested.length - local.length - 1);
  return sep === ':' || sep === '/' || sep === '|';
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
