import { describe, expect, it } from 'vitest';
import { redactFreeText } from '../../../../core/redaction/text.js';

const keep = { phoneNumbers: 'keep', sipAddresses: 'keep' } as const;
const red = (s: string) => redactFreeText(s, keep);

describe('secrets joined to their name by markup or a slash', () => {
  it('XML attributes and elements named as secrets, in either quote style, with namespaces', () => {
    expect(red(`<transport ufrag='u1' pwd='p4ssw0rd-ice'/>`)).toBe(`<transport ufrag='u1' pwd='[redacted]'/>`);
    expect(red(`<x:cred a:password="hunter2"/>`)).toBe(`<x:cred a:password="[redacted]"/>`);
    expect(red(`<user><password>hunter2</password><name>al</name></user>`)).toBe(`<user><password>[redacted]</password><name>al</name></user>`);
  });

  it('SASL bodies: <auth> always, <response> in the SASL namespace', () => {
    expect(red(`<auth mechanism='PLAIN'>AGFsaWNlAHB3</auth>`)).toBe(`<auth mechanism='PLAIN'>[redacted]</auth>`);
    expect(red(`<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>Yz1iaXdz</response>`)).toBe(`<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>[redacted]</response>`);
    // Not SASL: an ordinary element called response keeps its text.
    expect(red(`<response code='200'>ok, all fine</response>`)).toBe(`<response code='200'>ok, all fine</response>`);
  });

  it('URL paths: the segment after a secret-named one, and long opaque segments', () => {
    expect(red('wss://h.example/rtc/token/abc123DEF/ws?room=1')).toBe('wss://h.example/rtc/token/[redacted]/ws?room=1');
    expect(red('https://h.example/jwt/eyJub3QtYS1qd3Q')).toBe('https://h.example/jwt/[redacted]');
    expect(red('https://h.example/k/Zx9Qm2Lw8Kp4Rt6Vy1Nb3Hc5Jd7Fg0SaEeUuIiOoPp')).toBe('https://h.example/k/[redacted]');
  });

  it('keeps what only looks close: ids, UUIDs, ordinary paths and attributes', () => {
    for (const s of [
      'https://h.example/api/v1/rooms/8c9e2f4a-1b3d-4e5f-9a7b-0c1d2e3f4a5b/join',
      'wss://h.example/tokens',
      'https://h.example/assets/app.0123456789abcdef0123456789abcdef01234567.js',
      `<a href='https://x.example/'>link</a>`,
      `<candidate ufrag='u1' ip='10.0.0.1' port='5000'/>`,
    ]) expect(red(s)).toBe(s);
  });
});
