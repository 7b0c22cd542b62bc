import { describe, expect, it } from 'vitest';
import { DisconnectReason } from '@livekit/protocol';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { LiveKitRoomTracker, LIVEKIT_JOIN_TIMEOUT_MS, type LiveKitEvent } from '../../../../core/protocol/livekit-room.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { liveKitConversation, type ConversationOptions } from '../../../fixtures/protocol/livekit-conversation.js';

function analyse(o: ConversationOptions = {}, extra: CaptureEvent[] = []) {
  const a = createAnalyzer();
  const evs = [...liveKitConversation(o), ...extra];
  for (const ev of evs) a.push(ev);
  a.tick(evs[evs.length - 1]!.t + 60_000);
  return a.snapshot();
}

describe('the LiveKit room model', () => {
  it('tells the room, the local participant, its tracks, the remote participant and the two peer connections', () => {
    const { rooms } = analyse();
    expect(rooms).toHaveLength(1);
    const r = rooms[0]!;
    expect(r).toMatchObject({ name: 'demo', sid: 'RM_demo', serverVersion: '1.9.0', sdkName: 'livekit-client', sdkVersion: '2.23.0', protocol: 16, joinMs: 50 });
    expect(r.local).toMatchObject({ sid: 'PA_local', identity: 'alice' });
    expect(r.local!.tracks.map((t) => [t.sid, t.kind, t.source, t.cid])).toEqual([
      ['TR_alice_audio', 'audio', 'microphone', 'cid-audio'],
      ['TR_alice_video', 'video', 'camera', 'cid-video'],
    ]);
    expect(r.local!.tracks[0]!.mutes.map((m) => m.muted)).toEqual([true, false]);
    expect(r.pcs).toEqual({ publisher: 'pc-pub', subscriber: 'pc-sub', all: ['pc-pub', 'pc-sub'] });
    const bob = r.participants[0]!;
    expect(bob).toMatchObject({ identity: 'bob', name: 'Bob', state: 'disconnected' });
    expect(bob.leftT).toBeGreaterThan(bob.joinedT);
    expect(bob.tracks.every((t) => t.subscribeRequested && t.subscribedT !== undefined)).toBe(true);
    expect(r.leave).toMatchObject({ by: 'client', reason: 'CLIENT_INITIATED' });
    expect(r.state).toBe('disconnected');
  });

  it('a socket drop answered by reconnect is a resume episode with its delays, and no finding', () => {
    const { rooms, findings } = analyse();
    const [ep] = rooms[0]!.reconnects;
    expect(ep).toMatchObject({ kind: 'resume', outcome: 'recovered', fellBack: false, durationMs: 330 });
    expect(ep!.attempts).toEqual([expect.objectContaining({ resume: true, answer: 'reconnect', delayMs: 300 })]);
    expect(findings.filter((f) => f.rule.startsWith('livekit'))).toEqual([]);
  });

  it('a refused resume followed by a new join is a full reconnect that fell back, as a new participant', () => {
    const { rooms, findings } = analyse({ resumeFails: true });
    const [ep] = rooms[0]!.reconnects;
    expect(ep).toMatchObject({ kind: 'full', fellBack: true, outcome: 'recovered' });
    expect(ep!.attempts.map((a) => a.answer)).toEqual(['leave', 'join']);
    expect(rooms[0]!.local!.sid).toBe('PA_local2');
    expect(findings.map((f) => f.rule)).toContain('livekit-resume-fell-back');
  });

  it('a server leave ends the room with its reason', () => {
    const { rooms } = analyse({ serverLeave: DisconnectReason.DUPLICATE_IDENTITY });
    expect(rooms[0]!.leave).toMatchObject({ by: 'server', reason: 'DUPLICATE_IDENTITY', action: 'DISCONNECT' });
    expect(rooms[0]!.state).toBe('disconnected');
    expect(rooms[0]!.reconnects).toEqual([]);
  });

  it('an app that leaves and joins again later makes a second room, not a reconnect', () => {
    const first = liveKitConversation();
    const later = liveKitConversation({ t0: first[first.length - 1]!.t + 10_000 }).map((e) => ('id' in e && typeof e.id === 'string' && e.id.startsWith('ws-') ? { ...e, id: e.id.replace('ws-', 'ws-b') } : e)) as CaptureEvent[];
    const a = createAnalyzer();
    for (const ev of [...first, ...later]) a.push(ev);
    expect(a.snapshot().rooms.map((r) => r.reconnects.length)).toEqual([1, 1]);
  });
});

describe('the room tracker on its own', () => {
  it('tells a join left unanswered once the SDK\'s own time-out has passed, not before', () => {
    const told: LiveKitEvent[] = [];
    const tr = new LiveKitRoomTracker((e) => told.push(e));
    const [create, open] = liveKitConversation({ noJoin: true }) as [CaptureEvent & { kind: 'ws.create' }, CaptureEvent & { kind: 'ws.open' }];
    tr.onCreate(create);
    tr.onOpen(open);
    tr.tick(open.t + LIVEKIT_JOIN_TIMEOUT_MS - 1);
    expect(told).toEqual([]);
    tr.tick(open.t + LIVEKIT_JOIN_TIMEOUT_MS);
    tr.tick(open.t + 2 * LIVEKIT_JOIN_TIMEOUT_MS);
    expect(told.map((e) => e.what)).toEqual(['join-unanswered']);
    expect(tr.rooms[0]!.state).toBe('joining');
  });
});
