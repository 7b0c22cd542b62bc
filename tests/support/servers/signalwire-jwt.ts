/**
 * Test JWTs for the fake SignalWire relay. The SDKs only decode the payload (they never verify
 * the signature client-side), so an unsigned token with the right claims is enough; the fake
 * server reads the same claims back to decide which authorization flavour to answer with.
 */

export interface TestTokenClaims {
  /** 'SAT' makes the server answer as Call Fabric (jti + fabric_subscriber); anything else as Video. */
  typ?: string;
  jti?: string;
  /** Project id. */
  p?: string;
  /** "<host>.<domain>": the 4.0 beta derives its fabric API host from this. */
  ch?: string;
  /** Room name (Video tokens). */
  r?: string;
  /** Expiry, seconds since epoch. */
  exp?: number;
  [claim: string]: unknown;
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function makeTestJwt(claims: TestTokenClaims): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const now = Math.floor(Date.now() / 1000);
  const body = b64url(JSON.stringify({ iat: now, exp: now + 3600, ...claims }));
  // Not a real signature: nothing checks it, and a real-looking one would only invite confusion.
  return `${header}.${body}.${b64url('fake-signature')}`;
}

/** Payload of a JWT, or null when it is not one. */
export function readJwtClaims(token: unknown): TestTokenClaims | null {
  if (typeof token !== 'string') return null;
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as TestTokenClaims) : null;
  } catch {
    return null;
  }
}
