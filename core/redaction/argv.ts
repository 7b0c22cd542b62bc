/**
 * A command line as the Node recorder stores it (`environment.pageUrl` is "node: <command>"):
 * the value after a secret-named flag (`--password X`, `--api-key=Y`, `-token Z`) is redacted,
 * and every argument goes through the text rules (a URL with a token in it, a JWT).
 */
import { REDACTED, isSecretKey } from './keys.js';
import { redactFreeText, type RedactionOptions } from './text.js';

const FLAG = /^(--?[A-Za-z][\w.-]*)(?:=(.*))?$/s;

export function redactArgv(args: readonly string[], opts?: RedactionOptions): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = FLAG.exec(a);
    if (m && isSecretKey(m[1]!)) {
      if (m[2] !== undefined) out.push(m[2] ? `${m[1]}=${REDACTED}` : a);
      else {
        out.push(a);
        // The next argument is the flag's value unless it is another flag.
        if (i + 1 < args.length && !args[i + 1]!.startsWith('-')) {
          out.push(REDACTED);
          i++;
        }
      }
      continue;
    }
    out.push(redactFreeText(a, opts));
  }
  return out;
}
