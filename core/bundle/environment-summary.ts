/**
 * The few words a support engineer reads about where a capture came from: "Chrome 131", "Windows",
 * "Europe/Berlin". From a bundle's `environment` (or the running browser's, see ./environment.ts).
 * Every value comes from a page or a file, so only known tokens are picked out and the result stays
 * short plain text; anything unrecognised is reported as such, never echoed whole.
 */
import type { Environment } from './types.js';

export interface EnvironmentSummary {
  /** "Chrome 131", "Firefox 128", "Node.js v20.19.0"; absent when nothing recognisable was recorded. */
  browser?: string;
  /** "Windows", "macOS 10.15", "Linux", "Android 14"… */
  os?: string;
  /** IANA zone as recorded. */
  timeZone?: string;
}

const MAX = 60;
const clip = (s: string) => (s.length > MAX ? `${s.slice(0, MAX)}…` : s);
// Control characters would reach terminals and copied text: never pass them on.
// eslint-disable-next-line no-control-regex
const clean = (s: string) => clip(s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim());

function browserFromUa(ua: string): string | undefined {
  const node = /Node\.js (v?\d+(?:\.\d+){0,2})/.exec(ua);
  if (node) return `Node.js ${node[1]}`;
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
  const tries: [RegExp, string][] = [
    [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/HeadlessChrome\/(\d+)/, 'Chrome (headless)'],
    [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
    [/Version\/(\d+(?:\.\d+)?).*Safari\//, 'Safari'],
  ];
  for (const [re, name] of tries) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  return undefined;
}

function osFromUa(ua: string): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = /Android (\d+(?:\.\d+)?)/.exec(ua))) return `Android ${m[1]}`;
  if ((m = /(?:iPhone|CPU) OS (\d+)_(\d+)/.exec(ua))) return `iOS ${m[1]}.${m[2]}`;
  if (/CrOS/.test(ua)) return 'ChromeOS';
  // Windows NT 10.0 is both 10 and 11: the user agent cannot tell them apart.
  if (/Windows NT 10/.test(ua)) return 'Windows 10 or 11';
  if (/Windows/.test(ua)) return 'Windows';
  if ((m = /Mac OS X (\d+)[_.](\d+)/.exec(ua))) return `macOS ${m[1]}.${m[2]}`;
  if (/Macintosh/.test(ua)) return 'macOS';
  if (/\(.*(linux|x11)/i.test(ua)) return 'Linux';
  if ((m = /Node\.js \S+ \((\w+)/.exec(ua))) return m[1] === 'darwin' ? 'macOS' : m[1] === 'win32' ? 'Windows' : m[1] === 'linux' ? 'Linux' : clean(m[1]!);
  return undefined;
}

interface Brand {
  brand?: unknown;
  version?: unknown;
}

/** Client hints name the browser without the user agent's historical noise, where a browser has them. */
function fromHints(uad: unknown): { browser?: string; os?: string } {
  if (!uad || typeof uad !== 'object' || Array.isArray(uad)) return {};
  const o = uad as { brands?: unknown; platform?: unknown; platformVersion?: unknown };
  const out: { browser?: string; os?: string } = {};
  if (Array.isArray(o.brands)) {
    const brands = (o.brands as Brand[]).filter((b) => typeof b?.brand === 'string' && typeof b.version === 'string' && !/not.?a.?brand/i.test(b.brand as string));
    const pick = brands.find((b) => b.brand !== 'Chromium') ?? brands[0];
    if (pick) out.browser = clean(`${(pick.brand as string).replace(/^Google /, '')} ${(pick.version as string).split('.')[0]}`);
  }
  if (typeof o.platform === 'string' && o.platform) out.os = clean(o.platform);
  return out;
}

export function summarizeEnvironment(env: Partial<Environment> | undefined | null): EnvironmentSummary {
  if (!env || typeof env !== 'object') return {};
  const ua = typeof env.userAgent === 'string' ? env.userAgent : '';
  const hints = fromHints(env.userAgentData);
  const out: EnvironmentSummary = {};
  const browser = browserFromUa(ua) ?? hints.browser;
  // The user agent carries the OS version the hints leave out (high-entropy), except on Windows.
  const os = osFromUa(ua) ?? hints.os ?? (typeof env.platform === 'string' && env.platform ? clean(env.platform) : undefined);
  if (browser) out.browser = clean(browser);
  if (os) out.os = os;
  if (typeof env.timeZone === 'string' && env.timeZone) out.timeZone = clean(env.timeZone);
  return out;
}
