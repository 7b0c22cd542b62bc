/**
 * preflight-runner.js: an ES module the bridge imports (by its extension URL) only when the panel
 * starts a preflight, so the checks run in the inspected page's isolated world — the page's
 * origin, permissions and devices — while bridge.js, injected into every frame, stays small.
 */
import { runBrowserPreflight, type PreflightEvent } from '../../core/preflight/index.js';
import { placeEvent, type WireConfig } from '../../core/preflight/remote.js';

/** Starts a run; returns the function that cancels it. `done` is called once, after the last event or on failure. */
export function runInThisPage(config: WireConfig, emit: (ev: PreflightEvent) => void, done: (error?: string) => void): () => void {
  const ranIn = { where: 'page' as const, origin: location.origin };
  const sub = runBrowserPreflight(config).subscribe({
    next: (ev) => emit(noteHiddenTab(placeEvent(ev, ranIn))),
    error: (err: unknown) => done(err instanceof Error ? err.message : String(err)),
    complete: () => done(),
  });
  return () => sub.unsubscribe();
}

/**
 * The panel is in front, so the inspected tab may be hidden (panel opened as a tab, DevTools
 * undocked): browsers may hold camera and microphone requests of a hidden tab until it is shown.
 */
function noteHiddenTab(ev: PreflightEvent): PreflightEvent {
  if (ev.type !== 'progress' || ev.id !== 'permissions' || !ev.note || document.visibilityState !== 'hidden') return ev;
  return { ...ev, note: 'The inspected page is in a background tab: the browser may wait until it is shown before it opens the camera and microphone. Switch to that tab (and allow them if asked).' };
}
