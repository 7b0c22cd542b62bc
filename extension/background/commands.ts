/**
 * Service-worker hop of SDK commands: takes a PanelCommandMessage from an extension page (the
 * DevTools panel or panel.html opened as a tab), forwards it to the inspected tab's bridges, and
 * answers with the SdkCommandResult. Only extension pages may send commands: a content script
 * runs next to page content and must not be able to start a preflight call in another tab.
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import { RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION } from '../../core/messages/versions.js';
import { failure, parseCommandResult, parsePanelCommandMessage, type SdkCommandResult, type TabCommandMessage } from '../../core/messages/sdk-commands.js';
import { relayTimeoutMs } from '../../core/sdk/commands.js';

type RelayBrowser = Pick<Browser, 'runtime' | 'tabs'>;

export function fromExtensionPage(browser: RelayBrowser, sender: Runtime.MessageSender): boolean {
  if (sender.id !== undefined && sender.id !== browser.runtime.id) return false;
  const base = browser.runtime.getURL('');
  return typeof sender.url === 'string' && sender.url.startsWith(base);
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export async function relayToTab(browser: RelayBrowser, tabId: number, msg: TabCommandMessage): Promise<SdkCommandResult> {
  const { reqId, sdkId, command } = msg.command;
  try {
    const reply = await withTimeout<unknown>(browser.tabs.sendMessage(tabId, msg), relayTimeoutMs(command, 'worker'), () =>
      failure(reqId, 'TimeoutError', `tab ${tabId} gave no answer to ${command}`),
    );
    return (
      parseCommandResult(reply) ??
      failure(reqId, 'NotFound', `no frame of tab ${tabId} has SDK instance ${sdkId} (was the page reloaded?)`)
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return failure(reqId, 'NoBridge', `could not reach tab ${tabId}: ${message}`);
  }
}

/** Installs the runtime.onMessage listener. Other message types are left to other listeners. */
export function installCommandRelay(browser: RelayBrowser): void {
  browser.runtime.onMessage.addListener(((raw: unknown, sender: Runtime.MessageSender) => {
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== RUNTIME_COMMAND_TYPE) return undefined;
    const req = parsePanelCommandMessage(raw);
    const reqId = typeof (raw as { command?: { reqId?: unknown } }).command?.reqId === 'string' ? String((raw as { command: { reqId: string } }).command.reqId).slice(0, 200) : 'invalid';
    if (!req) return Promise.resolve(failure(reqId, 'InvalidCommand', 'malformed SDK command message'));
    if (!fromExtensionPage(browser, sender)) return Promise.resolve(failure(reqId, 'Forbidden', 'SDK commands are accepted from extension pages only'));
    return relayToTab(browser, req.tabId, { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, command: req.command });
  }) as Parameters<Browser['runtime']['onMessage']['addListener']>[0]);
}
