import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildBundle, serializeBundle } from '../../../../core/bundle/build.js';
import { readBundleFile, readBundleValue, type ImportResult } from '../../../../core/bundle/import.js';
import { migrate, type Migration } from '../../../../core/bundle/migrate.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { toWebrtcInternals } from '../../../../core/bundle/interop/webrtc-internals.js';
import { toHar } from '../../../../core/bundle/interop/har.js';
import { validateBundle } from '../../../../core/bundle/validate.js';
import { decodeStats } from '../../../../core/bundle/stats-delta.js';
import { buildCaptureModel } from '../../../../core/capture/model.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { secretCapture } from './corpus.js';

const dumpGz = readFileSync(fileURLToPath(new URL('../../../fixtures/bundle/webrtc-internals-dump.gz', import.meta.url)));
const bundleText = serializeBundle(buildBundle(secretCapture()));
const enc = (s: string) => new TextEncoder().encode(s);

function expectError(r: ImportResult, pattern: RegExp): void {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(pattern);
}

describe('readBundleFile: our bundles', () => {
  it('opens a .json bundle as it was saved', async () => {
    const r = await readBundleFile(enc(bundleText), 'rtc-diagnostics-x.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.kind).toBe('bundle');
    expect(r.warnings).toEqual([]);
    expect(JSON.stringify(r.bundle)).toBe(bundleText);
  });

  it('opens a .json.gz bundle and a bundle given as text', async () => {
    const gz = await readBundleFile(new Uint8Array(gzipSync(bundleText)), 'b.json.gz');
    const txt = await readBundleFile(bundleText);
    expect(gz.ok && txt.ok).toBe(true);
    if (gz.ok) expect(gz.bundle.sockets[0]!.frames.length).toBeGreaterThan(5);
  });

  it('says a truncated .json.gz is cut off', async () => {
    const gz = gzipSync(bundleText);
    expectError(await readBundleFile(new Uint8Array(gz.subarray(0, gz.length >> 1)), 'b.json.gz'), /"b\.json\.gz" is gzip-compressed but cannot be decompressed: it is cut off or damaged/);
  });

  it('says a truncated .json is cut off', async () => {
    expectError(await readBundleFile(enc(bundleText.slice(0, 5000)), 'b.json'), /"b\.json" is cut off/);
  });

  it('refuses a bundle of a newer format version with an update hint', async () => {
    const newer = JSON.stringify({ ...JSON.parse(bundleText), version: 2 });
    expectError(await readBundleFile(newer, 'new.json'), /newer RTC DevTools \(bundle format version 2; this one reads up to 1\)\. Update RTC DevTools/);
  });

  it('names empty, HTML, rtcstats, HAR and unrelated files for what they are', async () => {
    expectError(await readBundleFile(new Uint8Array(0), 'e.json'), /is empty/);
    expectError(await readBundleFile('   \n'), /is empty/);
    expectError(await readBundleFile('<!doctype html><p>hi'), /HTML or XML page/);
    expectError(await readBundleFile('["getUserMedia",null,{}]\n["create","pc-1",{}]\n'), /rtcstats dump/);
    expectError(await readBundleFile(JSON.stringify({ log: { version: '1.2', entries: [] } })), /HAR file/);
    expectError(await readBundleFile(JSON.stringify({ hello: 'world' })), /JSON, but not a diagnostics bundle or a webrtc-internals dump/);
    expectError(await readBundleFile('42'), /JSON, but not a diagnostics bundle/);
    expectError(await readBundleFile('hello there'), /not JSON/);
  });

  it('opens a partly damaged bundle with what is good and says what was left out', async () => {
    const b = JSON.parse(bundleText);
    b.sockets[0].frames[2] = { t: 'yesterday', dir: 'sideways' };
    b.sockets[0].frames[3] = null;
    delete b.media;
    b.peerConnections.push({ id: 5 });
    const r = await readBundleFile(JSON.stringify(b), 'damaged.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bundle.sockets[0]!.frames.length).toBe(JSON.parse(bundleText).sockets[0].frames.length - 2);
    expect(r.bundle.media.getUserMedia).toEqual([]);
    expect(r.bundle.peerConnections.length).toBe(1);
    expect(r.warnings).toContain('2 damaged entries of sockets[].frames[] left out.');
    expect(r.warnings).toContain('1 damaged entry of peerConnections[] left out.');
    expect(r.warnings.some((w) => w.startsWith('media was missing or damaged'))).toBe(true);
    expect(validateBundle(r.bundle)).toEqual([]);
  });

  it('a bundle whose sockets, peerConnections and calls have the wrong type: opens, and says per part what was lost and why', () => {
    const b = JSON.parse(bundleText);
    const findings = b.findings.length;
    b.sockets = 'oops';
    b.peerConnections = 42;
    b.calls = { broken: true, count: 'x' };
    const r = readBundleValue(b, 'damaged.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.problems).toEqual([
      { path: 'sockets', reason: 'should be array but is the text "oops"', action: 'reset', count: 1, message: 'should be array but is the text "oops": nothing in it could be read, so it was left empty' },
      { path: 'peerConnections', reason: 'should be array but is number 42', action: 'reset', count: 1, message: 'should be array but is number 42: nothing in it could be read, so it was left empty' },
      { path: 'calls', reason: 'should be array but is an object', action: 'reset', count: 1, message: 'should be array but is an object: nothing in it could be read, so it was left empty' },
    ]);
    // What was readable is all there.
    expect(r.bundle.findings.length).toBe(findings);
    expect(r.bundle.media).toEqual(JSON.parse(bundleText).media);
    expect(validateBundle(r.bundle)).toEqual([]);
  });

  it('damaged entries: one problem per path with the first reason and how many, the good entries kept', () => {
    const b = JSON.parse(bundleText);
    const frames = b.sockets[0].frames.length;
    b.sockets[0].frames[1] = { t: 'yesterday', dir: 'sent', size: 3 };
    b.sockets[0].frames[2] = { t: 5, dir: 'sent', size: 'big' };
    b.calls.push({ id: 'c-2', sdk: 'telnyx', direction: 'outbound', states: [{ t: 'noon', state: 'new' }] });
    const r = readBundleValue(b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bundle.sockets[0]!.frames.length).toBe(frames - 2);
    expect(r.problems).toContainEqual({
      path: 'sockets[].frames[]',
      reason: 't should be number but is the text "yesterday"',
      action: 'dropped',
      count: 2,
      message: 't should be number but is the text "yesterday": left out; the rest was kept',
    });
    // A call's damaged state list entry is left out, the call itself kept.
    expect(r.problems).toContainEqual(expect.objectContaining({ path: 'calls[].states[]', action: 'dropped', reason: 't should be number but is the text "noon"' }));
    expect(r.bundle.calls.find((c) => c.id === 'c-2')!.states).toEqual([]);
  });

  it('a list saved as an object keyed by id is read as the list: nothing lost, and said', () => {
    const b = JSON.parse(bundleText);
    const sockets = b.sockets;
    b.sockets = Object.fromEntries(sockets.map((x: { id: string }) => [x.id, x]));
    const r = readBundleValue(b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bundle.sockets).toEqual(sockets);
    expect(r.problems).toEqual([expect.objectContaining({ path: 'sockets', action: 'recovered', reason: `should be a list but is an object of ${sockets.length} ${sockets.length === 1 ? 'entry' : 'entries'}` })]);
  });

  it('an intact bundle and a real webrtc-internals dump report no problems', async () => {
    const intact = readBundleValue(JSON.parse(bundleText));
    expect(intact.ok && intact.problems).toEqual([]);
    const dump = await readBundleFile(new Uint8Array(dumpGz), 'dump.gz');
    expect(dump.ok && dump.problems).toEqual([]);
  });

  it('refuses a bundle whose essentials are broken, saying which', async () => {
    const b = JSON.parse(bundleText);
    b.window = 'all day';
    expectError(readBundleValue(b, 'w.json'), /too damaged to open: \$\.window should be object but is the text "all day"/);
  });
});

describe('migration hook', () => {
  it('upgrades through the chain, and says when a step is missing', () => {
    const table: Record<number, Migration> = { 1: (b) => ({ ...b, renamed: b.old }), 2: (b) => ({ ...b, third: true }) };
    const r = migrate({ version: 1, old: 'x' }, table, 3);
    expect(r).toEqual({ ok: true, from: 1, value: { version: 3, old: 'x', renamed: 'x', third: true } });
    const gap = migrate({ version: 1 }, { 2: (b) => b }, 3);
    expect(gap).toEqual({ ok: false, error: 'bundle format version 1 can no longer be read (no upgrade from version 1)' });
    expect(migrate({ version: 'one' })).toMatchObject({ ok: false });
  });
});

describe('readBundleFile: chrome://webrtc-internals dumps', () => {
  it('opens a real Chromium dump (.gz as downloaded) with charts-ready stats and the API log', async () => {
    const r = await readBundleFile(new Uint8Array(dumpGz), 'webrtc_internals_dump.gz');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.kind).toBe('webrtc-internals');
    expect(r.bundle.environment.userAgent).toContain('Chrome/156');
    expect(r.bundle.peerConnections.map((p) => p.id)).toEqual(['8-1', '8-2']);
    const pc = r.bundle.peerConnections[0]!;
    expect(pc.state.connection).toBe('connected');
    expect(pc.events.some((e) => e.kind === 'result' && e.type === 'createOfferOnSuccess')).toBe(true);
    expect(pc.sdps.map((s) => `${s.side}:${s.type}`)).toEqual(['local:offer', 'local:offer', 'remote:answer']);
    const samples = decodeStats(pc.stats.samples).samples;
    expect(samples.length).toBe(7);
    const video = samples.map((s) => Object.values(s.reports).find((x) => x.type === 'outbound-rtp' && x.kind === 'video'));
    const sent = video.map((v) => v?.bytesSent as number);
    expect(sent.every((b, i) => i === 0 || b > sent[i - 1]!)).toBe(true);
    expect(video.at(-1)).toMatchObject({ frameWidth: 640, frameHeight: 480 });
    expect(r.bundle.media.getUserMedia[0]).toMatchObject({ api: 'getUserMedia', constraints: { audio: true, video: { width: { ideal: 640 } } }, result: { ok: true } });
    // The capture model (what the panel's Media view reads) gets every sample.
    const model = buildCaptureModel(eventsFromBundle(r.bundle));
    expect(model.peerConnections.get('8-1')!.stats.length).toBe(7);
  });

  it('gives the analyzer what the Media view charts: bitrates, packet rates and frame size per second', async () => {
    const r = await readBundleFile(new Uint8Array(dumpGz), 'dump.gz');
    if (!r.ok) throw new Error(r.error);
    const analyzer = createAnalyzer();
    for (const ev of eventsFromBundle(r.bundle)) analyzer.push(ev);
    const series = analyzer.snapshot().quality['8-1']!;
    expect(series.samples.length).toBe(6);
    const last = series.samples.at(-1)!;
    expect(last.video?.outKbps).toBeGreaterThan(300);
    expect(last.audio?.outKbps).toBeGreaterThan(15);
    expect(last.video?.widthOut).toBe(640);
  });

  it('opens the same dump saved as plain .txt, also re-saved as UTF-16 with a BOM', async () => {
    const text = gunzipSync(dumpGz).toString('utf8');
    const r = await readBundleFile(new Uint8Array(gunzipSync(dumpGz)), 'dump.txt');
    expect(r.ok && r.kind).toBe('webrtc-internals');
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r16 = await readBundleFile(utf16, 'dump-notepad.txt');
    expect(r16.ok && r16.bundle.peerConnections.length).toBe(2);
  });
});

