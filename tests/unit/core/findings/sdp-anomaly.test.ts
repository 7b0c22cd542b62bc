/**
 * sdp-anomaly: duplicated once-only lines, a missing a=mid under BUNDLE, answered codecs that share none
 * with the offer's and an audio offer answered without an audio codec; Chromium-shaped descriptions stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { createSdpAnomalyRule } from '../../../../core/findings/sdp-anomaly.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const section = (kind: string, mid: string, codecs: [number, string][], extra: string[] = [], port = 9) => [
  `m=${kind} ${port} UDP/TLS/RTP/SAVPF ${codecs.map(([pt]) => pt).join(' ')}`,
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:asd88fgpdd777uzjYhagZg3p',
  'a=fingerprint:sha-256 AB:CD',
  'a=setup:actpass',
  ...(mid ? [`a=mid:${mid}`] : []),
  'a=sendrecv',
  ...codecs.map(([pt, name]) => `a=rtpmap:${pt} ${name}`),
  ...extra,
];
const desc = (...secs: string[][]) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1', ...secs.flat(), ''].join('\r\n');
const OPUS: [number, string][] = [[111, 'opus/48000/2'], [126, 'telephone-event/8000']];
const VP8: [number, string][] = [[96, 'VP8/90000'], [97, 'rtx/90000']];

function run(offer: string, answer: string) {
  const s = new Seq(0).pcCreate('pc-1');
  s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: offer }]);
  s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: answer }]);
  return findingsOf(s.events, 'sdp-anomaly').map((f) => f.message);
}

describe('sdp-anomaly', () => {
  it('stays quiet on a well-formed offer and answer', () => {
    const ok = desc(section('audio', '0', OPUS, ['a=fmtp:111 minptime=10;useinbandfec=1', 'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level']), section('video', '1', VP8, ['a=fmtp:97 apt=96']));
    expect(run(ok, ok)).toEqual([]);
    expect(createSdpAnomalyRule().id).toBe('sdp-anomaly');
  });

  it('reports a duplicated rtpmap, extmap id, a second direction and a missing mid under BUNDLE', () => {
    const bad = desc(section('audio', '0', OPUS, ['a=rtpmap:111 opus/48000/2', 'a=extmap:1 a', 'a=extmap:1 b', 'a=recvonly']), section('video', '', VP8));
    const msgs = run(bad, desc(section('audio', '0', OPUS), section('video', '1', VP8)));
    expect(msgs).toContain('SDP problem in the local offer of pc-1: duplicated a=rtpmap:111 in the audio section (mid 0)');
    expect(msgs).toContain('SDP problem in the local offer of pc-1: duplicated a=extmap:1 in the audio section (mid 0)');
    expect(msgs).toContain('SDP problem in the local offer of pc-1: 2 direction attributes in the audio section (mid 0)');
    expect(msgs).toContain('SDP problem in the local offer of pc-1: no a=mid in the video section #2 of a BUNDLE description');
  });

  it('reports an answer with no codec in common, and an audio offer answered without audio codec', () => {
    const offer = desc(section('audio', '0', OPUS), section('video', '1', VP8));
    const h264 = desc(section('audio', '0', OPUS), section('video', '1', [[102, 'H264/90000']]));
    expect(run(offer, h264)).toEqual(["SDP problem in the remote answer of pc-1: the answer's video codecs (h264) share none with the offer's (vp8, rtx)"]);
    const dtmfOnly = desc(section('audio', '0', [[126, 'telephone-event/8000']]), section('video', '1', VP8));
    expect(run(offer, dtmfOnly)).toEqual(['SDP problem in the remote answer of pc-1: no audio codec answered (offered opus)']);
    const rejected = desc(section('audio', '0', OPUS, [], 0), section('video', '1', VP8));
    expect(run(offer, rejected)).toEqual(['SDP problem in the remote answer of pc-1: no audio codec answered (offered opus)']);
  });

  it('a rejected video section is no anomaly (an audio-only far end)', () => {
    const offer = desc(section('audio', '0', OPUS), section('video', '1', VP8));
    expect(run(offer, desc(section('audio', '0', OPUS), section('video', '1', VP8, [], 0)))).toEqual([]);
  });
});
