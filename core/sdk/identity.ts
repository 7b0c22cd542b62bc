/**
 * One entry per SDK family, however many ways it was recognised. The page hook names a library
 * by its global or constructor (often without a precise version: the Telnyx bundle exposes none,
 * the SignalWire 4.0 beta bundle claims 3.30.0), an app may declare a version when it registers
 * its client, and the signaling names the SDK and its exact version (login User-Agent, connect
 * agent). Each of those is a source; the entry keeps them all and shows the most specific
 * version that no more reliable source contradicts.
 */

/** One way an SDK was recognised. */
export interface SdkSource {
  /** 'traffic' (signaling), 'register', 'global', 'constructor', 'bundle', 'hook'. */
  via: string;
  /** As that source gave it: '2.27.10', '4.x', '' when it gave none. */
  version: string;
  /** The version is a generation read from the library's shape (which methods it has), not a claim. */
  shape?: true;
  socketId?: string;
}

export interface SdkIdentity {
  /** Package name when known ('@telnyx/webrtc', '@signalwire/js'), else as it was named. */
  name: string;
  /** The most specific version that agrees with the shape; '' when none is known. */
  version: string;
  /** Every source's via, in the order they were first seen, joined with '+'. */
  via: string;
  /** The first socket whose signaling named the SDK. */
  socketId?: string;
  /** Each distinct (via, version) fact, first seen first. */
  sources?: SdkSource[];
}

/** A fact about to be folded into the list; `name` as the source spelled it. */
export interface SdkFact extends SdkSource {
  name: string;
}

/** Names the page hook or an app uses, mapped to the package names the traffic reveals. */
const FAMILY: Record<string, string> = {
  telnyx: '@telnyx/webrtc',
  '@telnyx/webrtc': '@telnyx/webrtc',
  signalwire: '@signalwire/js',
  'signalwire-js': '@signalwire/js',
  '@signalwire/js': '@signalwire/js',
  livekit: 'livekit-client',
  'livekit-client': 'livekit-client',
};

const MAX_SOURCES = 12;
const MAX_ENTRIES = 50;

export function sdkFamily(name: string): string {
  return FAMILY[name.trim().toLowerCase()] ?? name;
}

const FULL_RE = /^\d+\.\d+(?:\.\d+)?(?:[-+][\w.+-]+)?$/;
const GENERATION_RE = /^\d+(?:\.\d+)*\.[xX*]$/;

/** 3: a release ('2.27.10'), 2: a generation ('4.x'), 1: some other label, 0: none. */
function rank(v: string): number {
  if (FULL_RE.test(v)) return 3;
  if (GENERATION_RE.test(v)) return 2;
  return v && v.toLowerCase() !== 'unknown' ? 1 : 0;
}

