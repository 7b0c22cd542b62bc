/** TrackNames: labels from getUserMedia results and track events; mute state from track events. */
import { describe, expect, it } from 'vitest';
import { TrackNames } from '../../../../core/findings/track-names.js';

describe('TrackNames', () => {
  it('names a track by its captured label, else by id, and remembers a mute until unmute', () => {
    const n = new TrackNames();
    n.see({ kind: 'media.gum.result', t: 1, id: 'g', api: 'getUserMedia', ok: true, durationMs: 1, tracks: [{ id: 'a', kind: 'audio', label: 'Headset', settings: {} }] });
    expect(n.describe('a')).toBe('"Headset"');
    expect(n.describe('b')).toBe('track b');
    expect(n.describe(undefined)).toBe('its track');
    n.see({ kind: 'media.track', t: 5, trackId: 'a', trackKind: 'audio', label: 'Headset', event: 'mute' });
    expect(n.muted('a')).toBe(5);
    n.see({ kind: 'media.track', t: 6, trackId: 'a', trackKind: 'audio', label: 'Headset', event: 'unmute' });
    expect(n.muted('a')).toBeUndefined();
  });

  it('ignores hostile labels and caps what it keeps', () => {
    const n = new TrackNames();
    n.see({ kind: 'media.gum.result', t: 1, id: 'g', api: 'getUserMedia', ok: true, durationMs: 1, tracks: [{ id: 'x', kind: 'audio', label: 42 as unknown as string, settings: {} }] });
    expect(n.describe('x')).toBe('track x');
    for (let i = 0; i < 600; i++) n.see({ kind: 'media.track', t: i, trackId: `t${i}`, trackKind: 'audio', label: 'L'.repeat(300), event: 'unmute' });
    expect(n.describe('t0')).toBe(`"${'L'.repeat(200)}"`);
    expect(n.describe('t599')).toBe('track t599');
  });
});
