/**
 * Bridge: isolated-world content script. Receives the hook's batches (window messages, which the
 * page can forge), checks their envelope, and relays their JSON text unparsed over a runtime port
 * to the service worker, which validates every event off the page's main thread.
 * Every batch is kept until the worker acknowledges it as stored; when the port drops (the worker
 * was stopped) the bridge reconnects and resends, and the worker de-duplicates by (docId, seq).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { HOOK_MESSAGE_SOURCE } from '../../core/capture/events.js';
import { CAPTURE_PORT, CAPTURE_PROTOCOL_VERSION, type BridgeBatch, type BridgeHello } from '../../core/capture/messages.js';
import { checkHookBatch } from '../../core/capture/validate.js';
import { createOutbox } from './outbox.js';
import { installCommandRelay } from './commands.js';
import { installPreflightRelay } from './preflight.js';

const isTop = (() => {
  try {
    return window === window.top;
  } catch {
    return false;
  }
})();

/** The hook posts an empty batch at install, before page scripts run: its docId is this document's. */
let docId: string | undefined;
let lastSeq = 0;
let invalid = 0;

const outbox = createOutbox({
  connect: () => browser.runtime.connect({ name: CAPTURE_PORT }) as Runtime.Port,
  hello: (): BridgeHello => ({ type: 'hello', v: CAPTURE_PROTOCOL_VERSION, docId: docId!, url: location.href, top: isTop }),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
});

// Chromium closes the ports of a page put in the back/forward cache without telling this side: a
// restored page would post into a dead port forever. Reconnect; the hello makes it the tab's page
// again. Without a docId the hook never announced this document, so there is nothing to say hello for.
window.addEventListener('pageshow', (e: PageTransitionEvent) => {
  if (e.persisted && docId) outbox.reconnect();
});

// SDK commands from the panel, relayed to the hook of the frame that owns the SDK instance. Added
// before the batch listener below, which stops our messages from going any further.
installCommandRelay(browser, window);

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
    // it runs before every page listener on the window, capture or not.
    e.stopImmediatePropagation();
    let r: ReturnType<typeof checkHookBatch>;
    try {
      r = checkHookBatch(data);
    } catch {
      // The check is written not to throw on anything; if page data ever makes it, count, don't break.
      invalid++;
      return;
    }
    if (!r.ok) {
      invalid += r.events;
      return;
    }
    const b = r.batch;
    docId ??= b.docId;
    // Another docId in this window, or a replayed seq, can only be the page forging batches.
    if (b.docId !== docId || b.seq <= lastSeq) {
      invalid += Math.max(1, b.n);
      return;
    }
    lastSeq = b.seq;
    if (!b.n) {
      // A top document announces itself at once, so the worker starts a new page load on reload.
      if (isTop) outbox.ensureConnected();
      return;
    }
    const msg: BridgeBatch = { type: 'batch', v: CAPTURE_PROTOCOL_VERSION, docId, seq: b.seq, n: b.n, json: b.json };
    if (invalid) {
      msg.invalid = invalid;
      invalid = 0;
    }
    outbox.send(msg);
  },
  true,
);
