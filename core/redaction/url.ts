/**
 * One URL with its secrets replaced, still a URL: userinfo and secret query parameters (keys.ts)
 * are replaced through the URL parser, so the result parses and reads as the original did.
 * Where a URL carries an ICE server's settings (the preflight page's `?turn=…&user=…&pass=…`),
 * `user`/`username` is half of the TURN credential and goes too.
 */
import { isSecretParam, normalName } from './keys.js';
import { redactFreeText } from './text.js';

export function redactUrl(raw: string, opts: { iceServer?: boolean } = {}): string {
  // What the parser does not see as a parameter first (a JWT in the path, a token in the fragment).
  const text = redactFreeText(raw, { phoneNumbers: 'keep', sipAddresses: 'keep' });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.username || url.password) {
    url.username = url.username ? 'redacted' : '';
    url.password = url.password ? 'redacted' : '';
  }
  for (const k of [...url.searchParams.keys()]) {
    const user = opts.iceServer && /^user(?:_?name)?$/.test(normalName(k));
    if (user || isSecretParam(k)) url.searchParams.set(k, '[redacted]');
  }
  return url.toString();
}
