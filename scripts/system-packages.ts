/**
 * What `npm run demo` and `npm test` need from the operating system, checked before anything starts,
 * so a newcomer on a fresh machine reads one line naming the apt-get command instead of a stack
 * trace from deep inside a browser launch. The paths follow the same env overrides the test rigs use.
 */
import { existsSync } from 'node:fs';

export interface SystemNeed {
  /** Debian package that provides it. */
  pkg: string;
  path: string;
}

type Env = Record<string, string | undefined>;

export function systemNeeds(env: Env, which: 'demo' | 'test'): SystemNeed[] {
  const chromium: SystemNeed = { pkg: 'chromium', path: env.CHROMIUM_PATH || '/usr/bin/chromium' };
  if (which === 'demo') return [chromium];
  return [
    chromium,
    { pkg: 'firefox-esr', path: env.FIREFOX_PATH || '/usr/bin/firefox-esr' },
    { pkg: 'coturn', path: env.TURNSERVER_PATH || '/usr/bin/turnserver' },
  ];
}

/** The one line to print when something is missing, or undefined when all is there. */
export function missingSystemLine(needs: SystemNeed[], exists: (p: string) => boolean = existsSync): string | undefined {
  const missing = needs.filter((n) => !exists(n.path));
  if (!missing.length) return undefined;
  const what = missing.map((n) => `${n.path} (${n.pkg})`).join(', ');
  const pkgs = needs.map((n) => n.pkg).join(' ');
  return `Missing ${what}: install with \`sudo apt-get update && sudo apt-get install -y ${pkgs}\` (or set CHROMIUM_PATH / FIREFOX_PATH / TURNSERVER_PATH).`;
}