function major(v: string): number | undefined {
  const m = /^(\d+)[.]/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** True if `long` is `short` or a more precise form of it (4.0.0 → 4.0.0-beta.12, 4.x → 4.1.2). */
function refines(short: string, long: string): boolean {
  const base = short.replace(/\.[xX*]$/, '');
  return long === base || long.startsWith(`${base}.`) || long.startsWith(`${base}-`) || long.startsWith(`${base}+`);
}

/** Signaling is what the running code says about itself; an app's declaration comes next. */
function trust(via: string): number {
  return via === 'traffic' ? 2 : via === 'register' ? 1 : 0;
}

function shapeMajor(sources: readonly SdkSource[]): number | undefined {
  for (const s of sources) if (s.shape) return major(s.version);
  return undefined;
}

/** The version to show for these sources, and which of them gave it. */
export function chooseVersion(sources: readonly SdkSource[]): { version: string; from: SdkSource[] } {
  const shaped = shapeMajor(sources);
  // A release whose major contradicts the library's shape is a build-time label, not the truth.
  const usable = sources.filter((s) => shaped === undefined || rank(s.version) < 3 || major(s.version) === shaped);
  let best: SdkSource | undefined;
  for (const s of usable) {
    if (!best) best = s;
    else {
      const d = rank(s.version) - rank(best.version) || trust(s.via) - trust(best.via);
      if (d > 0) best = s;
    }
  }
  if (!best || rank(best.version) === 0) return { version: '', from: [] };
  let version = best.version;
  for (const s of usable) if (rank(s.version) === 3 && s.version.length > version.length && refines(version, s.version)) version = s.version;
  return { version, from: usable.filter((s) => s.version === version) };
}

/** Sources that name a release other than the chosen version (shown so a mismatch is not hidden). */
export function conflictingSources(info: SdkIdentity): SdkSource[] {
  const out: SdkSource[] = [];
  for (const s of info.sources ?? []) {
    if (rank(s.version) !== 3 || s.version === info.version) continue;
    if (info.version && (refines(info.version, s.version) || refines(s.version, info.version))) continue;
    if (!out.some((o) => o.version === s.version)) out.push(s);
  }
  return out;
}

function compatible(entry: SdkIdentity, fact: SdkFact): boolean {
  if (entry.name !== sdkFamily(fact.name)) return false;
  // Two generations each read from a library's shape are two libraries (3.x and 4.x both loaded).
  const a = shapeMajor(entry.sources ?? []);
  return !(fact.shape && a !== undefined && major(fact.version) !== a);
}

/**
 * Folds one fact into `list` (mutated in place, like the analyzer's live model): joins the
 * entry of the same family, or starts one. At most 50 entries and 12 sources each.
 */
export function addSdkFact(list: SdkIdentity[], fact: SdkFact, into?: SdkIdentity): SdkIdentity | undefined {
  const fits = list.filter((e) => compatible(e, fact));
  // With 3.x and 4.x both loaded, a release joins the generation it belongs to.
  let entry = into ?? fits.find((e) => shapeMajor(e.sources ?? []) === major(fact.version)) ?? fits[0];
  if (!entry) {
    if (list.length >= MAX_ENTRIES) return undefined;
    entry = { name: sdkFamily(fact.name), version: '', via: fact.via, sources: [] };
    list.push(entry);
  }
  const sources = (entry.sources ??= []);
  const { name: _n, ...source } = fact;
  if (source.socketId === undefined) delete source.socketId;
  if (!source.shape) delete source.shape;
  if (!sources.some((s) => s.via === source.via && s.version === source.version) && sources.length < MAX_SOURCES) sources.push(source);
  if (!entry.via.split('+').includes(fact.via)) entry.via += `+${fact.via}`;
  if (fact.socketId !== undefined) entry.socketId ??= fact.socketId;
  entry.version = chooseVersion(sources).version;
  return entry;
}

/** Folds an sdk.found event: all its facts land in one entry, the one its shape (if any) picks. */
export function addFoundSdk(list: SdkIdentity[], ev: { sdk: string; version: string; via: string; detail?: unknown }): void {
  const facts = factsFromFound(ev).sort((a, b) => Number(b.shape ?? false) - Number(a.shape ?? false));
  let entry: SdkIdentity | undefined;
  for (const f of facts) entry = addSdkFact(list, f, entry);
}

/** The facts an sdk.found event gives: its version, and the version the library claims if the hook overruled it. */
export function factsFromFound(ev: { sdk: string; version: string; via: string; detail?: unknown }): SdkFact[] {
  const d = ev.detail && typeof ev.detail === 'object' && !Array.isArray(ev.detail) ? (ev.detail as Record<string, unknown>) : {};
  const name = ev.sdk || 'unknown';
  const via = ev.via || 'hook';
  const version = ev.version === 'unknown' ? '' : ev.version;
  const fact: SdkFact = { name, version, via };
  const out = [fact];
  // The hook read the generation from the library's shape: that outranks any claimed release.
  if (typeof d.generation === 'number') {
    if (rank(version) === 2 && major(version) === d.generation) fact.shape = true;
    else out.push({ name, version: `${d.generation}.x`, via, shape: true });
  }
  if (typeof d.reportedVersion === 'string' && d.reportedVersion !== version) out.push({ name, version: d.reportedVersion.slice(0, 50), via });
  return out;
}

const VIA_TEXT: Record<string, string> = {
  traffic: 'signaling',
  register: "the app's registration",
  global: 'the page global',
  constructor: 'the client constructor',
  bundle: 'an imported bundle',
  hook: 'the page hook',
};

export function viaText(via: string): string {
  return VIA_TEXT[via] ?? via;
}

function list(items: string[]): string {
  const u = [...new Set(items)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} and ${u.at(-1)}`;
}

/** Where an entry's facts came from, in words, for one line under its name and version. */
export interface SdkProvenance {
  /** "from signaling", "from the library's shape"; '' when no version is known or no source says which. */
  versionFrom: string;
  /** "the page global says 3.30.0": sources naming another release. */
  disagreements: string[];
  /** "found by the page global, the client constructor and signaling". */
  foundBy: string;
}

export function sdkProvenance(info: SdkIdentity): SdkProvenance {
  // An analysis saved before sources existed says how the SDK was found, not which source gave the version.
  const sources = info.sources ?? info.via.split('+').map((via) => ({ via, version: '' }));
  let versionFrom = '';
  if (info.version && info.sources) {
    const { from } = chooseVersion(sources);
    const shapeOnly = from.length > 0 && from.every((s) => s.shape);
    const whence = shapeOnly ? "the library's shape" : list(from.map((s) => viaText(s.via)));
    if (whence) versionFrom = `from ${whence}`;
  }
  const disagreements = conflictingSources({ ...info, sources }).map((c) => `${viaText(c.via)} says ${c.version}`);
  const found = list(sources.map((s) => viaText(s.via)));
  return { versionFrom, disagreements, foundBy: found ? `found by ${found}` : '' };
}

/**
 * The whole story in one string, e.g. "version 2.27.10 (from signaling); found by the page
 * global, the client constructor and signaling".
 */
export function describeSdk(info: SdkIdentity): string {
  const p = sdkProvenance(info);
  const parts = [info.version ? `version ${info.version}${p.versionFrom ? ` (${p.versionFrom})` : ''}` : 'version unknown', ...p.disagreements];
  if (p.foundBy) parts.push(p.foundBy);
  return parts.join('; ');
}

/** The provenance as one line to show after "name version": "version from signaling; found by …". */
export function sdkSourcesLine(info: SdkIdentity): string {
  const p = sdkProvenance(info);
  return [p.versionFrom && `version ${p.versionFrom}`, ...p.disagreements, p.foundBy].filter(Boolean).join('; ');
}
