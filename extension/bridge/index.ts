/**
 * Bridge: isolated-world content script. Receives the hook's batches (window messages, which the
 * page can forge, or a synchronous event while the document goes away), checks them (./intake.ts), and relays their JSON text unparsed over a runtime port
 * to the service worker, which validates every event off the page's main thread.
 * Every batch is kept until the worker acknowledges it as stored; when the port drops (the worker
 * was stopped) the bridge reconnects and resends, and the worker de-duplicates by (docId, seq).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { HOOK_MESSAGE_SOURCE, HOOK_SYNC_EVENT } from '../../core/messages/versions.js';
import { CAPTURE_PORT, CAPTURE_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import type { BridgeHello, BridgeTitle } from '../../core/messages/bridge-worker.js';
import { createIntake } from './intake.js';
import { createOutbox } from './outbox.js';
import { installCommandRelay } from './commands.js';
import { installPreflightRelay } from './preflight.js';
import { installFaultRelay } from './faults.js';

const isTop = (() => {
  try {
    return window === window.top;
  } catch {
    return false;
  }
})();

/** The top document's title as last told to the worker. */
let title: string | undefined;

const outbox = createOutbox({
  connect: () => browser.runtime.connect({ name: CAPTURE_PORT }) as Runtime.Port,
  hello: (): BridgeHello => ({
    type: 'hello',
    v: CAPTURE_PROTOCOL_VERSION,
    docId: intake.docId()!,
    url: location.href,
    top: isTop,
    ...(title !== undefined ? { title } : {}),
  }),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  refused: () => intake.invalid(),
});

/**
 * After a refusal, the count goes to the worker within this long even if no real batch follows to
 * carry it: a page that only forges is shown as forging. One report per window, however many
 * messages the page posts in it.
 */
const REFUSED_REPORT_MS = 250;
let reportScheduled = false;
function scheduleRefusedReport(): void {
  if (reportScheduled) return;
  reportScheduled = true;
  window.setTimeout(() => {
    reportScheduled = false;
    const docId = intake.docId();
    // Before the announcement there is no document to report for; its hello will carry the count.
    if (docId) outbox.report(docId);
  }, REFUSED_REPORT_MS);
}

// SDK commands from the panel, relayed to the hook of the frame that owns the SDK instance; it
// reads the hook's answers from the batches the intake accepted.
const commands = installCommandRelay(browser, window);
// Simulate: fault orders from the worker to this frame's hook.
installFaultRelay(browser, window);

const intake = createIntake({
  send: (b) => outbox.send(b),
  accepted: (b) => commands.observe(b),
  // A top document announces itself at once, so the worker starts a new page load on reload.
  announced: () => {
    if (isTop) outbox.ensureConnected();
  },
  // Going away: the batch must be on a port before the document goes (reconnecting if need be).
  flushNow: () => outbox.flushNow(),
  refused: scheduleRefusedReport,
});

// Chromium closes the ports of a page put in the back/forward cache without telling this side: a
// restored page would post into a dead port forever. Reconnect; the hello makes it the tab's page
// again. Without a docId the hook never announced this document, so there is nothing to say hello for.
window.addEventListener('pageshow', (e: PageTransitionEvent) => {
  if (e.persisted && intake.docId()) outbox.reconnect();
});

// The document is going: batches the worker has not acknowledged go out now, on a new port if the
// worker was stopped meanwhile, since the back-off timer that would resend them never fires once
// the document is gone. (The hook's own pagehide listener, registered before this one, has already
// handed its last batch over synchronously.)
window.addEventListener('pagehide', () => {
  if (intake.docId()) outbox.flushNow();
});

// The header names the page by its title: tell the worker once the top document has one (the
// hello at document_start comes before any <title> is parsed), and again if it changed by load.
function sendTitle(): void {
  const docId = intake.docId();
  if (!isTop || !docId) return;
  const t = document.title;
  // No title: the header keeps naming the page by its URL.
  if (typeof t !== 'string' || !t || t === title) return;
  title = t;
  const msg: BridgeTitle = { type: 'title', v: CAPTURE_PROTOCOL_VERSION, docId, title: t };
  outbox.note(msg);
}
if (isTop) {
  document.addEventListener('DOMContentLoaded', sendTitle);
  window.addEventListener('load', sendTitle);
}

// The panel's preflight, run here so it has this page's origin, permissions and devices.
installPreflightRelay(browser, isTop);

window.addEventListener(
  'message',
  (e: MessageEvent) => {
    if (e.source !== window) return;
    const data = e.data as { source?: unknown } | null;
    if (!data || typeof data !== 'object' || data.source !== HOOK_MESSAGE_SOURCE) return;
    // Page listeners must not see our batches (apps that JSON.parse every window message would
    // throw). This capture listener is registered at document_start, before any page script, so
    // it runs before every page listener on the window, capture or not. Only the hook's own are
    // hidden: a message a page posted with our tag reaches its listeners, so it cannot tell an
    // extension is here by its message vanishing.
    if (intake.accept(data, false)) e.stopImmediatePropagation();
  },
  true,
);

// The hook's synchronous hand-off, hidden from page listeners the same way.
window.addEventListener(
  HOOK_SYNC_EVENT,
  (e: Event) => {
    let detail: unknown;
    try {
      detail = (e as CustomEvent<unknown>).detail;
    } catch {
      intake.refuse(1);
      return;
    }
    if (intake.accept(detail, true)) e.stopImmediatePropagation();
  },
  true,
);
