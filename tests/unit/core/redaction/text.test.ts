import { describe, expect, it } from 'vitest';
import { redactFreeText } from '../../../../core/redaction/text.js';
import { redactTokensInText } from '../../../../core/redaction/tokens.js';
import { redactArgv } from '../../../../core/redaction/argv.js';
import { redactUrl } from '../../../../core/redaction/url.js';

const KEEP = { phoneNumbers: 'keep', sipAddresses: 'keep' } as const;

describe('secrets in free text', () => {
  it('keeps the scheme word of a credential header and hides the credential', () => {
    expect(redactFreeText('Authorization: Basic YWxpY2U6cHc=\r\nAccept: */*')).toBe('Authorization: Basic [redacted]\r\nAccept: */*');
    expect(redactFreeText('proxy-authorization: Bearer abc.def.ghi-1234')).toBe('proxy-authorization: Bearer [redacted]');
    expect(redactFreeText('X-API-Key: k-123456\r\nCookie: sid=abc123')).toBe('X-API-Key: [redacted]\r\nCookie: [redacted]');
  });

  it('hides SIP digest responses and nonces, SIP URI passwords, SDP ice-pwd and SDES keys', () => {
    const sip = 'WWW-Authenticate: Digest realm="pbx", nonce="n0nce-77", qop="auth"\r\nContact: <sip:bob:pw-1@10.0.0.1>\r\n';
    const out = redactFreeText(sip, KEEP);
    expect(out).toContain('realm="pbx", nonce="[redacted]", qop="auth"');
    expect(out).toContain('<sip:bob:[redacted]@10.0.0.1>');
    const sdp = 'a=ice-ufrag:Ww6r\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldY|2^20\r\n';
    expect(redactFreeText(sdp)).toBe('a=ice-ufrag:Ww6r\r\na=ice-pwd:[redacted]\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[redacted]|2^20\r\n');
  });

  it('decodes before matching: a %-encoded phone number in a query, a path, a form body, encoded twice', () => {
    expect(redactFreeText('https://a.example/call?destination=%2B15550100200&room=7')).toBe('https://a.example/call?destination=[redacted]&room=7');
    expect(redactFreeText('wss://a.example/call/%2B15550100300/join')).toBe('wss://a.example/call/[redacted]/join');
    expect(redactFreeText('to=%2B15550100400&from=%2B1%20555%20010%200500&text=hi')).toBe('to=[redacted]&from=[redacted]&text=hi');
    expect(redactFreeText('x?d=%252B15550100700')).toBe('x?d=[redacted]');
    // "Phone numbers: keep" keeps them, encoded or not.
    expect(redactFreeText('https://a.example/call?destination=%2B15550100200', KEEP)).toBe('https://a.example/call?destination=%2B15550100200');
  });

  it('decodes before matching secrets too: a token inside a URL inside a parameter', () => {
    expect(redactFreeText('https://a.example/login?next=https%3A%2F%2Fb.example%2Fcb%3Faccess_token%3Dsecret-99%26x%3D1')).toBe(
      'https://a.example/login?next=https%3A%2F%2Fb.example%2Fcb%3Faccess_token%3D[redacted]%26x%3D1',
    );
  });

  it('does not take ordinary numbers, timestamps or candidates for phone numbers', () => {
    for (const s of [
      'candidate:1400695622 1 udp 2122194687 192.0.2.2 53240 typ host generation 0 ufrag Ww6r network-id 1',
      'at 2026-12-03T11:31:31%2B01:00 rtt=0.02',
      'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    ])
      expect(redactFreeText(s)).toBe(s);
  });

  it('the hook subset finds JWTs, URL secrets and userinfo', () => {
    expect(redactTokensInText('wss://u:p@h.example/x?sat=abc123&room=1')).toBe('wss://[redacted]@h.example/x?sat=[redacted]&room=1');
  });
});

describe('command lines and URLs', () => {
  it('redacts the values of secret-named flags and keeps the rest', () => {
    expect(redactArgv(['node', 'app.js', '--password', 'X1', '--api-key', 'Y2', '--token=Z3', '--region', 'eu', '--verbose'])).toEqual([
      'node', 'app.js', '--password', '[redacted]', '--api-key', '[redacted]', '--token=[redacted]', '--region', 'eu', '--verbose',
    ]);
    expect(redactFreeText('node: node app.js --password X1 --api-key Y2 -v')).toBe('node: node app.js --password [redacted] --api-key [redacted] -v');
  });

  it('a URL stays a URL: userinfo and secret parameters replaced through the parser', () => {
    expect(redactUrl('wss://bob:pw@relay.example/x?jwt=abc&room=1')).toBe('wss://redacted@relay.example/x?jwt=%5Bredacted%5D&room=1');
    expect(redactUrl('https://p.example/?turn=turn:t&user=bob&pass=pw', { iceServer: true })).toBe('https://p.example/?turn=turn%3At&user=%5Bredacted%5D&pass=%5Bredacted%5D');
  });
});
