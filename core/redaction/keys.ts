/**
 * Which names hold secrets: JSON keys, header names, URL query parameters, command-line flags.
 *
 * A name is normalised into lower-case words (camelCase, snake_case, kebab-case, "X-Amz-Signature",
 * "APIKey" all become "x_amz_signature", "api_key") and judged by its last words, not matched
 * against a list of exact spellings:
 *  - it ends in a secret word, plural or not: `jwt`, `sat`, `pin`, `otp`, `id_token`, `loginToken`, `tokens`,
 *    `client_secret`, `Proxy-Authorization`, `set-cookie`, `x-amz-signature`, `credential`, `pwd`;
 *    long secret words also at the end of one run-together word (`logintoken`, `APIKEY`);
 *  - it ends in `key` owned by a secret word: `x-api-key`, `private_key`, `sessionKey`, `secretKey`, `privKey`
 *    (not `publicKey`, `keyframe`, `accessKeyId`);
 *  - it ends in a word that says "the value of" one: `token_value`, `authorization_state`, `password_hash`;
 *  - any of these with a number after it: `password2`, `token_1`, `apiKey3` (a second field of the same kind).
 * Names that only describe a secret stay readable: `tokenType`, `credentialType`,
 * `passwordRequired`, `signatureAlgorithm`, `tokenExpiry`. (A boolean under a secret name, such as
 * `hasPassword: true`, is kept by the walkers: it says which auth was used, not what it was.)
 *
 * The page hook calls this inside page code (SDK summaries), so it takes nothing from the global
 * object at call time: only indexing, comparison and built-ins saved when the module loads.
 */

export const REDACTED = '[redacted]';

const apply = Reflect.apply;
const regexpExec = RegExp.prototype.exec;
const toLowerCase = String.prototype.toLowerCase;

function matches(re: RegExp, s: string): boolean {
  return apply(regexpExec, re, [s]) !== null;
}

// Short words must be whole words ("bypass", "sacred" are not secrets); long ones may end a
// run-together word. An optional "s" makes plurals, an optional last word says "the value of".
const SECRET_NAME =
  /(?:(?:^|_)(?:jwt|sat|pwd|pass|otp|pin|cred|creds|bearer)|token|passwd|password|passphrase|passcode|secret|credential|signature|cookie|authorization|(?:(?:^|_)(?:api|private|priv|session|secret|access|signing|encryption|auth|master|client|shared)_|api|private|session|secret|access|signing)key)s?(?:_(?:value|string|data|raw|encoded|hash|header|state))?_?\d*$/;
/** URL query parameters that carry secrets although, as JSON keys, they are too vague to blank. */
const URL_ONLY_NAME = /(?:^|_)(?:sig|auth|key|code)$/;
/** Keys whose value is a phone number when it looks like one (`destination_number`, `callerIdNumber`). */
const PHONE_NAME =
  /(?:^|_)(?:phone|msisdn|e164|ani|dnis|telephone|mobile)$|(?:^|_)(?:phone|caller|callee|destination|dialed|dial|mobile|cell|tel|telephone|fax|remote|from|to)_(?:[a-z0-9]+_)*(?:number|num)$/;

/** 1 lower-case letter, 2 capital, 3 digit, 0 anything else (a separator). */
function kindOf(c: string): number {
  return c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : c >= '0' && c <= '9' ? 3 : 0;
}

/** "X-Amz-Signature" -> "x_amz_signature"; "APIKey" -> "api_key"; "loginToken" -> "login_token". */
export function normalName(name: string): string {
  let out = '';
  let w = '';
  const end = () => {
    if (w !== '') out += (out === '' ? '' : '_') + w;
    w = '';
  };
  const n = name.length > 128 ? 128 : name.length;
  for (let i = 0; i < n; i++) {
    const c = name[i]!;
    const k = kindOf(c);
    // aB -> a|B; ABc -> A|Bc (the last capital of an acronym starts the next word).
    if (k === 0 || (k === 2 && w !== '' && (kindOf(name[i - 1]!) !== 2 || (i + 1 < n && kindOf(name[i + 1]!) === 1)))) end();
    if (k !== 0) w += c;
  }
  end();
  return apply(toLowerCase, out, []) as string;
}

// Frames repeat the same few keys thousands of times: remember verdicts (no prototype: any key is data).
const verdicts = Object.create(null) as Record<string, boolean>;
let remembered = 0;

/** Whether the value under this key (header, JSON field, flag) is a secret. */
export function isSecretKey(name: string): boolean {
  let v = verdicts[name];
  if (v === undefined) {
    v = matches(SECRET_NAME, normalName(name));
    if (remembered++ < 10_000) verdicts[name] = v;
  }
  return v;
}

/** Whether a URL query (or form) parameter of this name carries a secret: the key rule plus `sig`, `auth`, `key`, `code`. */
export function isSecretParam(name: string): boolean {
  return isSecretKey(name) || matches(URL_ONLY_NAME, normalName(name));
}

/** Whether a key names a phone number (`destination_number`, `caller_id_number`, `phone`, `msisdn`). */
export function isPhoneKey(name: string): boolean {
  return matches(PHONE_NAME, normalName(name));
}
