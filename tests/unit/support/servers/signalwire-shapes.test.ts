/**
 * The pure helpers of the fake SignalWire relay: test JWTs both SDKs decode, the connect result
 * per authorization flavour, and the candidate stripping that makes the 4.0 beta answer inbound calls.
 */
import { describe, expect, it } from 'vitest';
import { makeTestJwt, readJwtClaims } from '../../../support/servers/signalwire-jwt.js';
import { connectResult, newSession, withoutCandidates } from '../../../support/servers/signalwire-shapes.js';

describe('test JWTs', () => {
  it('round-trip their claims, with iat/exp filled in, as three base64url parts', () => {
    const token = makeTestJwt({ typ: 'SAT', jti: 'j-1', ch: 'puc.example.test' });
    expect(token.split('.')).toHaveLength(3);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const claims = readJwtClaims(token)!;
    expect(claims).toMatchObject({ typ: 'SAT', jti: 'j-1', ch: 'puc.example.test' });
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3000);
  });

  it('reading anything that is not a JWT gives null', () => {
    for (const bad of [undefined, 42, '', 'abc', 'a.%%%.c', `a.${Buffer.from('[1]').toString('base64url')}.c`]) {
      expect(readJwtClaims(bad)).toBeNull();
    }
  });
});

describe('connect results', () => {
  it('embed the signature in the protocol, so the SDKs agree to resume with it', () => {
    for (const flavour of ['video', 'fabric', 'relay'] as const) {
      const s = newSession(flavour, 'proj', 'sig-1');
      const r = connectResult(s, []) as { protocol: string; authorization: { signature: string } };
      expect(r.protocol.split('_')[1]).toBe(r.authorization.signature);
    }
  });

  it('give a jti only to Call Fabric sessions (3.x picks video.message vs webrtc.verto on it)', () => {
    const video = connectResult(newSession('video', 'proj', undefined), []) as { authorization: Record<string, unknown> };
    const fabric = connectResult(newSession('fabric', 'proj', undefined), []) as { authorization: Record<string, unknown> };
    expect('jti' in video.authorization).toBe(false);
    expect(typeof fabric.authorization.jti).toBe('string');
  });

  it('copy the ICE servers, TURN credentials included', () => {
    const r = connectResult(newSession('fabric', 'p', undefined), [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }]);
    expect(r.ice_servers).toEqual([{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }]);
  });
});

describe('withoutCandidates', () => {
  it('drops candidate lines and end-of-candidates, keeps everything else in order with CRLF', () => {
    const sdp = ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', 'a=candidate:1 1 udp 1 192.0.2.2 5000 typ host', 'a=end-of-candidates', 'a=sendrecv', ''].join('\r\n');
    expect(withoutCandidates(sdp)).toBe('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendrecv\r\n');
  });
});
