/**
 * Which names hold secrets: JSON keys, header names, URL query parameters, command-line flags.
 *
 * A name is split into lower-case words (camelCase, snake_case, kebab-case, "X-Amz-Signature",
 * "APIKey") and judged by its words, not matched against a list of exact spellings: `jwt`,
 * `id_token`, `loginToken`, `x-api-key`, `client_secret`, `Proxy-Authorization`, `tokens` all
 * end in a secret word, while `tokenType`, `publicKey`, `keyframe`, `credentialType` and
 * `passwordRequired` end in a word that only describes one and stay readable.
 *
 * The page hook calls this inside page code (SDK summaries), so it takes nothing from the global
 * object at call time: no String/Array/Set methods a page could have replaced, only indexing,
 * comparison and lookups in tables without a prototype.
 */

export const REDACTED = '[redacted]';

type Table = Record<string, true>;

function table(words: readonly string[]): Table {
  const t = Object.create(null) as Table;
  for (let i = 0; i < words.length; i++) t[words[i]!] = true;
  return t;
}

/** A name that ends in one of these words names a secret (`access_token`, `sipPassword`, `set-cookie`). */
const SECRET_WORDS = table([
  'token', 'jwt', 'sat', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'otp',
  'secret', 'credential', 'cred', 'signature', 'cookie', 'authorization', 'bearer',
  'apikey', 'privatekey', 'sessionkey', 'secretkey', 'accesskey', 'signingkey',
]);

/** Single-word spellings that run words together ("logintoken", "APIKEY", "sippassword"). */
const SECRET_SUFFIXES = [
  'token', 'password', 'passwd', 'secret', 'credential', 'signature', 'cookie', 'authorization',
  'apikey', 'privatekey', 'sessionkey', 'secretkey', 'accesskey',
];

/** `key` is a secret after these words (`x-api-key`, `private_key`), not after others (`publicKey`). */
const KEY_OWNERS = table(['api', 'private', 'session', 'secret', 'access', 'signing', 'encryption', 'auth', 'master', 'client', 'shared']);

/** Words that say "the value of": `token_value`, `authorization_state`, `password_hash` hold the secret too. */
const VALUE_WORDS = table(['value', 'string', 'str', 'data', 'raw', 'b64', 'base64', 'hex', 'encoded', 'plain', 'text', 'hash', 'header', 'state']);

/** URL query parameters that carry secrets although, as JSON keys, they are too vague to blank. */
const URL_ONLY_WORDS = table(['sig', 'auth', 'key', 'code']);

/** Keys whose value is a phone number when it looks like one (`destination_number`, `callerIdNumber`). */
const PHONE_WORDS = table(['phone', 'msisdn', 'e164', 'ani', 'dnis', 'telephone', 'mobile']);
const NUMBER_OWNERS = table(['phone', 'caller', 'callee', 'destination', 'dialed', 'dial', 'mobile', 'cell', 'tel', 'telephone', 'fax', 'remote', 'from', 'to']);

const LOWER = (() => {
  const t = Object.create(null) as Record<string, string>;
  const up = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const low = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < 26; i++) t[up[i]!] = low[i]!;
  return t;
})();
const DIGITS = '0123456789';

function kindOf(c: string): 0 | 1 | 2 | 3 {
  if (LOWER[c] !== undefined) return 2; // upper
  if (c >= 'a' && c <= 'z') return 1;
  for (let i = 0; i < 10; i++) if (DIGITS[i] === c) return 3;
  return 0; // separator
}

/** "X-Amz-Signature" -> ["x", "amz", "signature"]; "APIKey" -> ["api", "key"]; "login_token" -> ["login", "token"]. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let w = '';
  const n = name.length > 128 ? 128 : name.length;
  for (let i = 0; i < n; i++) {
    const c = name[i]!;
    const k = kindOf(c);
    if (k === 0) {
      if (w !== '') words[words.length] = w;
      w = '';
      continue;
    }
    if (k === 2 && w !== '') {
      const prev = kindOf(name[i - 1]!);
      const next = i + 1 < n ? kindOf(name[i + 1]!) : 0;
      // aB -> a|B; ABc -> A|Bc (the last capital of an acronym starts the next word).
      if (prev === 1 || prev === 3 || (prev === 2 && next === 1)) {
        words[words.length] = w;
        w = '';
      }
    }
    w += k === 2 ? LOWER[c]! : c;
  }
  if (w !== '') words[words.length] = w;
  return words;
}

function endsWith(s: string, suffix: string): boolean {
  const d = s.length - suffix.length;
  if (d < 0) return false;
  for (let i = 0; i < suffix.length; i++) if (s[d + i] !== suffix[i]) return false;
  return true;
}

/** "tokens" -> "token", "cookies" -> "cookie"; words that are not plurals of a secret stay. */
function singular(w: string): string {
  if (w.length > 3 && w[w.length - 1] === 's') {
    let s = '';
    for (let i = 0; i < w.length - 1; i++) s += w[i];
    if (SECRET_WORDS[s] || s === 'key') return s;
  }
  return w;
}

function secretWordAt(words: string[], i: number): boolean {
  const w = singular(words[i]!);
  if (SECRET_WORDS[w]) return true;
  if (w === 'key') return i > 0 && KEY_OWNERS[singular(words[i - 1]!)] === true;
  for (let j = 0; j < SECRET_SUFFIXES.length; j++) if (endsWith(w, SECRET_SUFFIXES[j]!)) return true;
  return false;
}

function verdict(words: string[]): boolean {
  const last = words.length - 1;
  if (last < 0) return false;
  if (secretWordAt(words, last)) return true;
  // "token_value", "authorization_state": the word before the qualifier names the secret.
  return last > 0 && VALUE_WORDS[words[last]!] === true && secretWordAt(words, last - 1);
}

// Frames repeat the same few keys thousands of times: remember verdicts (no prototype: any key is data).
const keyCache = Object.create(null) as Record<string, boolean>;
let keyCacheSize = 0;

/** Whether the value under this key (header, JSON field, flag) is a secret. */
export function isSecretKey(name: string): boolean {
  const cached = keyCache[name];
  if (cached !== undefined) return cached;
  const v = verdict(nameWords(name));
  if (keyCacheSize < 10_000) {
    keyCache[name] = v;
    keyCacheSize++;
  }
  return v;
}

/** Whether a URL query (or form) parameter of this name carries a secret: the key rule plus `sig`, `auth`, `key`, `code`. */
export function isSecretParam(name: string): boolean {
  if (isSecretKey(name)) return true;
  const words = nameWords(name);
  return words.length > 0 && URL_ONLY_WORDS[words[words.length - 1]!] === true;
}

/** Whether a key names a phone number (`destination_number`, `caller_id_number`, `phone`, `msisdn`). */
export function isPhoneKey(name: string): boolean {
  const words = nameWords(name);
  const last = words.length - 1;
  if (last < 0) return false;
  if (PHONE_WORDS[words[last]!]) return true;
  if (words[last] !== 'number' && words[last] !== 'num') return false;
  for (let i = 0; i < last; i++) if (NUMBER_OWNERS[words[i]!]) return true;
  return false;
}
