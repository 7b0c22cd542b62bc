import { describe, expect, it } from 'vitest';
import { ICEServer, JoinResponse, Room, SignalResponse } from '@livekit/protocol';
import { redactLiveKitPreview } from '../../../../core/redaction/livekit.js';
import { redactJson } from '../../../../core/redaction/value.js';
import { previewBytes } from '../../../../core/capture/preview.js';
import { lkFrame, res, req, LK_TOKEN } from '../../../fixtures/protocol/livekit-conversation.js';

const join = lkFrame(
  1,
  'ws-1',
  res({
    case: 'join',
    value: new JoinResponse({
      room: new Room({ name: 'demo', turnPassword: 'ROOM-TURN-PW' }),
      iceServers: [new ICEServer({ urls: ['turn:127.0.0.1:3478'], username: 'turn-user', credential: 'TURN-CRED' })],
      serverVersion: '1.9.0',
    }),
  }),
);

describe('LiveKit frames through the one secret policy', () => {
  it('redacts secrets inside the protobuf and keeps a frame that still decodes, with the rest intact', () => {
    const { value, report } = redactJson({ frames: [join] });
    const out = value.frames[0]!;
    expect(out.preview).not.toBe(join.preview);
    const back = SignalResponse.fromBinary(previewBytes(out.preview!));
    expect(back.message.case).toBe('join');
    const j = back.message.value as JoinResponse;
    expect(j.room?.name).toBe('demo');
    expect(j.serverVersion).toBe('1.9.0');
    expect(j.room?.turnPassword).toBe('[redacted]');
    expect(j.iceServers[0]!.credential).toBe('[redacted]');
    expect(j.iceServers[0]!.username).toBe('[redacted]');
    expect(j.iceServers[0]!.urls).toEqual(['turn:127.0.0.1:3478']);
    expect(report.map((r) => r.field)).toEqual(expect.arrayContaining(['turnPassword', 'credential', 'username']));
  });

  it('redacts a refreshed token, and leaves frames without secrets byte for byte', () => {
    const refresh = lkFrame(2, 'ws-1', res({ case: 'refreshToken', value: LK_TOKEN }));
    const r = redactLiveKitPreview(refresh.preview!, 'received', (v) => redactJson(v).value);
    expect(r?.changed).toBe(true);
    expect((SignalResponse.fromBinary(previewBytes(r!.preview)).message.value as string)).toBe('[redacted]');
    const ping = lkFrame(3, 'ws-1', req({ case: 'ping', value: 5n }));
    expect(redactLiveKitPreview(ping.preview!, 'sent', (v) => redactJson(v).value)).toEqual({ preview: ping.preview, changed: false });
  });

  it('leaves bytes that are not LiveKit to the text rules', () => {
    const hex = Buffer.from('{"password":"x"}').toString('hex');
    expect(redactLiveKitPreview(hex, 'sent', (v) => v)).toBeUndefined();
  });
});
