/**
 * Bridge hop of SDK commands (isolated world, every frame). Learns which SDK instances its own
 * document's hook reported (from the hook's batches the intake accepted), answers only commands for
 * those, hands them to the hook by window.postMessage, and replies with the hook's
 * `command.result` event. Frames without the instance stay silent so the frame that has it answers.
 */
import type { Browser } from 'webextension-polyfill';
import { BRIDGE_MESSAGE_SOURCE } from '../../core/messages/versions.js';
import type { HookBatch } from '../../core/messages/hook-bridge.js';
import { COMMAND_RESULT_EVENT, relayTimeoutMs, sdkIdMatches } from '../../core/sdk/commands.js';
import { failure, parseCommandResult, parseTabCommandMessage, type BridgeCommandMessage, type SdkCommandResult } from '../../core/messages/sdk-commands.js';

type RelayBrowser = Pick<Browser, 'runtime'>;

const MAX_KNOWN = 1000;

export interface CommandRelay {
  /**
   * Reads a batch the intake accepted from this document's hook (pinned docId, rising seq): SDK
   * instances it found, results of commands. Never a raw window message, which a page can post.
   */
  observe(batch: HookBatch): void;
}

export function installCommandRelay(browser: RelayBrowser, win: Window): CommandRelay {
  const known = new Set<string>();
  const pending = new Map<string, (r: SdkCommandResult) => void>();

  function observe(batch: HookBatch): void {
    // Batches are JSON text for the service worker; parse only the rare one the hook marked as
    // holding SDK events.
    if (batch.sdk !== true) return;
    let events: unknown;
    try {
      events = JSON.parse(batch.json);
    } catch {
      return;
    }
    if (!Array.isArray(events)) return;
    for (const e of events as unknown[]) {
      if (!e || typeof e !== 'object') continue;
      const ce = e as { kind?: unknown; id?: unknown; name?: unknown; data?: unknown };
      if (ce.kind === 'sdk.found' && typeof ce.id === 'string' && known.size < MAX_KNOWN) known.add(ce.id);
      else if (ce.kind === 'sdk.event' && ce.name === COMMAND_RESULT_EVENT && pending.size > 0) {
        const result = parseCommandResult(ce.data);
        const done = result && pending.get(result.reqId);
        if (result && done) {
          pending.delete(result.reqId);
          done(result);
        }
      }
    }
  }

  browser.runtime.onMessage.addListener(((raw: unknown) => {
    const msg = parseTabCommandMessage(raw);
    if (!msg) return undefined;
    const cmd = msg.command;
    let mine = false;
    for (const id of known) if (sdkIdMatches(cmd.sdkId, id)) mine = true;
    if (!mine) return undefined;
    return new Promise<SdkCommandResult>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(cmd.reqId);
        resolve(failure(cmd.reqId, 'TimeoutError', `the page hook gave no result for ${cmd.command}`));
      }, relayTimeoutMs(cmd.command, 'bridge'));
      pending.set(cmd.reqId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      const out: BridgeCommandMessage = { source: BRIDGE_MESSAGE_SOURCE, command: cmd };
      win.postMessage(out, '*');
    });
  }) as Parameters<Browser['runtime']['onMessage']['addListener']>[0]);
  return { observe };
}
