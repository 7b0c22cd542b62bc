/**
 * Bridge hop of Simulate's fault orders (isolated world, every frame): a FaultTabMessage from the
 * worker goes to this frame's page hook as a window message (FaultWindowMessage) and the worker gets
 * `{ok: true}` back: the order reached a live document. What the hook did comes back in the capture.
 */
import type { Browser } from 'webextension-polyfill';
import { FAULT_MESSAGE_SOURCE, FAULT_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import { parseFaultTabMessage, type FaultWindowMessage } from '../../core/messages/faults.js';

export function installFaultRelay(browser: Pick<Browser, 'runtime'>, win: Window): void {
  browser.runtime.onMessage.addListener(((raw: unknown) => {
    const msg = parseFaultTabMessage(raw);
    if (!msg) return undefined;
    const out: FaultWindowMessage = { source: FAULT_MESSAGE_SOURCE, v: FAULT_PROTOCOL_VERSION, order: msg.order };
    // Same-window target: the hook accepts only messages whose source is its own window.
    win.postMessage(out, '*');
    return Promise.resolve({ ok: true });
  }) as Parameters<Browser['runtime']['onMessage']['addListener']>[0]);
}
