/**
 * Service-worker end of "ask the SDK before export" (core/messages/sdk-diagnostics.ts): finds the
 * tab's clients that offer exportDiagnostics() in its capture, asks each through the SDK command
 * relay (commands.ts), and answers with one sdkDiagnostics[] entry per client. Extension pages only.
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import { RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION, SDK_DIAGNOSTICS_TYPE, SDK_DIAGNOSTICS_VERSION } from '../../core/messages/versions.js';
import { makeCommand } from '../../core/messages/sdk-commands.js';
import { parseSdkDiagnosticsRequest, type SdkDiagnosticsReply } from '../../core/messages/sdk-diagnostics.js';
import { collectSdkDiagnostics, diagnosticsTargets } from '../../core/sdk/diagnostics.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { fromExtensionPage, relayToTab } from './commands.js';

type RelayBrowser = Pick<Browser, 'runtime' | 'tabs'>;

export function installSdkDiagnosticsRelay(browser: RelayBrowser, eventsOf: (tabId: number) => Promise<readonly StoredEvent[]>): void {
  browser.runtime.onMessage.addListener(((raw: unknown, sender: Runtime.MessageSender) => {
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== SDK_DIAGNOSTICS_TYPE) return undefined;
    const req = parseSdkDiagnosticsRequest(raw);
    if (!req || !fromExtensionPage(browser, sender)) return Promise.resolve({ type: SDK_DIAGNOSTICS_TYPE, v: SDK_DIAGNOSTICS_VERSION, error: req ? 'accepted from extension pages only' : 'malformed request' });
    return (async (): Promise<SdkDiagnosticsReply> => {
      const targets = diagnosticsTargets(await eventsOf(req.tabId));
      const entries = await collectSdkDiagnostics(
        targets,
        (t) => relayToTab(browser, req.tabId, { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, command: makeCommand(t.id, 'exportDiagnostics', []) }),
        req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {},
      );
      return { type: SDK_DIAGNOSTICS_TYPE, v: SDK_DIAGNOSTICS_VERSION, tabId: req.tabId, entries };
    })();
  }) as Parameters<Browser['runtime']['onMessage']['addListener']>[0]);
}
