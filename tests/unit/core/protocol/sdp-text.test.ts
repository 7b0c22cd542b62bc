import { describe, expect, it } from 'vitest';
import { findEmbeddedSdps, looksLikeSdp, sdpLines } from '../../../../core/protocol/sdp-text.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n';

describe('embedded SDP', () => {
  it('recognises an SDP and not text that merely starts alike', () => {
    expect(looksLikeSdp(SDP)).toBe(true);
    expect(looksLikeSdp(SDP.replace(/\r\n/g, '\n'))).toBe(true);
    expect(looksLikeSdp('v=0 is my version')).toBe(false);
    expect(looksLikeSdp('v=0\r\nhello')).toBe(false);
  });

  it('splits into lines without terminators or an empty tail', () => {
    expect(sdpLines(SDP)).toEqual(['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2']);
    expect(sdpLines('v=0\nm=x\n\n')).toEqual(['v=0', 'm=x']);
  });

  it('finds every SDP string in a frame, with where it is', () => {
    const frame = { id: 1, method: 'webrtc.verto', params: { message: { params: { sdp: SDP } }, list: [{ sdp: SDP }, 'v=0 not sdp'] } };
    expect(findEmbeddedSdps(frame).map((s) => s.path)).toEqual(['params.message.params.sdp', 'params.list[0].sdp']);
    expect(findEmbeddedSdps(SDP)).toEqual([{ path: '(value)', sdp: SDP }]);
    expect(findEmbeddedSdps({ a: 1, b: 'x' })).toEqual([]);
    expect(findEmbeddedSdps({ a: SDP, b: SDP, c: SDP }, 2)).toHaveLength(2);
  });
});
