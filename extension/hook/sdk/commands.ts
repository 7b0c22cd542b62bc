/**
 * Runs panel commands (the SDK's own preflight / getDeviceCapabilities / exportDiagnostics)
 * against an observed client. Commands arrive as window messages from the isolated-world bridge;
 * results leave as sdk.event `command.result`, which the capture records and the bridge relays.
 *
 * Only messages whose source is this very window are accepted (a framed or framing document
 * cannot make this page dial a preflight call), and every field is validated.
 */
import type { Json } from '../../../core/capture/events.js';
import { BRIDGE_MESSAGE_SOURCE } from '../../../core/messages/versions.js';
import { COMMAND_RESULT_EVENT, hookTimeoutMs, sdkIdMatches } from '../../../core/sdk/commands.js';
import { failure, parseBridgeCommandMessage, type SdkCommand, type SdkCommandResult } from '../../../core/messages/sdk-commands.js';
import { toSafeJson } from '../../../core/sdk/safeJson.js';
import { safely, type Ctx, type Instance } from './context.js';
import { apply } from '../intrinsics.js';
import { getter } from '../native.js';

/** Results can be big (exportDiagnostics holds a whole session timeline) but stay bounded. */
const RESULT_LIMITS = { maxDepth: 8, maxItems: 500, maxString: 4000, maxTotal: 1024 * 1024 };
const MAX_IN_FLIGHT = 4;

function errorOf(e: unknown): { name: string; message: string } {
  const name = safely(() => (e as { name?: unknown }).name);
  const message = safely(() => (e as { message?: unknown }).message);
  const j = toSafeJson({ name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(e) });
  const o = j as { name: string; message: string };
  return { name: o.name, message: o.message };
}

function findInstance(ctx: Ctx, sdkId: string): Instance | undefined {
  for (const inst of ctx.instances()) if (sdkIdMatches(sdkId, inst.id)) return inst;
  return undefined;
}

/**
 * Runs one command against an observed client, within the hook's time-out, and records its outcome
 * as sdk.event `command.result` (so it travels with the capture). Never rejects. The bridge's
 * listener below and the in-app recorder's export both come through here.
 */
export async function runCommandInPage(ctx: Ctx, inst: Instance, cmd: SdkCommand, timeoutMs: number = hookTimeoutMs(cmd.command)): Promise<SdkCommandResult> {
  const reply = (result: SdkCommandResult): SdkCommandResult => {
    ctx.event(inst.id, COMMAND_RESULT_EVENT, result, RESULT_LIMITS);
    return result;
  };
  const started = ctx.now();
  const elapsed = (): number => Math.round(ctx.now() - started);
  const handler = inst.commands[cmd.command];
  if (!handler) return reply(failure(cmd.reqId, 'NotSupported', `${cmd.command} is not offered by this ${inst.sdk} client`, 0));
  let timer = 0;
  const timeout = new Promise<never>((_, reject) => {
    timer = ctx.setTimeout(
      () => reject(Object.assign(new Error(`${cmd.command} gave no result in ${timeoutMs / 1000} s`), { name: 'TimeoutError' })),
      timeoutMs,
    );
  });
  try {
    const value = await Promise.race([Promise.resolve().then(() => handler(cmd.args)), timeout]);
    // Serialised here (not in ctx.event) so the redacted JSON is what the result carries.
    return reply({ reqId: cmd.reqId, ok: true, value: toSafeJson(value, RESULT_LIMITS) as Json, durationMs: elapsed() });
  } catch (e) {
    return reply({ reqId: cmd.reqId, ok: false, error: errorOf(e), durationMs: elapsed() });
  } finally {
    ctx.clearTimeout(timer);
  }
}

export function installCommandListener(ctx: Ctx): void {
  const inFlight = new Set<string>();
  const done = new Set<string>();

  const reply = (inst: Instance, result: SdkCommandResult): void => {
    ctx.event(inst.id, COMMAND_RESULT_EVENT, result, RESULT_LIMITS);
  };

  // Read through the getters saved now, at install: a getter a page later puts on
  // MessageEvent.prototype.data would otherwise see every command the panel sends.
  const proto = ctx.win.MessageEvent?.prototype;
  const getData = getter<unknown>(proto, 'data');
  const getSource = getter<unknown>(proto, 'source');
  const stop = ctx.win.Event?.prototype.stopImmediatePropagation;
  const onMessage = (ev: MessageEvent): void => {
    if (!getData || !getSource || getSource(ev) !== ctx.win) return;
    const data = getData(ev);
    if (!data || typeof data !== 'object') return;
    // The page must not see the bridge's commands (see installSdkDiscovery: this listener is added
    // at document_start, before page script, so it runs first).
    if ((data as { source?: unknown }).source === BRIDGE_MESSAGE_SOURCE && stop) apply(stop, ev, []);
    const cmd = parseBridgeCommandMessage(data);
    if (!cmd) return;
    const inst = findInstance(ctx, cmd.sdkId);
    // Another frame's hook owns this instance; stay silent.
    if (!inst) return;
    if (inFlight.has(cmd.reqId) || done.has(cmd.reqId)) return;
    if (inFlight.size >= MAX_IN_FLIGHT) {
      reply(inst, failure(cmd.reqId, 'Busy', `too many commands running (${MAX_IN_FLIGHT}); try again when they finish`, 0));
      return;
    }
    inFlight.add(cmd.reqId);
    void runCommandInPage(ctx, inst, cmd).finally(() => {
      inFlight.delete(cmd.reqId);
      done.add(cmd.reqId);
      if (done.size > 500) done.clear();
    });
  };

  safely(() => ctx.win.addEventListener('message', (ev) => safely(() => onMessage(ev as MessageEvent)), true));
}