describe('webrtc-internals import of damaged dumps (property test)', () => {
  it('never throws on values of the wrong type anywhere in a real dump, and what it opens is usable', () => {
    const dump = JSON.parse(gunzipSync(dumpGz).toString('utf8'));
    const paths: (string | number)[][] = [];
    const collect = (v: unknown, p: (string | number)[], depth: number) => {
      paths.push(p);
      if (depth > 4) return;
      if (Array.isArray(v)) v.slice(0, 5).forEach((x, i) => collect(x, [...p, i], depth + 1));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v).slice(0, 40)) collect(x, [...p, k], depth + 1);
    };
    collect(dump, [], 0);
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant(0).map(() => []), fc.constant(0).map(() => ({})), fc.constant('[1,"a",{}]'), fc.constant('{"type":"offer"}'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(paths.length - 1), junk), { minLength: 1, maxLength: 6 }), (edits) => {
        const d = JSON.parse(JSON.stringify(dump));
        for (const [i, value] of edits) {
          const p = paths[i]!;
          if (!p.length) continue;
          let parent = d;
          for (const k of p.slice(0, -1)) parent = parent?.[k];
          if (parent && typeof parent === 'object') parent[p.at(-1)!] = value;
        }
        const r = readBundleValue(d, 'dump.json');
        if (!r.ok) {
          expect(r.error).toMatch(/dump\.json/);
          return;
        }
        expect(validateBundle(r.bundle)).toEqual([]);
        buildCaptureModel(eventsFromBundle(r.bundle));
        toWebrtcInternals(r.bundle);
      }),
      // ~40 ms a run on the whole real dump; FC_RUNS=600 for a deeper local run.
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  });
});

