import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSecretKey } from '../../../../core/redaction/keys.js';
import { redactFreeText } from '../../../../core/redaction/text.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const word = fc.stringMatching(/^[a-z]{2,8}$/);

/** One name in one of the spellings apps use. */
function spell(words: string[], style: number): string {
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  switch (style % 6) {
    case 0:
      return words.join('_');
    case 1:
      return words.join('-');
    case 2:
      return words[0]! + words.slice(1).map(cap).join('');
    case 3:
      return words.map(cap).join('-');
    case 4:
      return words.join('_').toUpperCase();
    default:
      return words.map(cap).join('');
  }
}

describe('the secret policy (property tests)', () => {
  it('a name ending in a secret word is a secret in every spelling, whatever words come before', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 3 }), fc.constantFrom('token', 'tokens', 'password', 'secret', 'credential', 'signature', 'cookie', 'authorization', 'jwt', 'sat', 'pwd', 'passwd'), fc.nat(), (before, last, style) => {
        expect(isSecretKey(spell([...before, last], style))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a name whose last word only describes a secret is not one, in every spelling', () => {
    fc.assert(
      fc.property(fc.constantFrom('token', 'password', 'credential', 'signature', 'key', 'public'), fc.constantFrom('type', 'expiry', 'required', 'algorithm', 'id', 'count', 'length', 'enabled'), fc.nat(), (first, last, style) => {
        expect(isSecretKey(spell([first, last], style))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('a secret query value is found however much of the URL is %-encoded, once or twice', () => {
    const encodeSome = (s: string, mask: boolean[], twice: boolean) =>
      [...s].map((c, i) => (mask[i % mask.length] ? (twice ? '%25' : '%') + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0') : c)).join('');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{10,20}$/), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.constantFrom('access_token', 'sat', 'X-Amz-Signature', 'password'), (value, mask, twice, name) => {
        const secret = `S3CR3T${value}`;
        const inner = encodeSome(`https://b.example/cb?${name}=${secret}&x=1`, mask, twice);
        const out = redactFreeText(`wss://a.example/ws?next=${inner}&room=7`);
        expect(decodeURIComponent(decodeURIComponent(out.replace(/%(?![0-9A-Fa-f]{2})/g, '%25')))).not.toContain(secret);
        expect(out).toContain('room=7');
      }),
      { numRuns: RUNS },
    );
  });

  it('a phone number is found in a query, a path or a form body, %-encoded or not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{9,12}$/), fc.constantFrom('%2B', '%252B', '+'), fc.constantFrom('q', 'path', 'form'), (digits, plus, where) => {
        const n = `${plus}${digits}`;
        const text = where === 'q' ? `https://a.example/call?dest=${n}&v=2` : where === 'path' ? `https://a.example/call/${n}/join` : `to=${n}&body=hi`;
        expect(redactFreeText(text)).not.toContain(digits);
        expect(redactFreeText(text, { phoneNumbers: 'keep', sipAddresses: 'keep' })).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});
