/**
 * What the panel (or any extension page) calls before building a bundle: asks the service worker
 * to collect the inspected tab's SDK diagnostics (core/messages/sdk-diagnostics.ts).
 *
 *   const entries = await askSdkDiagnostics(tabId);   // → bundle sdkDiagnostics[]
 *
 * Never rejects and never waits long: a worker that does not answer gives one note entry, so the
 * export goes on.
 */
import { makeSdkDiagnosticsRequest, parseSdkDiagnosticsReply, type SdkDiagnosticsRequest } from '../../core/messages/sdk-diagnostics.js';
import { EXPORT_DIAGNOSTICS_TIMEOUT_MS, type SdkDiagnosticsEntry } from '../../core/sdk/diagnostics.js';

export type SendMessage = (msg: SdkDiagnosticsRequest) => Promise<unknown>;

async function defaultSend(msg: SdkDiagnosticsRequest): Promise<unknown> {
  const { default: browser } = await import('webextension-polyfill');
  return browser.runtime.sendMessage(msg);
}

/** The worker's own per-client time-out, plus the relay's margin. */
const MARGIN_MS = 4_000;

export async function askSdkDiagnostics(tabId: number, send: SendMessage = defaultSend, timeoutMs = EXPORT_DIAGNOSTICS_TIMEOUT_MS): Promise<SdkDiagnosticsEntry[]> {
  const note = (why: string): SdkDiagnosticsEntry[] => [{ sdk: 'unknown', t: Date.now(), data: { note: `The SDKs' own diagnostics could not be collected (${why}); the bundle was exported without them.` } }];
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const reply = await Promise.race([
      send(makeSdkDiagnosticsRequest(tabId, timeoutMs)),
      new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs + Math.min(MARGIN_MS, timeoutMs));
      }),
    ]);
    if (reply === 'late') return note('the extension gave no answer');
    const parsed = parseSdkDiagnosticsReply(reply);
    return parsed ? parsed.entries : note('the extension sent an answer this panel cannot read');
  } catch (e) {
    return note(e instanceof Error ? e.message : String(e));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
