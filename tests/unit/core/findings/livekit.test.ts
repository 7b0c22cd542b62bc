import { describe, expect, it } from 'vitest';
import { DisconnectReason } from '@livekit/protocol';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { createLiveKitRule } from '../../../../core/findings/livekit.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { liveKitConversation, type ConversationOptions } from '../../../fixtures/protocol/livekit-conversation.js';

function findings(o: ConversationOptions = {}, after = 60_000, tail: CaptureEvent[] = []) {
  const a = createAnalyzer();
  const evs = [...liveKitConversation(o), ...tail];
  for (const ev of evs) a.push(ev);
  a.tick(evs[evs.length - 1]!.t + after);
  return a.snapshot().findings.filter((f) => f.rule.startsWith('livekit-'));
}

describe('LiveKit findings', () => {
  it('a healthy room with a resume raises none', () => {
    expect(createLiveKitRule().id).toBe('livekit');
    expect(findings()).toEqual([]);
  });

  it('a join never answered: after 5 s, once, with the socket as evidence', () => {
    const f = findings({ noJoin: true });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'livekit-join-unanswered', severity: 'error' });
    expect(f[0]!.message).toContain('no join response 5 s after the signal connection opened');
    expect(f[0]!.evidence[0]).toMatchObject({ socketId: 'ws-1' });
    // Not before the SDK's own time-out.
    expect(findings({ noJoin: true }, 4_000)).toEqual([]);
  });

  it('a socket closed before the join answer says so at once', () => {
    const evs = liveKitConversation({ noJoin: true });
    const t = evs[evs.length - 1]!.t + 800;
    const f = findings({ noJoin: true }, 0, [{ kind: 'ws.close', t, id: 'ws-1', code: 1011, reason: 'no room', wasClean: false, initiator: 'remote' }]);
    expect(f.map((x) => x.rule)).toEqual(['livekit-join-unanswered']);
    expect(f[0]!.message).toContain('(1011 no room)');
  });

  it('a resume that fell back, a server leave (warning, or info when the room ended), poor quality', () => {
    expect(findings({ resumeFails: true }).map((f) => f.rule)).toEqual(['livekit-resume-fell-back']);
    const dup = findings({ serverLeave: DisconnectReason.DUPLICATE_IDENTITY, poorQuality: true });
    expect(dup.map((f) => [f.rule, f.severity])).toEqual([
      ['livekit-quality-poor', 'warning'],
      ['livekit-server-leave', 'warning'],
    ]);
    expect(dup[1]!.advice).toContain('same identity');
    expect(findings({ serverLeave: DisconnectReason.ROOM_DELETED })[0]).toMatchObject({ rule: 'livekit-server-leave', severity: 'info' });
  });

  it('a subscriber peer connection never connected, judged 10 s after the server offer', () => {
    const f = findings({ subscriberStuck: true });
    expect(f.map((x) => x.rule)).toEqual(['livekit-subscriber-not-connected']);
    expect(f[0]!.evidence[0]).toMatchObject({ pcId: 'pc-sub' });
  });
});
