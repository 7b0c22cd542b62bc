import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeEvents, buildBundle, eventsFromBundle, serializeBundle, type CaptureEvent } from '../../../core/api.js';
import type { Analysis, CallModel } from '../../../core/protocol/types.js';
import { loadBundle } from '../../../node/bundleIo.js';
import { escapeControls, formatAnalysis, jsonForTerminal, peakConcurrentCalls } from '../../../node/report.js';

function call(id: string, direction: CallModel['direction'], start: number, end?: number): CallModel {
  return {
    id,
    sdk: 'signalwire',
    direction,
    socketId: 's',
    states: [{ t: start, state: 'new' }, ...(end !== undefined ? [{ t: end, state: 'hangup' as const }] : [])],
    state: end !== undefined ? 'hangup' : 'active',
    startT: start,
    candidates: [],
    candidatesDropped: 0,
    held: false,
    holds: [],
    attaches: [],
    ...(end !== undefined ? { hangup: { t: end, by: 'remote' as const } } : {}),
  } as CallModel;
}

const analysis = (calls: CallModel[]) => ({ calls }) as unknown as Analysis;

describe('peak concurrent calls', () => {
  it('counts calls alive at the same time, inbound separately', () => {
    const a = analysis([call('a', 'inbound', 0, 100), call('b', 'inbound', 50, 200), call('c', 'outbound', 60), call('d', 'inbound', 300, 400)]);
    expect(peakConcurrentCalls(a)).toEqual({ all: 3, inbound: 2 });
  });

  it('does not count a call that ends exactly as the next one starts', () => {
    expect(peakConcurrentCalls(analysis([call('a', 'inbound', 0, 100), call('b', 'inbound', 100, 200)]))).toEqual({ all: 1, inbound: 1 });
  });
});

/** A recorded capture as `rtc-devtools analyze` reads it: built into a bundle, read back, analysed. */
async function report(events: CaptureEvent[], tailMs = 0, opts: { color?: boolean } = {}): Promise<string> {
  const bundle = buildBundle({
    events,
    environment: { userAgent: 'vitest', source: 'node' },
    window: { start: events[0]!.t, end: events[events.length - 1]!.t + tailMs },
  });
  const loaded = await loadBundle(new TextEncoder().encode(serializeBundle(bundle)), 'capture.json');
  if (!loaded.ok) throw new Error(loaded.error);
  return formatAnalysis(loaded.bundle, loaded.analysis, opts);
}

function recorded(name: string): CaptureEvent[] {
  return JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded', `${name}.events.json`), 'utf8')) as CaptureEvent[];
}

