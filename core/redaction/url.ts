/**
 * One URL with its secrets replaced, still a URL: userinfo and secret query parameters (keys.ts)
 * are replaced through the URL parser, so the result parses and reads as the original did.
 * Where a URL carries an ICE server's settings (the preflight page's `?turn=…&user=…&pass=…`),
 * `user`/`username` is half of the TURN credential and goes too.
 */
import { nameWords, isSecretParam } from './keys.js';
import { redactFreeText } from './text.js';

export function redactUrl(raw: string, opts: { iceServer?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactFreeText(raw, { phoneNumbers: 'keep', sipAddresses: 'keep' });
  }
  if (url.username || url.password) {
    url.username = url.username ? 'redacted' : '';
    url.password = url.password ? 'redacted' : '';
  }
  for (const k of [...url.searchParams.keys()]) {
    const user = opts.iceServer && ['user', 'username'].includes(nameWords(k).join(''));
    if (user || isSecretParam(k)) url.searchParams.set(k, '[redacted]');
  }
  // What the parser does not see as a parameter (a JWT in the path, a token in the fragment).
  return redactFreeText(url.toString(), { phoneNumbers: 'keep', sipAddresses: 'keep' });
}
