/**
 * Shared state of SDK discovery in one document: instance ids, the emit function, pristine
 * timers, and the command handlers each observed client offers. Everything that touches page
 * objects goes through `safely` so a hostile or broken SDK can never make the hook throw.
 */
import { onRestore } from '../restore.js';
import type { CaptureEvent, Json } from '../../../core/capture/events.js';
import { SDK_COMMANDS, type SdkCommandName } from '../../../core/sdk/commands.js';
import { toSafeJson, type SafeJsonLimits } from '../../../core/sdk/safeJson.js';

export type CommandHandler = (args: Json[]) => Promise<unknown> | unknown;
export type Commands = Partial<Record<SdkCommandName, CommandHandler>>;

export interface Instance {
  id: string;
  sdk: string;
  commands: Commands;
}

export interface FoundInfo {
  sdk: string;
  version: string;
  via: 'global' | 'register' | 'constructor' | 'traffic';
  detail?: Json;
}

/** Limits for state events: small, they stream continuously. */
export const EVENT_LIMITS: Partial<SafeJsonLimits> = { maxDepth: 5, maxItems: 50, maxString: 1000, maxTotal: 16 * 1024 };

export interface Ctx {
  win: typeof globalThis;
  now(): number;
  setInterval(fn: () => void, ms: number): number;
  clearInterval(id: number): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /**
   * Emits sdk.found for a client (once per object) and returns its id. With `commands`, the
   * event's detail lists the ones present (detail.commands), so the panel offers exactly those.
   */
  found(target: object, info: FoundInfo, commands?: Commands): string;
  /** The id already given to this object, if any. */
  idOf(target: object): string | undefined;
  event(id: string, name: string, data: unknown, limits?: Partial<SafeJsonLimits>): void;
  instances(): Iterable<Instance>;
  /** Called once, the first time any instance is found (installs the command listener lazily). */
  onFirstInstance(fn: () => void): void;
}

export function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function isRecord(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The commands a handler map holds, in the protocol's order: the list the panel shows buttons for. */
export function offeredCommands(commands: Commands): SdkCommandName[] {
  return SDK_COMMANDS.filter((c) => typeof commands[c] === 'function');
}

/** True if the page object has a callable `name` (own or inherited); a throwing getter counts as none. */
export function hasMethod(target: object, name: string): boolean {
  return safely(() => typeof (target as Record<string, unknown>)[name] === 'function') === true;
}

export function createCtx(emit: (ev: CaptureEvent) => void, win: typeof globalThis): Ctx {
  // Keep our own references: pages (and test frameworks) replace timers and clocks.
  const perf = win.performance;
  const perfNow = perf && typeof perf.now === 'function' ? perf.now.bind(perf) : null;
  const origin = perf && typeof perf.timeOrigin === 'number' ? perf.timeOrigin : 0;
  const dateNow = Date.now;
  const setInt = win.setInterval.bind(win);
  const clearInt = win.clearInterval.bind(win);
  const setTo = win.setTimeout.bind(win);
  const clearTo = win.clearTimeout.bind(win);
  const now = (): number => (perfNow && origin ? origin + perfNow() : dateNow());

  // A random token per document keeps ids unique in the tab, and lets a command that comes back
  // with a downstream prefix still be matched unambiguously (see sdkIdMatches).
  const token = Math.random().toString(36).slice(2, 8);
  let n = 0;
  const ids = new WeakMap<object, string>();
  const byId = new Map<string, Instance>();
  let firstHooks: (() => void)[] | null = [];

  // Pollers (Telnyx state) stop with the hook (the recorder's stop()).
  const intervals = new Set<number>();
  onRestore(() => {
    intervals.forEach((id) => clearInt(id));
    intervals.clear();
  });

  const emitSafe = (ev: CaptureEvent): void => {
    try {
      emit(ev);
    } catch {
      /* the pipeline must not make discovery fail, nor the page */
    }
  };

  return {
    win,
    now,
    setInterval: (fn, ms) => {
      const id = setInt(fn, ms) as unknown as number;
      intervals.add(id);
      return id;
    },
    clearInterval: (id) => {
      intervals.delete(id);
      clearInt(id);
    },
    setTimeout: (fn, ms) => setTo(fn, ms) as unknown as number,
    clearTimeout: (id) => clearTo(id),
    idOf: (target) => ids.get(target),
    found(target, info, commands) {
      const known = ids.get(target);
      if (known) return known;
      n += 1;
      const id = `sdk-${token}-${n}`;
      ids.set(target, id);
      byId.set(id, { id, sdk: info.sdk, commands: commands ?? {} });
      let detail = info.detail;
      if (commands) detail = { ...(isRecord(detail) ? detail : {}), commands: offeredCommands(commands) };
      // Built whole: assigning `ev.detail` afterwards would run a setter a page put on Object.prototype.
      const ev: CaptureEvent = { kind: 'sdk.found', t: now(), id, sdk: info.sdk, version: info.version, via: info.via, ...(detail !== undefined ? { detail } : {}) };
      emitSafe(ev);
      if (firstHooks) {
        const hooks = firstHooks;
        firstHooks = null;
        for (const h of hooks) safely(h);
      }
      return id;
    },
    event(id, name, data, limits = EVENT_LIMITS) {
      emitSafe({ kind: 'sdk.event', t: now(), id, name, data: toSafeJson(data, limits) });
    },
    instances: () => byId.values(),
    onFirstInstance(fn) {
      if (firstHooks) firstHooks.push(fn);
      else safely(fn);
    },
  };
}
