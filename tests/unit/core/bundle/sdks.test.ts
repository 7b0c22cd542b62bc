import { describe, expect, it } from 'vitest';
import type { CaptureEvent, SdkFound } from '../../../../core/capture/events.js';
import { buildBundle, serializeBundle } from '../../../../core/bundle/build.js';
import { readBundleValue } from '../../../../core/bundle/import.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import type { Bundle } from '../../../../core/bundle/types.js';
import { repair, validateBundle } from '../../../../core/bundle/validate.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import type { SdkInfo } from '../../../../core/protocol/types.js';
import { found, telnyxLogin } from '../sdk/sdk-events.js';

/** A Telnyx page as the extension captures it: library global, one client, its login. */
const telnyxPage = (): CaptureEvent[] => [
  found('sdk-a-1', 'telnyx', '2.x', 'global', { global: 'TelnyxWebRTC', library: true }),
  found('sdk-a-2', 'telnyx', '2.x', 'constructor', { library: 'sdk-a-1' }, 2),
  { kind: 'sdk.event', t: 3, id: 'sdk-a-2', name: 'connected', data: { connected: true } },
  ...telnyxLogin(5),
];

const build = (events: CaptureEvent[]): Bundle => buildBundle({ events, environment: { userAgent: 'test' }, now: new Date(1_790_000_000_000) });
const list = (b: Bundle) => b.sdks.filter((s) => s.id === undefined);
const hookObjects = (b: Bundle) => b.sdks.filter((s) => s.id !== undefined);

function sdkListOf(b: Bundle) {
  const a = createAnalyzer();
  for (const e of eventsFromBundle(b)) a.push(e);
  return a.snapshot().sdks;
}

describe('bundle sdks[]', () => {
  it('lists Telnyx once, with its version from signaling, and points the hook objects at that entry', () => {
    const b = build(telnyxPage());
    expect(list(b)).toEqual([
      {
        name: '@telnyx/webrtc',
        version: '2.27.10',
        via: 'global+constructor+traffic',
        socketId: 'ws-1',
        sources: [
          { via: 'global', version: '2.x' },
          { via: 'constructor', version: '2.x' },
          { via: 'traffic', version: '2.27.10', socketId: 'ws-1' },
        ],
      },
    ]);
    expect(hookObjects(b).map((s) => [s.id, s.name, s.family])).toEqual([
      ['sdk-a-1', 'telnyx', '@telnyx/webrtc'],
      ['sdk-a-2', 'telnyx', '@telnyx/webrtc'],
    ]);
    expect(hookObjects(b)[1]!.events).toEqual([{ t: 3, name: 'connected', data: { connected: true } }]);
  });

  it('keeps the list entry even when a hook object has the same raw name (an unnamed registration)', () => {
    const b = build([found('sdk-b-1', 'unknown', 'unknown', 'register', { name: 'line 2' })]);
    expect(hookObjects(b)).toMatchObject([{ id: 'sdk-b-1', name: 'unknown', family: 'unknown' }]);
    expect(list(b)).toEqual([{ name: 'unknown', version: '', via: 'register', sources: [{ via: 'register', version: '' }] }]);
  });

  it('keeps SignalWire 3.x and 4.x apart when both libraries are loaded', () => {
    const b = build([
      found('sdk-c-1', 'signalwire', '3.x', 'global', { library: true, generation: 3 }),
      found('sdk-c-2', 'signalwire', '4.x', 'global', { library: true, generation: 4, reportedVersion: '3.30.0' }),
    ]);
    expect(list(b).map((s) => `${s.name} ${s.version}`)).toEqual(['@signalwire/js 3.x', '@signalwire/js 4.x']);
    expect(hookObjects(b).map((s) => s.family)).toEqual(['@signalwire/js', '@signalwire/js']);
  });

  it('writes a list entry once even if the analysis handed in lists it twice, and never with an id', () => {
    const entry = { name: '@telnyx/webrtc', version: '2.27.10', via: 'traffic' };
    // An entry with an id would read as a hook object on import: the builder drops it, whoever handed it in.
    const stray = { ...entry, id: 'stray' } as SdkInfo;
    const b = buildBundle({ events: [], environment: { userAgent: 'x' }, analysis: { ...createAnalyzer().snapshot(), sdks: [entry, stray] } });
    expect(b.sdks).toEqual([entry]);
  });

  it('fits the JSON Schema with family and sources, and the schema rejects them damaged', () => {
    const b = JSON.parse(serializeBundle(build(telnyxPage()))) as Bundle;
    expect(validateBundle(b)).toEqual([]);
    const i = b.sdks.findIndex((s) => s.id === undefined);
    const damaged = JSON.parse(JSON.stringify(b)) as { sdks: Record<string, unknown>[] };
    damaged.sdks[0]!.family = 7;
    damaged.sdks[i]!.sources = [{ via: 'traffic' }, 'x'];
    expect(validateBundle(damaged).map((p) => p.path)).toEqual([`$.sdks[0].family`, `$.sdks[${i}].sources[0].version`, `$.sdks[${i}].sources[1]`]);
  });

  it('imports back into one SDK entry per family, the same list the bundle wrote', () => {
    const b = build(telnyxPage());
    const r = readBundleValue(JSON.parse(serializeBundle(b)));
    expect(r.ok && r.warnings).toEqual([]);
    if (!r.ok) return;
    expect(r.bundle.sdks).toEqual(b.sdks);
    // Only the hook objects are replayed: the list is recomputed from them and the frames.
    expect(eventsFromBundle(r.bundle).filter((e) => e.kind === 'sdk.found').map((e) => (e as SdkFound).id)).toEqual(['sdk-a-1', 'sdk-a-2']);
    const again = sdkListOf(r.bundle);
    expect(again.map((s) => `${s.name} ${s.version}`)).toEqual(['@telnyx/webrtc 2.27.10']);
  });

  it('still opens a bundle written before family and sources, with one entry per SDK', () => {
    const b = JSON.parse(serializeBundle(build(telnyxPage()))) as Bundle;
    // What an older build wrote: the hook objects and the analyzer's entries without the new fields.
    const old = {
      ...b,
      sdks: [
        ...b.sdks.filter((s) => s.id !== undefined).map(({ family: _f, ...s }) => s),
        { name: '@telnyx/webrtc', version: '2.27.10', via: 'global+constructor+traffic', socketId: 'ws-1' },
      ],
    };
    expect(validateBundle(old)).toEqual([]);
    const r = repair(old);
    expect(r.ok).toBe(true);
    const imported = readBundleValue(old);
    expect(imported.ok && imported.warnings).toEqual([]);
    if (!imported.ok) return;
    expect(sdkListOf(imported.bundle).map((s) => `${s.name} ${s.version}`)).toEqual(['@telnyx/webrtc 2.27.10']);
  });
});
