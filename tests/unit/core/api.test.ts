/**
 * The public API of core (core/api.ts), used the way a consumer outside the extension would: through the
 * package's `exports` name, on recorded captures, from capture events to a file on disk and back.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FORMAT,
  analyzeBundle,
  buildBundleWithReport,
  exportBundle,
  interopFile,
  readBundleFile,
  serializeBundle,
  toHar,
  toWebrtcInternals,
  validateBundle,
  type CaptureEvent,
} from 'rtc-devtools/core';

const PASSWORD = 'PLANTED-passwd-7f3c9e';
const URL_TOKEN = 'PLANTED-urltoken-41ab';

/** A recorded capture, with secrets planted where apps carry them (the recordings were redacted when made). */
function recorded(name: string): CaptureEvent[] {
  const text = readFileSync(resolve('tests/fixtures/protocol/recorded', `${name}.events.json`), 'utf8');
  const events = JSON.parse(text) as CaptureEvent[];
  return events.map((e) => {
    if (e.kind === 'ws.create') return { ...e, url: `${e.url.replace(/\/$/, '')}/?token=${URL_TOKEN}` };
    if (e.kind === 'ws.frame' && e.text) return { ...e, text: e.text.replace('"passwd":"[redacted]"', `"passwd":"${PASSWORD}"`) };
    return e;
  });
}

function build(events: CaptureEvent[], tailMs = 0) {
  return buildBundleWithReport({
    events,
    environment: { userAgent: 'vitest', source: 'node' },
    window: { start: events[0]!.t, end: events[events.length - 1]!.t + tailMs },
    now: new Date('2026-12-03T12:00:00Z'),
  });
}

describe('core API, end to end on a recorded Telnyx call', () => {
  const events = recorded('telnyx-drop-attach');
  const frames = events.filter((e) => e.kind === 'ws.frame').length;
  if (!events.some((e) => e.kind === 'ws.frame' && e.text?.includes(PASSWORD))) throw new Error('the password was not planted');

  it('builds a redacted bundle, writes it plain and gzipped, reads both back and analyses them as the panel does', async () => {
    const { bundle, redactions } = build(events);
    expect(redactions.length).toBeGreaterThan(0);
    const text = serializeBundle(bundle);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(URL_TOKEN);
    expect(validateBundle(JSON.parse(text))).toEqual([]);

    for (const gz of [false, true]) {
      const file = await exportBundle(bundle, { gzip: gz, host: 'example.test', date: new Date('2026-12-03T12:00:00Z') });
      expect(file.name.endsWith(gz ? '.json.gz' : '.json')).toBe(true);
      if (gz) expect([file.bytes[0], file.bytes[1]]).toEqual([0x1f, 0x8b]);
      const read = await readBundleFile(file.bytes, file.name);
      if (!read.ok) throw new Error(read.error);
      expect(read.kind).toBe('bundle');
      expect(read.problems).toEqual([]);
      expect(read.bundle.sockets.reduce((n, s) => n + s.frames.length, 0)).toBe(frames);

      const { analysis, calls, pending } = analyzeBundle(read.bundle);
      expect(analysis.messages).toHaveLength(frames);
      expect(analysis.messages.some((m) => m.method === 'telnyx_rtc.invite')).toBe(true);
      expect(analysis.connections.length).toBeGreaterThan(0);
      // A healthy call: answered, hung up by the page, no findings, nothing left waiting.
      expect(analysis.findings).toEqual([]);
      expect(calls).toHaveLength(1);
      const s = calls[0]!.summary;
      expect(s).toMatchObject({ outcome: 'answered', outcomeText: 'answered, hung up here', hungUpBy: 'local', callId: calls[0]!.call.id });
      expect(s.timeToRingMs).toBeLessThanOrEqual(s.timeToAnswerMs!);
      expect(s.lengthMs).toBeGreaterThan(1000);
      expect(pending).toEqual([]);
      // The same summary the bundle carries for the call.
      expect(read.bundle.calls[0]!.summary).toMatchObject({ outcome: s.outcome, outcomeText: s.outcomeText, lengthMs: s.lengthMs });
    }
  });

  it('exports a HAR and a webrtc-internals dump with the traffic and without the secrets; the dump opens again', async () => {
    const { bundle } = build(events);
    const har = toHar(bundle);
    const sockets = har.log.entries.filter((e) => e._resourceType === 'websocket');
    expect(sockets).toHaveLength(bundle.sockets.length);
    expect(sockets.reduce((n, e) => n + e._webSocketMessages.length, 0)).toBe(frames);
    const dump = toWebrtcInternals(bundle);
    for (const out of [JSON.stringify(har), JSON.stringify(dump)]) {
      expect(out).not.toContain(PASSWORD);
      expect(out).not.toContain(URL_TOKEN);
    }

    const file = interopFile('webrtc-internals', bundle, 'capture.json');
    expect(file.name).toBe('capture.webrtc-internals.json');
    const back = await readBundleFile(file.text, file.name);
    if (!back.ok) throw new Error(back.error);
    expect(back.kind).toBe('webrtc-internals');
    expect(back.bundle.peerConnections).toHaveLength(bundle.peerConnections.length);

    // A HAR is recognised and refused with a sentence that says what it is, not parsed as something else.
    const harBack = await readBundleFile(interopFile('har', bundle, 'capture').text, 'capture.har');
    expect(harBack).toMatchObject({ ok: false });
    expect(!harBack.ok && harBack.error).toMatch(/is a HAR file/);
  });
});

