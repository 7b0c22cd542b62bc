import { describe, expect, it } from 'vitest';
import { sdpsOf, summarizeSdp } from '../../../../ui/views/sdp-model.js';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  'a=group:BUNDLE 0 1',
  'a=ice-ufrag:sess',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'a=mid:0',
  'a=ice-ufrag:abcd',
  'a=fingerprint:sha-256 AA:BB',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:0 PCMU/8000',
  'a=extmap:1 urn:x',
  'a=candidate:1 1 udp 1 10.0.0.1 5000 typ host',
  'a=candidate:2 1 udp 1 1.2.3.4 6000 typ relay',
  'a=ssrc:11 cname:x',
  'a=ssrc:11 msid:y',
  'm=video 0 UDP/TLS/RTP/SAVPF 96 97',
  'a=mid:1',
  'a=inactive',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('summarizeSdp', () => {
  it('reads each m-line: kind, mid, direction, codecs in payload order, candidates, SSRCs, DTLS', () => {
    const { session, media } = summarizeSdp(OFFER);
    expect(session.bundle).toBe('0 1');
    expect(media).toHaveLength(2);
    expect(media[0]).toMatchObject({ kind: 'audio', mid: '0', direction: 'sendrecv', codecs: ['opus/48000/2', 'PCMU/8000'], candidates: 2, ssrcs: 1, hasFingerprint: true, rtcpMux: true, extensions: 1, iceUfrag: 'abcd' });
    // A payload type without rtpmap stays visible as its number.
    expect(media[1]).toMatchObject({ kind: 'video', port: '0', mid: '1', direction: 'inactive', codecs: ['VP8/90000', '97'], candidates: 0, hasFingerprint: false, iceUfrag: 'sess' });
  });

  it('copes with text that is not SDP', () => {
    expect(summarizeSdp('<script>x</script>').media).toEqual([]);
  });
});

describe('sdpsOf', () => {
  it('takes the last description applied on each side', () => {
    const log = [
      { kind: 'pc.call', method: 'setLocalDescription', args: [{ type: 'offer', sdp: 'o1' }] },
      { kind: 'pc.call', method: 'setRemoteDescription', args: [{ type: 'answer', sdp: 'a1' }] },
      { kind: 'pc.call', method: 'setLocalDescription', args: [{ type: 'offer', sdp: 'o2' }] },
      { kind: 'pc.call', method: 'setLocalDescription', args: [] },
      { kind: 'pc.event', method: undefined },
    ];
    expect(sdpsOf(log)).toEqual({ local: { type: 'offer', sdp: 'o2' }, remote: { type: 'answer', sdp: 'a1' } });
  });
});
