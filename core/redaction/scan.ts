/**
 * The machinery of the text rules: a rule finds the spans of secret values in a string, and
 * `cut` replaces them.
 *
 * Runs in the page hook too (the SDK summaries), so regular expressions and string slicing go
 * through built-ins saved when the module loads: a page's RegExp.prototype.exec or
 * String.prototype.slice never runs inside capture.
 */
import { REDACTED } from './keys.js';

export type RedactionKind =
  | 'jwt'
  | 'secret-field'
  | 'url-credential'
  | 'authorization-header'
  | 'bearer-token'
  | 'sdp-secret'
  | 'sip-password'
  | 'phone-number'
  | 'sip-address';

/** What may be removed besides secrets (secrets always go). */
export interface RedactionOptions {
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
}

export const DEFAULT_OPTIONS: RedactionOptions = { phoneNumbers: 'remove', sipAddresses: 'remove' };

export interface TextHit {
  kind: RedactionKind;
  field?: string;
}

export interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
  field?: string;
  /** Replacement; "[redacted]" unless the rule keeps quotes around it. */
  text?: string;
  /** Set by `cut` when the span fell inside the one before (one redaction, counted once). */
  joined?: boolean;
}

export type Rule = (s: string, out: Span[], opts: RedactionOptions) => void;

const apply = Reflect.apply;
const regexpExec = RegExp.prototype.exec;
const stringSlice = String.prototype.slice;
const stringIndexOf = String.prototype.indexOf;

export function slice(s: string, a: number, b?: number): string {
  return apply(stringSlice, s, b === undefined ? [a] : [a, b]) as string;
}
export function has(s: string, sub: string): boolean {
  return (apply(stringIndexOf, s, [sub]) as number) >= 0;
}
export function exec(re: RegExp, s: string): RegExpExecArray | null {
  return apply(regexpExec, re, [s]) as RegExpExecArray | null;
}
/** Every match of a global regexp, without String.prototype.replace/matchAll (the page's). */
export function each(re: RegExp, s: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = exec(re, s); m; m = exec(re, s)) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}
export function test(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return exec(re, s) !== null;
}
export function push(out: Span[], sp: Span): void {
  out[out.length] = sp;
}
/** "[redacted]" as it is, or as a URL parser writes it back. */
export function valueSpan(out: Span[], start: number, value: string, kind: RedactionKind, field?: string): void {
  if (!value || value === REDACTED) return;
  const sp: Span = { start, end: start + value.length, kind };
  if (field !== undefined) sp.field = field;
  push(out, sp);
}

/** Cuts spans (in order of start) out of `text`; a span overlapping the one before joins it (and is marked `joined`). */
export function cut(text: string, spans: Span[]): string {
  let out = '';
  let pos = 0;
  for (let i = 0; i < spans.length; i++) {
    const sp = spans[i]!;
    // Overlaps (a JWT inside `token=`, a header and its Bearer) are one redaction.
    if (sp.start < pos) {
      if (sp.end > pos) pos = sp.end;
      sp.joined = true;
      continue;
    }
    out += slice(text, pos, sp.start) + (sp.text ?? REDACTED);
    pos = sp.end;
  }
  return out + slice(text, pos);
}
