import { describe, expect, it } from 'vitest';
import { NegotiationTracker } from '../../../../core/protocol/negotiated.js';
import { sdpIsHold, sdpMediaDirections } from '../../../../core/protocol/sdp.js';
import { sdp } from '../../../fixtures/protocol/builder.js';

/** Two sections, audio then video, each with its own direction, and a data channel between them. */
function av(audio: string, video: string): string {
  return [
    'v=0',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    `a=${audio}`,
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'a=sctp-port:5000',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    `a=${video}`,
    '',
  ].join('\r\n');
}

describe('sdpMediaDirections', () => {
  it('lists audio and video sections in order and leaves the data channel out', () => {
    expect(sdpMediaDirections(av('sendonly', 'recvonly'))).toEqual([
      { kind: 'audio', direction: 'sendonly' },
      { kind: 'video', direction: 'recvonly' },
    ]);
  });

  it('falls back to the session-level attribute, then sendrecv; a port-0 section is inactive', () => {
    const noAttr = sdp('u').replace('a=sendrecv\r\n', '');
    expect(sdpMediaDirections(noAttr)).toEqual([{ kind: 'audio', direction: 'sendrecv' }]);
    expect(sdpMediaDirections(noAttr.replace('t=0 0\r\n', 't=0 0\r\na=inactive\r\n'))).toEqual([{ kind: 'audio', direction: 'inactive' }]);
    expect(sdpMediaDirections(sdp('u').replace('m=audio 9 ', 'm=audio 0 '))).toEqual([{ kind: 'audio', direction: 'inactive' }]);
  });

  it('leaves hold detection as it was: every section sendonly or inactive', () => {
    expect(sdpIsHold(sdp('u', { direction: 'sendonly' }))).toBe(true);
    expect(sdpIsHold(sdp('u', { direction: 'inactive' }))).toBe(true);
    expect(sdpIsHold(sdp('u', { direction: 'recvonly' }))).toBe(false);
    expect(sdpIsHold(sdp('u'))).toBe(false);
    expect(sdpIsHold('v=0\r\n')).toBe(false);
  });
});

describe('NegotiationTracker', () => {
  it('knows nothing before an answer', () => {
    const n = new NegotiationTracker();
    n.local(1, { type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) });
    expect(n.current).toBeUndefined();
  });

  it('reads the far end answer from our side: their recvonly is our sendonly', () => {
    const n = new NegotiationTracker();
    n.local(1, { type: 'offer', sdp: av('sendrecv', 'sendrecv') });
    n.remote(2, { type: 'answer', sdp: av('recvonly', 'inactive') });
    expect(n.current).toEqual({
      t: 2,
      sections: [
        { kind: 'audio', direction: 'sendonly' },
        { kind: 'video', direction: 'inactive' },
      ],
      send: true,
      recv: false,
    });
  });

  it('reads our own answer as it is, and a mixed one as both ways', () => {
    const n = new NegotiationTracker();
    n.remote(1, { type: 'offer', sdp: av('sendrecv', 'sendonly') });
    n.local(2, { type: 'answer', sdp: av('sendonly', 'recvonly') });
    expect(n.current).toMatchObject({ send: true, recv: true });
  });

  it('ignores a rollback and an offer with no SDP', () => {
    const n = new NegotiationTracker();
    n.remote(1, { type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) });
    n.local(2, { type: 'rollback' });
    expect(n.current).toBeUndefined();
    n.remote(3, { type: 'offer' });
    n.local(4, undefined);
    // The offer from t=1 is still the one answered.
    expect(n.current).toMatchObject({ t: 4, send: false, recv: true });
  });

  it('an implicit local description with no remote offer pending changes nothing (it was an offer)', () => {
    const n = new NegotiationTracker();
    n.local(1, undefined);
    expect(n.current).toBeUndefined();
  });
});
