import { describe, expect, it } from 'vitest';
import { AddTrackRequest, LeaveRequest, DisconnectReason, LeaveRequest_Action, TrackType } from '@livekit/protocol';
import { isLiveKitUrl, liveKitTree, liveKitUrlFacts, parseLiveKitFrame } from '../../../../../core/protocol/decoders/livekit.js';
import { parseFrame } from '../../../../../core/protocol/decoders/index.js';
import { createAnalyzer } from '../../../../../core/protocol/analyzer.js';
import { liveKitConversation, lkFrame, lkUrl, req, res } from '../../../../fixtures/protocol/livekit-conversation.js';

describe('LiveKit recognition', () => {
  it('knows the /rtc and /rtc/v1 URLs by their path and client query, and reads sdk, version and protocol', () => {
    expect(isLiveKitUrl(lkUrl())).toBe(true);
    expect(isLiveKitUrl('wss://x.livekit.cloud/rtc/v1?access_token=abc&join_request=Zg')).toBe(true);
    expect(isLiveKitUrl('wss://x.example/rtc?room=1')).toBe(false);
    expect(isLiveKitUrl('wss://x.example/signal?access_token=abc')).toBe(false);
    expect(liveKitUrlFacts(lkUrl({ resume: true, sid: 'PA_1' }))).toEqual({ sdk: 'js', version: '2.23.0', protocol: 16, resume: true, v1: false, sid: 'PA_1' });
    expect(liveKitUrlFacts('wss://h/rtc/v1?access_token=a&join_request=b').v1).toBe(true);
  });

  it('names livekit-client and its version from the socket URL in the analysis', () => {
    const a = createAnalyzer();
    for (const ev of liveKitConversation()) a.push(ev);
    const s = a.snapshot();
    expect(s.sdks.map((x) => [x.name, x.version])).toEqual([['livekit-client', '2.23.0']]);
    expect(s.connections[0]).toMatchObject({ sdk: 'livekit', sdkName: 'livekit-client', sdkVersion: '2.23.0', protocolMajor: 16 });
  });
});

describe('LiveKit frames decoded', () => {
  it('decodes every frame of a room (none left as binary) with its method, and pairs what the protocol pairs', () => {
    const a = createAnalyzer();
    for (const ev of liveKitConversation()) a.push(ev);
    const msgs = a.snapshot().messages;
    expect(msgs.length).toBeGreaterThan(20);
    expect(msgs.every((m) => m.protocol === 'livekit' && m.method?.startsWith('livekit.') && !m.parseError)).toBe(true);
    const by = (method: string, dir: string) => msgs.filter((m) => m.method === method && m.dir === dir);
    // addTrack -> trackPublished by cid
    const [add] = by('livekit.addTrack', 'sent');
    expect(msgs[add!.pairedWith!]!.summary).toContain('trackPublished TR_alice_audio');
    // publisher offer (sent) -> answer (received); subscriber offer (received) -> answer (sent)
    expect(msgs[by('livekit.offer', 'sent')[0]!.pairedWith!]!.method).toBe('livekit.answer');
    expect(msgs[by('livekit.offer', 'received')[0]!.pairedWith!]!.dir).toBe('sent');
    // ping -> pong, pingReq -> pongResp by timestamp
    expect(by('livekit.ping', 'sent').every((m) => msgs[m.pairedWith!]?.method === 'livekit.pong')).toBe(true);
    expect(by('livekit.pingReq', 'sent').every((m) => msgs[m.pairedWith!]?.method === 'livekit.pongResp')).toBe(true);
    expect(msgs.find((m) => m.method === 'livekit.trickle' && m.dir === 'received')!.summary).toBe('trickle subscriber host udp');
    expect(msgs.find((m) => m.method === 'livekit.join')!.summary).toContain('join room "demo" as "alice" PA_local, 1 other(s), server 1.9.0');
  });

  it('a refreshed token never reaches a summary; a leave names its reason and action', () => {
    const r = parseLiveKitFrame(lkFrame(1, 'ws-1', res({ case: 'refreshToken', value: 'SECRET-TOKEN' })));
    expect(r.summary).not.toContain('SECRET');
    const l = parseLiveKitFrame(lkFrame(1, 'ws-1', res({ case: 'leave', value: new LeaveRequest({ reason: DisconnectReason.DUPLICATE_IDENTITY, action: LeaveRequest_Action.DISCONNECT }) })));
    expect(l.summary).toBe('leave DUPLICATE_IDENTITY, DISCONNECT');
  });

  it('gives the decoded tree for display, and a clear error for bytes that are not LiveKit or were cut', () => {
    const f = lkFrame(1, 'ws-1', req({ case: 'addTrack', value: new AddTrackRequest({ cid: 'c1', name: 'mic', type: TrackType.VIDEO }) }));
    expect(liveKitTree(f)).toEqual({ addTrack: { cid: 'c1', name: 'mic', type: 'VIDEO' } });
    const bad = parseFrame({ ...f, preview: 'ff ff ff' }, 'livekit');
    expect(bad.protocol).toBe('livekit');
    expect(bad.parseError).toMatch(/not a LiveKit SignalRequest/);
    expect(liveKitTree({ ...f, preview: 'ff ff ff' })).toBeUndefined();
    expect(parseFrame({ ...f, truncated: true }, 'livekit').parseError).toBe('frame truncated by the capture limit');
    // A binary frame on a socket not known as LiveKit stays binary.
    expect(parseFrame(f).protocol).toBe('binary');
  });

  it('reads protobuf JSON text frames on a LiveKit socket too', () => {
    const d = parseFrame({ kind: 'ws.frame', t: 1, id: 'ws-1', dir: 'received', size: 10, binary: false, text: '{"pong":"12"}' }, 'livekit');
    expect(d.method).toBe('livekit.pong');
    expect(d.id).toBe('ping:12');
  });
});