/** Any control character but the newline that ends each line. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('analyze: call summaries and pending requests', () => {
  it('says how each call ended, who hung up, its length and its times to ring, answer and media', async () => {
    const text = await report(recorded('telnyx-drop-attach'));
    expect(text).toContain('Calls (1)');
    expect(text).toContain('    outcome: answered, hung up here — cause NORMAL_CLEARING (16): normal hang-up\n');
    expect(text).toContain('hung up by: this page (local)');
    expect(text).toMatch(/length 5\.6 s · ringing after 21 ms · answered after 287 ms · first media after (—|[\d.]+ m?s)\n/);
    expect(text).toContain('Requests still pending at the end of the capture (0)');
  });

  it('a failed call says why in words, with the cause', async () => {
    const text = await report(recorded('signalwire-v4-withheld-invite'), 15_000);
    expect(text).toMatch(/outcome: failed: the SDK gave up waiting for a reply to the invite/);
    expect(text).toMatch(/length never answered · ringing after — · answered after —/);
  });

  it('lists the request still unanswered when the capture stopped, with how long it had waited', async () => {
    const all = recorded('signalwire-v4-withheld-invite');
    const invite = all.findIndex((e) => e.kind === 'ws.frame' && e.dir === 'sent' && e.text?.includes('verto.invite'));
    expect(invite).toBeGreaterThan(0);
    const text = await report(all.slice(0, invite + 1), 4_000);
    expect(text).toContain('Requests still pending at the end of the capture (1)');
    expect(text).toMatch(/→ verto\.invite \(in webrtc\.verto\) on socket ws-1 for call [\w-]+: no reply for 4 s\n/);
    expect(text).toMatch(/outcome: in progress \(requesting, its invite has no reply yet\)/);
    expect(text).toContain('length not answered yet');
  });
});

describe('analyze: hostile strings in the terminal', () => {
  const OSC = '\u001b]0;owned\u0007';
  const CSI = '\u001b[2J';

  it('escapes escape sequences planted in a call id and a request method', async () => {
    const events = recorded('telnyx-drop-attach').map((e) =>
      e.kind === 'ws.frame' && e.text ? { ...e, text: e.text.replaceAll('b4016ab1-38a3-4d72-9d5a-406c26ce7d34', 'b4016ab1\\u001b]0;owned\\u0007') } : e,
    );
    const last = events[events.length - 1]!;
    // A request the page sent last and never saw answered: its method is listed under the pending requests.
    const sock = events.find((e) => e.kind === 'ws.create')!;
    const evil = JSON.stringify({ jsonrpc: '2.0', id: 'x1', method: `evil${CSI}method`, params: {} });
    const socketId = (sock as { id: string }).id;
    const closeAt = events.findIndex((e) => e.kind === 'ws.close' && e.id === socketId);
    const frame: CaptureEvent = { kind: 'ws.frame', t: last.t - 1, id: socketId, dir: 'sent', size: evil.length, binary: false, text: evil };
    events.splice(closeAt >= 0 ? closeAt : events.length, 0, { ...frame, t: closeAt >= 0 ? events[closeAt]!.t - 1 : last.t });

    for (const color of [false, true]) {
      const text = await report(events, 1000, { color });
      // Our own colour codes are the only escapes that reach the terminal.
      const bare = color ? text.replace(/\u001b\[\d+m/g, '') : text;
      expect(bare).not.toMatch(RAW_CONTROL);
      expect(text).toContain('b4016ab1\\x1b]0;owned\\x07');
      expect(text).toContain('evil\\x1b[2Jmethod');
    }
  });

  it('escapes every string of the bundle and the analysis, whatever field it sits in', () => {
    const events = recorded('signalwire-v4-withheld-invite');
    const bundle = buildBundle({ events, environment: { userAgent: 'vitest', pageUrl: 'https://example.test/', source: 'node' } });
    const analysis = analyzeEvents(eventsFromBundle(bundle), events[events.length - 1]!.t + 15_000);
    // Poison after the analysis: every text field now ends in an OSC, a CSI, a C1 CSI, DEL and a bidi override.
    const poison = `${OSC}${CSI}\u009b31m\u007f\u202e`;
    const text = formatAnalysis(poisoned(bundle, poison), poisoned(analysis, poison));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\u{202e}');
  });

  it('--json writes the same JSON value with no raw C1 control, DEL or bidi override', () => {
    const value = { method: `a${OSC}\u009b31m\u007f\u202eb`, n: [1, 2] };
    const text = jsonForTerminal(value);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('escapeControls leaves printable text (accents, emoji, arrows) as it is', () => {
    expect(escapeControls('Zoë → 📞 ok')).toBe('Zoë → 📞 ok');
    expect(escapeControls(`a\nb\tc${OSC}`)).toBe('a\\x0ab\\x09c\\x1b]0;owned\\x07');
    expect(escapeControls(17)).toBe('17');
  });
});

/** A deep copy in which every string (not the keys) has `poison` appended. */
function poisoned<T>(v: T, poison: string): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return x + poison;
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v) as T;
}

describe('no control character reaches the terminal (property)', () => {
  // Every code point a terminal might act on, mixed with ordinary text.
  const hostile = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), fc.constantFrom('\u2028', '\u2029', '\u202e', '\u2066', 'é', '📞')), maxLength: 40 });

  it('escapeControls of any string holds no raw control and reads back to the same text', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeControls(s);
        expect(out).not.toMatch(RAW_CONTROL);
        // Reversible: a support engineer can tell exactly what the page sent.
        const back = out.replace(/\\x([0-9a-f]{2})|\\u\{([0-9a-f]+)\}/g, (_, h, u) => String.fromCodePoint(parseInt(h ?? u, 16)));
        if (!s.includes('\\')) expect(back).toBe(s);
      }),
    );
  });

  it('a report of a bundle poisoned with any string in every field prints none raw, on --json either', () => {
    const events = recorded('signalwire-v4-withheld-invite');
    const bundle = buildBundle({ events, environment: { userAgent: 'vitest', pageUrl: 'https://example.test/', source: 'node' } });
    const analysis = analyzeEvents(eventsFromBundle(bundle), events[events.length - 1]!.t + 15_000);
    fc.assert(
      fc.property(hostile, (poison) => {
        expect(formatAnalysis(poisoned(bundle, poison), poisoned(analysis, poison))).not.toMatch(RAW_CONTROL);
        expect(jsonForTerminal(poisoned(analysis, poison))).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 30 },
    );
  });
});

describe('analyze: LiveKit rooms', () => {
  it('prints each room: you and your tracks, participants, the publisher and subscriber pcs, the resume, the leave; page names escaped', async () => {
    const { liveKitConversation } = await import('../../fixtures/protocol/livekit-conversation.js');
    const events = liveKitConversation();
    const text = await report(events, 60_000);
    expect(text).toContain('LiveKit rooms (1)');
    expect(text).toContain('Room "demo"  disconnected · livekit-client 2.23.0 (protocol 16)');
    expect(text).toContain('    you: "alice" (PA_local)');
    expect(text).toContain('      video camera · "camera" · TR_alice_video · published');
    expect(text).toContain('    participant "bob" (PA_bob) · left');
    expect(text).toContain('    peer connections: publisher pc-pub, subscriber pc-sub');
    expect(text).toMatch(/ {4}reconnect: resumed in 0\.3 s/);
    expect(text).toContain('The client left: CLIENT_INITIATED');
    expect(text).not.toMatch(RAW_CONTROL);
  });
});