describe('readBundleFile never throws and always answers clearly (property test)', () => {
  const base = enc(bundleText);
  const gz = new Uint8Array(gzipSync(bundleText));
  const original = JSON.parse(bundleText);

  /** What consumers do with an accepted bundle must work too. */
  function usable(r: ImportResult): void {
    if (!r.ok) {
      expect(r.error.length).toBeGreaterThan(10);
      expect(r.error).not.toMatch(/\n\s+at /);
      return;
    }
    expect(validateBundle(r.bundle)).toEqual([]);
    buildCaptureModel(eventsFromBundle(r.bundle));
    toWebrtcInternals(r.bundle);
    toHar(r.bundle);
  }

  it('survives truncations and bit flips of .json and .json.gz files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { maxLength: 8 }),
        async (useGz, cut, flips) => {
          const src = useGz ? gz : base;
          const bytes = src.slice(0, cut % (src.length + 1));
          for (const [pos, bit] of flips) if (bytes.length) bytes[pos % bytes.length]! ^= 1 << bit;
          usable(await readBundleFile(bytes, useGz ? 'x.json.gz' : 'x.json'));
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  });

  it('survives values of the wrong type anywhere in the bundle', async () => {
    const paths: (string | number)[][] = [];
    const collect = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...p, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, [...p, k]);
    };
    collect(original, []);
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant(0).map(() => []), fc.constant(0).map(() => ({})), fc.constant(0).map(() => ({ t: 'x' })), fc.constant(Number.MAX_VALUE));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(paths.length - 1), junk, fc.boolean()), { minLength: 1, maxLength: 5 }), async (edits) => {
        const b = JSON.parse(bundleText);
        for (const [i, value, remove] of edits) {
          const p = paths[i]!;
          if (!p.length) continue;
          let parent = b;
          for (const k of p.slice(0, -1)) parent = parent?.[k];
          if (!parent || typeof parent !== 'object') continue;
          if (remove && !Array.isArray(parent)) delete parent[p.at(-1)!];
          else parent[p.at(-1)!] = value;
        }
        usable(await readBundleFile(JSON.stringify(b), 'mutated.json'));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});
