/**
 * Opening a file: our bundle (.json / .json.gz) or a chrome://webrtc-internals dump (.json, .txt,
 * .gz). Never throws: a damaged, truncated, unknown or newer file gives a message a person can
 * act on, and a partly damaged bundle opens with what is still good plus warnings.
 */
import { gunzip, isGzip } from './gzip.js';
import { fromWebrtcInternals, isWebrtcInternalsDump } from './interop/webrtc-internals.js';
import { migrate } from './migrate.js';
import { BUNDLE_FORMAT, type Bundle } from './types.js';
import { repair, type ImportProblem } from './validate.js';

export type { ImportProblem } from './validate.js';

export type ImportResult =
  | {
      ok: true;
      kind: 'bundle' | 'webrtc-internals';
      bundle: Bundle;
      warnings: string[];
      /**
       * What could not be read as it was, and what became of it (left empty, entries left out, read in another
       * shape). Empty for an intact file. A screen that opens the bundle must say these: a bundle whose sockets
       * were damaged otherwise reads like a capture without sockets.
       */
      problems: ImportProblem[];
    }
  | { ok: false; error: string };

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const WHAT_WE_READ = 'RTC DevTools opens its own diagnostics bundles (.json, .json.gz) and chrome://webrtc-internals dumps';

function notJson(label: string, text: string, err: unknown): string {
  const t = text.trimStart();
  const msg = err instanceof Error ? err.message : '';
  if (t.startsWith('<')) return `${label} is an HTML or XML page, not a diagnostics file. ${WHAT_WE_READ}.`;
  const lines = t.split('\n').filter((l) => l.trim());
  if (lines.length > 1 && lines.slice(0, 3).every((l) => l.trimStart().startsWith('['))) {
    return `${label} looks like an rtcstats dump (one JSON list per line), which cannot be opened here. ${WHAT_WE_READ}.`;
  }
  if ((t.startsWith('{') || t.startsWith('[')) && /end of (JSON )?input|Unterminated|Expected .* after|Unexpected end/i.test(msg)) {
    return `${label} is cut off: it ends in the middle of its data (the download or copy did not finish). Export or copy it again.`;
  }
  if (t.startsWith('{') || t.startsWith('[')) return `${label} is damaged: its JSON cannot be read (${msg || 'syntax error'}).`;
  return `${label} is not a diagnostics bundle or a webrtc-internals dump (it is not JSON). ${WHAT_WE_READ}.`;
}

/** After JSON parsing: which kind of file this is, and the bundle in it. */
export function readBundleValue(value: unknown, label = 'The file'): ImportResult {
  if (!isObj(value)) {
    return { ok: false, error: `${label} is JSON, but not a diagnostics bundle or a webrtc-internals dump. ${WHAT_WE_READ}.` };
  }
  if (value.format === BUNDLE_FORMAT) {
    const m = migrate(value);
    if (!m.ok) return { ok: false, error: `${label} is an RTC DevTools bundle, but ${m.error}.` };
    const r = repair(m.value);
    if (!r.ok) return { ok: false, error: `${label} is an RTC DevTools bundle, but it is too damaged to open: ${r.why}.` };
    const warnings = [...r.warnings];
    if (m.from !== (r.value as Bundle).version) warnings.unshift(`Upgraded from bundle format version ${m.from}.`);
    return { ok: true, kind: 'bundle', bundle: r.value as Bundle, warnings, problems: r.problems };
  }
  if (typeof value.format === 'string' && value.format.startsWith('rtc-devtools')) {
    return { ok: false, error: `${label} is an RTC DevTools file of an unknown kind ("${value.format}").` };
  }
  if (isWebrtcInternalsDump(value)) {
    const { bundle, warnings } = fromWebrtcInternals(value);
    // Same guarantee as for our own bundles: what we hand out fits the schema.
    const r = repair(bundle);
    if (!r.ok) return { ok: false, error: `${label} is a webrtc-internals dump, but it is too damaged to open: ${r.why}.` };
    return { ok: true, kind: 'webrtc-internals', bundle: r.value as Bundle, warnings: [...warnings, ...r.warnings], problems: r.problems };
  }
  if (isObj(value.log) && Array.isArray(value.log.entries)) {
    return { ok: false, error: `${label} is a HAR file (open it in the browser's Network panel). ${WHAT_WE_READ}.` };
  }
  return { ok: false, error: `${label} is JSON, but not a diagnostics bundle or a webrtc-internals dump. ${WHAT_WE_READ}.` };
}

export async function readBundleFile(data: Uint8Array | ArrayBuffer | string, name?: string): Promise<ImportResult> {
  const label = name ? `"${name}"` : 'The file';
  try {
    let text: string;
    if (typeof data === 'string') text = data;
    else {
      let bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
      if (bytes.length === 0) return { ok: false, error: `${label} is empty.` };
      if (isGzip(bytes)) {
        try {
          bytes = await gunzip(bytes);
        } catch {
          return {
            ok: false,
            error: `${label} is gzip-compressed but cannot be decompressed: it is cut off or damaged. Export or download it again.`,
          };
        }
      }
      // A dump re-saved by a Windows editor may be UTF-16 with a byte-order mark.
      const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
      text = new TextDecoder(encoding).decode(bytes);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!text.trim()) return { ok: false, error: `${label} is empty.` };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: notJson(label, text, err) };
    }
    return readBundleValue(value, label);
  } catch (err) {
    // Nothing above should throw; if something does, the user still gets a sentence, not a stack.
    return { ok: false, error: `${label} could not be opened: ${err instanceof Error ? err.message : String(err)}.` };
  }
}
