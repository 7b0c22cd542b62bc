import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { secs } from '../../../../core/findings/format.js';
import { roomViews } from '../../../../core/protocol/livekit-room-lines.js';
import { liveKitConversation, type ConversationOptions } from '../../../fixtures/protocol/livekit-conversation.js';

function views(o: ConversationOptions = {}) {
  const a = createAnalyzer();
  for (const ev of liveKitConversation(o)) a.push(ev);
  return roomViews(a.snapshot().rooms, secs);
}

describe('the Rooms section lines', () => {
  it('names the room, who you are, your tracks, the participants and their tracks, the pcs, the resume and the leave', () => {
    const [v] = views();
    expect(v!.title).toBe('Room "demo"');
    expect(v!.facts).toEqual(['disconnected', 'livekit-client 2.23.0 (protocol 16)', 'server 1.9.0 local', 'joined in 0.1 s', 'connection quality excellent']);
    expect(v!.local).toBe('"alice" (PA_local)');
    expect(v!.localTracks).toEqual(['audio microphone · "microphone" · TR_alice_audio · published · 2 mute change(s)', 'video camera · "camera" · TR_alice_video · published']);
    expect(v!.participants).toEqual([
      { id: 'PA_bob', line: '"bob" (PA_bob) · left', tracks: ['audio microphone · "mic" · TR_bob_audio · subscribed', 'video camera · "cam" · TR_bob_video · subscribed'] },
    ]);
    expect(v!.pcs).toEqual([
      { role: 'publisher', pcId: 'pc-pub' },
      { role: 'subscriber', pcId: 'pc-sub' },
    ]);
    expect(v!.reconnects).toEqual(['resumed in 0.3 s — the signal connection closed (1006); attempts: resume after 0.3 s → reconnect']);
    expect(v!.leave).toBe('The client left: CLIENT_INITIATED');
  });

  it('says when a resume fell back to a full reconnect, and who ended the session', () => {
    expect(views({ resumeFails: true })[0]!.reconnects[0]).toMatch(/^full reconnect after the resume failed in 0.5 s/);
    expect(views({ serverLeave: 2 })[0]!.leave).toBe('The server ended the session: DUPLICATE_IDENTITY');
  });
});
