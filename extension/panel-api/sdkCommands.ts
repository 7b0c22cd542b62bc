/**
 * What the panel calls to run an SDK's own diagnostics in the inspected page:
 *
 *   const r = await runSdkCommand(tabId, sdk.id, 'exportDiagnostics');
 *   if (r.ok) show(r.value); else showError(r.error.message);
 *
 * `sdkId` is the id of an sdk.found event (as stored). Arguments per command are documented in
 * docs/sdk-hook.md. Never rejects: every failure (time-out, no such instance, SDK error) comes
 * back as `{ok: false, error}`. The result is also recorded in the capture as an sdk.event
 * named 'command.result'.
 */
import type { Json } from '../../core/capture/events.js';
import { RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION } from '../../core/messages/versions.js';
import { failure, makeCommand, parseCommandResult, type PanelCommandMessage, type SdkCommandResult } from '../../core/messages/sdk-commands.js';
import { relayTimeoutMs, type SdkCommandName } from '../../core/sdk/commands.js';

export type { SdkCommandName, SdkCommandResult };

export type SendMessage = (msg: PanelCommandMessage) => Promise<unknown>;

async function defaultSend(msg: PanelCommandMessage): Promise<unknown> {
  const { default: browser } = await import('webextension-polyfill');
  return browser.runtime.sendMessage(msg);
}

export async function runSdkCommand(
  tabId: number,
  sdkId: string,
  command: SdkCommandName,
  args: Json[] = [],
  send: SendMessage = defaultSend,
): Promise<SdkCommandResult> {
  const cmd = makeCommand(sdkId, command, args);
  const msg: PanelCommandMessage = { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, tabId, command: cmd };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const reply = await Promise.race([
      send(msg),
      new Promise<SdkCommandResult>((resolve) => {
        timer = setTimeout(() => resolve(failure(cmd.reqId, 'TimeoutError', `${command} gave no answer`)), relayTimeoutMs(command, 'panel'));
      }),
    ]);
    return parseCommandResult(reply) ?? failure(cmd.reqId, 'NoAnswer', 'the extension did not answer (is the service worker running a build with SDK commands?)');
  } catch (e) {
    return failure(cmd.reqId, 'SendFailed', e instanceof Error ? e.message : String(e));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
