import { describe, expect, it } from 'vitest';
import { frameMeaning, methodMatches } from '../../../../core/simulate/match.js';

describe('frameMeaning', () => {
  it('reads JSON-RPC requests and replies, with the Verto method SignalWire nests', () => {
    expect(frameMeaning('{"jsonrpc":"2.0","id":7,"method":"telnyx_rtc.modify","params":{}}')).toEqual({ request: true, methods: ['telnyx_rtc.modify'], key: 'j:7' });
    expect(frameMeaning('{"jsonrpc":"2.0","id":7,"result":{}}')).toEqual({ request: false, key: 'j:7' });
    expect(frameMeaning('{"jsonrpc":"2.0","id":"a","method":"webrtc.verto","params":{"message":{"method":"verto.modify","id":3}}}')).toEqual({
      request: true,
      methods: ['webrtc.verto', 'verto.modify'],
      key: 'j:a',
    });
  });

  it('reads SIP requests and responses by CSeq', () => {
    const req = 'INVITE sip:bob@example.com SIP/2.0\r\nVia: x\r\nCSeq: 12 INVITE\r\n\r\n';
    const resp = 'SIP/2.0 200 OK\r\nVia: x\r\nCSeq: 12 INVITE\r\n\r\n';
    expect(frameMeaning(req)).toEqual({ request: true, methods: ['INVITE'], key: 's:12 INVITE' });
    expect(frameMeaning(resp)).toEqual({ request: false, key: 's:12 INVITE' });
  });

  it('knows nothing of other text, and never throws', () => {
    expect(frameMeaning('hello')).toBeNull();
    expect(frameMeaning('{not json')).toBeNull();
    expect(frameMeaning('{"type":"debug_report_start"}')).toBeNull();
    expect(frameMeaning(undefined as unknown as string)).toBeNull();
  });

  it('matches a pattern anywhere in any of the methods', () => {
    expect(methodMatches(/ping/, ['telnyx_rtc.ping'])).toBe(true);
    expect(methodMatches(/^verto\.modify$/, ['webrtc.verto', 'verto.modify'])).toBe(true);
    expect(methodMatches(/modify/, ['telnyx_rtc.invite'])).toBe(false);
  });
});
