/**
 * Page hook entry: runs in the page's MAIN world at document_start in every frame, before any page
 * script, so every constructor a page or SDK later captures is already our wrapper. Batches go to
 * the bridge (install.ts holds the hook itself, shared with the in-app recorder); Simulate's fault
 * orders come from the bridge too, so only the extension listens for them.
 */
import { installHook } from './install.js';
import { installFaultListener } from './faults/index.js';
import './faults/signaling.js';
import { installMediaFaults } from './faults/media.js';

const win = globalThis as Window & typeof globalThis;
// A frame can get our script twice (e.g. about:blank reuse); one hook per realm.
const INSTALLED = Symbol.for('rtc-devtools.hook');

if (!(win as unknown as Record<symbol, unknown>)[INSTALLED]) {
  Object.defineProperty(win, INSTALLED, { value: true });
  const { emitter, faultSources } = installHook(win);
  // Simulate: fault orders from the bridge; nothing runs until one is armed.
  try {
    installFaultListener(win, emitter);
    installMediaFaults(win, faultSources);
  } catch {
    /* an API missing in this browser: Simulate only is off */
  }
}