describe('core API on a failed call', () => {
  it('an invite the server never answers: the summary says why, a finding says what the SDK did', async () => {
    const events = recorded('signalwire-v4-withheld-invite');
    // The capture ran on past the SDK's time-out: the invite is judged failed at the window's end.
    const { bundle } = build(events, 15_000);
    const read = await readBundleFile(new TextEncoder().encode(serializeBundle(bundle)), 'withheld.json');
    if (!read.ok) throw new Error(read.error);
    const { analysis, calls } = analyzeBundle(read.bundle);
    expect(calls.map((c) => c.summary.outcomeText)).toEqual(['failed: the SDK gave up waiting for a reply to the invite']);
    expect(analysis.findings.map((f) => f.rule)).toContain('rpc-timeout');
  });

  it('a capture stopped while the invite waits lists it as pending with its age at the end of the capture', () => {
    const all = recorded('signalwire-v4-withheld-invite');
    const invite = all.findIndex((e) => e.kind === 'ws.frame' && e.dir === 'sent' && e.text?.includes('webrtc.verto') && e.text.includes('verto.invite'));
    expect(invite).toBeGreaterThan(0);
    const cut = all.slice(0, invite + 1);
    const { bundle } = build(cut, 4_000);
    const { pending, calls } = analyzeBundle(bundle);
    expect(pending.map((p) => [p.request.method, p.age.text])).toEqual([['verto.invite', 'no reply for 4 s']]);
    expect(calls[0]!.summary.outcome).toBe('in-progress');
  });

  it('a damaged bundle opens with what is still good, and problems say what was left out', async () => {
    const { bundle } = build(recorded('telnyx-drop-attach'));
    const value = JSON.parse(serializeBundle(bundle)) as { format: string; sockets: { frames: unknown[] }[] };
    expect(value.format).toBe(BUNDLE_FORMAT);
    const total = value.sockets.reduce((n, s) => n + s.frames.length, 0);
    value.sockets[0]!.frames[1] = 'not a frame';
    value.sockets[0]!.frames[2] = { dir: 'sideways' };
    const r = await readBundleFile(JSON.stringify(value), 'damaged.json');
    if (!r.ok) throw new Error(r.error);
    expect(r.problems).toEqual([expect.objectContaining({ path: 'sockets[].frames[]', action: 'dropped', count: 2 })]);
    expect(analyzeBundle(r.bundle).analysis.messages).toHaveLength(total - 2);
  });

  it('a file that is no bundle gives a sentence, not an exception', async () => {
    const r = await readBundleFile(new TextEncoder().encode('<html></html>'), 'page.html');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/HTML or XML page/) });
  });
});
