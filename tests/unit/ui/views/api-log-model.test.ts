import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { apiLogRows } from '../../../../ui/views/api-log-model.js';
import { sdpLines } from '../../../../core/protocol/sdp-text.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
const id = 'd:pc-1';

describe('API log rows', () => {
  it('shows each call with its arguments and its result, and events with their data', () => {
    const log: CaptureEvent[] = [
      { kind: 'pc.create', t: 1, id, config: { iceServers: [] } },
      { kind: 'pc.call', t: 2, id, method: 'createOffer', args: [{ offerToReceiveAudio: true }] },
      { kind: 'pc.result', t: 3, id, method: 'createOffer', ok: true, value: { type: 'offer', sdp: SDP }, durationMs: 1 },
      { kind: 'pc.call', t: 4, id, method: 'setLocalDescription', args: [{ type: 'offer', sdp: SDP }] },
      { kind: 'pc.event', t: 5, id, type: 'signalingstatechange', data: { state: 'have-local-offer' } },
      { kind: 'pc.result', t: 6, id, method: 'setLocalDescription', ok: true, durationMs: 2 },
      { kind: 'pc.event', t: 7, id, type: 'icecandidate', data: { candidate: 'candidate:1 1 udp 2122260223 192.168.1.2 5000 typ host' } },
      { kind: 'pc.event', t: 8, id, type: 'icecandidate', data: { candidate: null } },
      { kind: 'pc.event', t: 8, id, type: 'icecandidate', data: { candidate: { candidate: 'candidate:2 1 udp 1 ::1 9 typ host', sdpMid: '0' } } },
      { kind: 'pc.call', t: 9, id, method: 'setRemoteDescription', args: [{ type: 'answer', sdp: 'bad' }] },
      { kind: 'pc.result', t: 10, id, method: 'setRemoteDescription', ok: false, value: { name: 'InvalidAccessError', message: 'Failed to parse SessionDescription' }, durationMs: 0 },
      { kind: 'pc.call', t: 11, id, method: 'addIceCandidate', args: [{ candidate: '', sdpMid: '0' }] },
      { kind: 'pc.call', t: 12, id, method: 'close', args: [] },
      { kind: 'pc.result', t: 12, id, method: 'close', ok: true, durationMs: 0 },
    ];
    const rows = apiLogRows(log);
    expect(rows.map((r) => [r.title, r.detail, r.result?.text])).toEqual([
      ['new RTCPeerConnection(configuration)', undefined, undefined],
      ['createOffer({"offerToReceiveAudio":true})', undefined, 'offer (4 SDP lines)'],
      ['setLocalDescription(offer)', undefined, 'ok'],
      ['signalingstatechange', 'have-local-offer', undefined],
      ['icecandidate', 'candidate:1 1 udp 2122260223 192.168.1.2 5000 typ host', undefined],
      ['icecandidate', 'end of candidates', undefined],
      ['icecandidate', 'candidate:2 1 udp 1 ::1 9 typ host', undefined],
      ['setRemoteDescription(answer)', undefined, 'InvalidAccessError: Failed to parse SessionDescription'],
      ['addIceCandidate(end of candidates)', undefined, undefined],
      ['close()', undefined, 'ok'],
    ]);
    expect(rows[1]!.sdp).toEqual({ label: 'offer SDP returned', text: SDP });
    expect(rows[2]!.sdp?.label).toBe('offer SDP passed in');
    expect(rows[7]!.result?.ok).toBe(false);
  });

  it('splits SDP into its lines', () => {
    expect(sdpLines(SDP)).toEqual(['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'm=audio 9 UDP/TLS/RTP/SAVPF 111']);
  });
});
