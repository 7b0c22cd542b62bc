/**
 * The label of each captured track by id (getUserMedia / getDisplayMedia results and track events), so a
 * finding can name the microphone or camera a stats report's `trackIdentifier` points at, and whether the
 * browser said the track was muted (the source stopped delivering, e.g. the OS or a hardware switch).
 */
import type { CaptureEvent } from '../capture/events.js';

/** Caps what a page can make us remember: a page creating tracks in a loop. */
const MAX_TRACKS = 500;

export class TrackNames {
  private readonly labels = new Map<string, string>();
  private readonly mutedAt = new Map<string, number>();

  see(ev: CaptureEvent): void {
    if (ev.kind === 'media.gum.result' && ev.ok && Array.isArray(ev.tracks)) {
      for (const tr of ev.tracks) if (typeof tr?.id === 'string') this.remember(tr.id, tr.label);
    } else if (ev.kind === 'media.track' && typeof ev.trackId === 'string') {
      this.remember(ev.trackId, ev.label);
      if (ev.event === 'mute') this.mutedAt.set(ev.trackId, ev.t);
      else this.mutedAt.delete(ev.trackId);
    }
  }

  /** `"Built-in Microphone"` (quoted, for a message), or the id when no label was captured. */
  describe(trackId: string | undefined): string {
    if (!trackId) return 'its track';
    const label = this.labels.get(trackId);
    return label ? `"${label}"` : `track ${trackId}`;
  }

  /** When the browser marked the track muted, if it still is. */
  muted(trackId: string | undefined): number | undefined {
    return trackId ? this.mutedAt.get(trackId) : undefined;
  }

  private remember(id: string, label: unknown): void {
    if (typeof label !== 'string' || !label) return;
    if (!this.labels.has(id) && this.labels.size >= MAX_TRACKS) return;
    this.labels.set(id, label.slice(0, 200));
  }
}
