import { describe, expect, it } from 'vitest';
import { isKeepaliveMessage, methodFamily, shortMethodNames } from '../../../../core/protocol/method-names.js';

describe('short method names', () => {
  it('drops a family only when two or more methods repeat it', () => {
    const names = shortMethodNames(['telnyx_rtc.invite', 'telnyx_rtc.ping', 'telnyx_rtc.invite', 'login', 'webrtc.verto']);
    expect(names.get('telnyx_rtc.invite')).toBe('invite');
    expect(names.get('telnyx_rtc.ping')).toBe('ping');
    // A family seen once says which SDK speaks: it stays.
    expect(names.get('webrtc.verto')).toBe('webrtc.verto');
    expect(names.get('login')).toBe('login');
  });

  it('keeps full names where short ones would read alike', () => {
    const names = shortMethodNames(['verto.invite', 'verto.answer', 'telnyx_rtc.invite', 'telnyx_rtc.bye']);
    expect(names.get('verto.invite')).toBe('verto.invite');
    expect(names.get('telnyx_rtc.invite')).toBe('telnyx_rtc.invite');
    expect(names.get('verto.answer')).toBe('answer');
    expect(names.get('telnyx_rtc.bye')).toBe('bye');
  });

  it('only splits at a dot inside the name', () => {
    expect(methodFamily('telnyx_rtc.invite')).toBe('telnyx_rtc');
    expect(methodFamily('.x')).toBe('');
    expect(methodFamily('x.')).toBe('');
    expect(methodFamily('INVITE')).toBe('');
  });
});

describe('keepalive messages', () => {
  it('are pings of any SDK, their replies (which carry the request method) and SIP CRLF', () => {
    expect(isKeepaliveMessage({ method: 'telnyx_rtc.ping' })).toBe(true);
    expect(isKeepaliveMessage({ method: 'signalwire.ping' })).toBe(true);
    expect(isKeepaliveMessage({ method: 'CRLF keepalive' })).toBe(true);
    expect(isKeepaliveMessage({ method: 'webrtc.verto', inner: { protocol: 'verto', kind: 'request', method: 'verto.ping' } })).toBe(true);
    expect(isKeepaliveMessage({ method: 'telnyx_rtc.invite' })).toBe(false);
    expect(isKeepaliveMessage({})).toBe(false);
    expect(isKeepaliveMessage(undefined)).toBe(false);
  });
});
