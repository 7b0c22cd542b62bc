/**
 * Opening a file in the panel or the viewer: our bundle (.json / .json.gz) or a
 * chrome://webrtc-internals dump. Never throws: a bad file gives a message a person can act on.
 */
import type { CaptureEvent } from '../../core/capture/events.js';
import { readBundleFile, type ImportProblem } from '../../core/bundle/import.js';
import { eventsFromBundle } from '../../core/bundle/to-events.js';
import type { Bundle } from '../../core/bundle/types.js';

export type ImportOutcome =
  | { ok: true; kind: 'bundle' | 'webrtc-internals'; events: CaptureEvent[]; bundle: Bundle; warnings: string[]; problems: ImportProblem[] }
  | { ok: false; error: string };

export async function importCaptureFile(bytes: Uint8Array, name: string): Promise<ImportOutcome> {
  try {
    const r = await readBundleFile(bytes, name);
    if (!r.ok) return r;
    const events = eventsFromBundle(r.bundle);
    return { ok: true, kind: r.kind, events, bundle: r.bundle, warnings: r.warnings, problems: r.problems };
  } catch (err) {
    return { ok: false, error: `"${name}" could not be opened: ${err instanceof Error ? err.message : String(err)}` };
  }
}
