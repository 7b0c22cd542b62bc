import { describe, expect, it } from 'vitest';
import { buildBundleWithReport, serializeBundle } from '../../../../core/bundle/build.js';
import { redactText, redactValue } from '../../../../core/bundle/redact.js';
import { CLEAN_SDP_LINES, SECRETS, loginFrame, secretCapture, telnyxLogin } from './corpus.js';

function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keyPaths(x, `${prefix}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [`${prefix}.${k}`, ...keyPaths(x, `${prefix}.${k}`)]);
  return [];
}

describe('redaction of a whole bundle', () => {
  const { bundle, redactions } = buildBundleWithReport(secretCapture());
  const text = serializeBundle(bundle);

  it('leaves none of the planted secrets anywhere in the serialized bundle', () => {
    const found = Object.entries(SECRETS).filter(([, s]) => text.includes(String(s)));
    expect(found.map(([name]) => name)).toEqual([]);
  });

  it('leaves no JWT-looking text at all', () => {
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\./);
  });

  it('keeps redacted JSON frames as JSON of the same shape, with their true size', () => {
    const frames = bundle.sockets[0]!.frames;
    const login = frames.find((f) => f.text?.includes('signalwire.connect'))!;
    const parsed = JSON.parse(login.text!);
    expect(keyPaths(parsed)).toEqual(keyPaths(JSON.parse(loginFrame)));
    expect(parsed.params.authentication.jwt_token).toBe('[redacted]');
    expect(parsed.params.agent).toBe('js/4.0.0');
    expect(login.size).toBe(new TextEncoder().encode(loginFrame).length);
    const telnyx = JSON.parse(frames.find((f) => f.text?.includes('"login"'))!.text!);
    expect(keyPaths(telnyx)).toEqual(keyPaths(JSON.parse(telnyxLogin)));
    expect(telnyx.params.login).toBe('alice');
  });

  it('keeps what support needs: SDP lines, stats, URLs minus their secrets, non-secret fields', () => {
    const sdp = bundle.peerConnections[0]!.sdps[0]!.sdp;
    for (const line of CLEAN_SDP_LINES) expect(sdp).toContain(line);
    expect(sdp).toContain('a=ice-pwd:[redacted]');
    expect(bundle.sockets[0]!.url).toBe('wss://[redacted]@relay.example.com/api/[redacted]?token=[redacted]&access_token=[redacted]&region=eu');
    expect(bundle.peerConnections[0]!.config).toEqual({
      iceServers: [{ urls: 'turn:turn.example.com', username: '[redacted]', credential: '[redacted]' }],
      iceTransportPolicy: 'all',
    });
    expect(bundle.calls[0]!.hangup).toEqual({ cause: 'NORMAL_CLEARING', code: 16 });
    expect(bundle.findings[0]!.message).toBe('token [redacted] expired');
    expect(text).toContain('"bytesSent":1200');
  });

  it('reports what it redacted and where, without the secret values', () => {
    expect(redactions.length).toBeGreaterThan(20);
    expect(bundle.redaction).toMatchObject({ applied: true, items: redactions.length });
    const login = redactions.find((r) => r.field === 'jwt_token' && r.path.includes('frames[0]'));
    expect(login).toMatchObject({ kind: 'secret-field', path: '$.sockets[0].frames[0].text > params.authentication.jwt_token', where: 'frame 1 of socket 1' });
    expect(redactions.some((r) => r.kind === 'sdp-secret' && r.path.startsWith('$.peerConnections[0]'))).toBe(true);
    expect(redactions.some((r) => r.path.startsWith('$.sdkDiagnostics'))).toBe(true);
    const reportText = JSON.stringify(redactions);
    expect(Object.values(SECRETS).filter((s) => reportText.includes(String(s)))).toEqual([]);
  });

  it('removes phone numbers and SIP user parts by default, keeps them when asked', () => {
    expect(text).not.toContain('5551234567');
    expect(text).not.toContain('sip:carol@');
    expect(text).toContain('sip:[redacted]@pbx.example.com');
    const kept = serializeBundle(buildBundleWithReport(secretCapture(), { redact: { phoneNumbers: 'keep', sipAddresses: 'keep' } }).bundle);
    expect(kept).toContain('+15551234567');
    expect(kept).toContain('sip:carol@pbx.example.com');
    // Secrets go whatever the choices.
    expect(Object.entries(SECRETS).filter(([, s]) => kept.includes(String(s))).map(([n]) => n)).toEqual([]);
  });
});

describe('redaction rules on single values', () => {
  it('redacts credentials in URLs and keeps the rest of the URL', () => {
    expect(redactText('wss://u:p@h.example/x?sig=abc&room=7&apikey=k1')).toBe('wss://[redacted]@h.example/x?sig=[redacted]&room=7&apikey=[redacted]');
  });

  it('redacts secret keys in any case or spelling and leaves look-alikes', () => {
    const { value } = redactValue({ Password: 'a', 'X-Auth-Token': 'b', accessToken: 'c', tokenType: 'bearer', passive: 'yes', credentialType: 'password' });
    expect(value).toEqual({ Password: '[redacted]', 'X-Auth-Token': '[redacted]', accessToken: '[redacted]', tokenType: 'bearer', passive: 'yes', credentialType: 'password' });
  });

  it('keeps the TURN-style username only outside ICE server entries', () => {
    const { value } = redactValue({ user: { username: 'alice' }, ice: [{ urls: 'turn:x', username: 'u', credential: 'c' }] });
    expect(value).toEqual({ user: { username: 'alice' }, ice: [{ urls: 'turn:x', username: '[redacted]', credential: '[redacted]' }] });
  });

  it('does not touch text without secrets, and keeps untouched JSON text byte for byte', () => {
    const json = '{ "method": "verto.answer",  "params": {"callID": "c-1", "n": 1.50} }';
    expect(redactValue({ text: json }).value.text).toBe(json);
    const candidate = 'candidate:1400695622 1 udp 2122194687 192.0.2.2 53240 typ host generation 0 ufrag Ww6r network-id 1';
    expect(redactText(candidate)).toBe(candidate);
  });

  it('redacts a secret cut off at the end of a truncated frame', () => {
    expect(redactText('{"params":{"passwd":"hunter')).toBe('{"params":{"passwd":"[redacted]"');
  });
});
