import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { addSdkFact, describeSdk, factsFromFound, sdkFamily, type SdkIdentity } from '../../../../core/sdk/identity.js';
import { found, signalwireConnect, telnyxLogin } from './sdk-events.js';

function analyze(events: CaptureEvent[]): SdkIdentity[] {
  const a = createAnalyzer();
  for (const e of events) a.push(e);
  return a.snapshot().sdks;
}

describe('one SDK entry per family', () => {
  it('Telnyx found by its global, its constructor and its login is one entry with the version the login carries', () => {
    const sdks = analyze([
      found('sdk-1', 'telnyx', '2.x', 'global', { library: true }),
      found('sdk-2', 'telnyx', '2.x', 'constructor', { library: 'sdk-1' }),
      ...telnyxLogin(5),
    ]);
    expect(sdks).toHaveLength(1);
    expect(sdks[0]).toMatchObject({ name: '@telnyx/webrtc', version: '2.27.10', via: 'global+constructor+traffic', socketId: 'ws-1' });
    expect(describeSdk(sdks[0]!)).toBe('version 2.27.10 (from signaling); found by the page global, the client constructor and signaling');
  });

  it('the same when the signaling is seen before the hook reports the library', () => {
    const sdks = analyze([...telnyxLogin(1), found('sdk-1', 'telnyx', '2.x', 'global', { library: true }, 10)]);
    expect(sdks.map((s) => `${s.name} ${s.version}`)).toEqual(['@telnyx/webrtc 2.27.10']);
  });

  it('SignalWire 4.0 beta that claims 3.30.0 is one 4.x entry, and the claim is shown, not hidden', () => {
    const lib = found('sdk-1', 'signalwire', '4.x', 'global', { library: true, generation: 4, reportedVersion: '3.30.0' });
    const client = found('sdk-2', 'signalwire', '4.x', 'constructor', { library: 'sdk-1', generation: 4 });
    const sdks = analyze([lib, client, ...signalwireConnect(5, 'signalwire-js/4.0.0')]);
    expect(sdks).toHaveLength(1);
    expect(sdks[0]).toMatchObject({ name: '@signalwire/js', version: '4.0.0' });
    expect(describeSdk(sdks[0]!)).toBe(
      'version 4.0.0 (from signaling); the page global says 3.30.0; found by the page global, the client constructor and signaling',
    );
  });

  it('a release that contradicts the shape never becomes the version, even from signaling', () => {
    const sdks = analyze([found('sdk-1', 'signalwire', '4.x', 'global', { library: true, generation: 4 }), ...signalwireConnect(5, '@signalwire/js/browser/3.30.0')]);
    expect(sdks).toHaveLength(1);
    expect(sdks[0]!.version).toBe('4.x');
    expect(describeSdk(sdks[0]!)).toBe("version 4.x (from the library's shape); signaling says 3.30.0; found by the page global and signaling");
  });

  it("keeps the app's more precise declaration (4.0.0-beta.12) over the wire's 4.0.0", () => {
    const sdks = analyze([found('sdk-1', 'signalwire', '4.0.0-beta.12', 'register', { generation: 4 }), ...signalwireConnect(5, 'signalwire-js/4.0.0')]);
    expect(sdks.map((s) => `${s.name} ${s.version}`)).toEqual(['@signalwire/js 4.0.0-beta.12']);
    expect(describeSdk(sdks[0]!)).toMatch(/^version 4\.0\.0-beta\.12 \(from the app's registration\);/);
  });

  it('a registration without a version, then the login, gives the login version', () => {
    const sdks = analyze([found('sdk-1', 'telnyx', 'unknown', 'register'), ...telnyxLogin(5)]);
    expect(sdks.map((s) => `${s.name} ${s.version}`)).toEqual(['@telnyx/webrtc 2.27.10']);
  });

  it('different SDKs stay apart, and two libraries of different generations by shape stay apart', () => {
    const sdks = analyze([
      found('sdk-1', 'telnyx', '2.x', 'global', { library: true }),
      found('sdk-2', 'signalwire', '3.29.0', 'global', { library: true, generation: 3 }),
      found('sdk-3', 'signalwire', '4.x', 'global', { library: true, generation: 4, reportedVersion: '3.30.0' }),
      ...signalwireConnect(5, 'signalwire-js/4.0.0'),
    ]);
    expect(sdks.map((s) => `${s.name} ${s.version}`)).toEqual(['@telnyx/webrtc 2.x', '@signalwire/js 3.29.0', '@signalwire/js 4.0.0']);
    // The 4.x bundle's claim stays with the 4.x entry.
    expect(describeSdk(sdks[1]!)).toBe('version 3.29.0 (from the page global); found by the page global');
    expect(describeSdk(sdks[2]!)).toContain('the page global says 3.30.0');
  });

  it('says so when nothing gave a version', () => {
    const list: SdkIdentity[] = [];
    for (const f of factsFromFound({ sdk: 'acme', version: 'unknown', via: 'register' })) addSdkFact(list, f);
    expect(list).toEqual([{ name: 'acme', version: '', via: 'register', sources: [{ via: 'register', version: '' }] }]);
    expect(describeSdk(list[0]!)).toBe("version unknown; found by the app's registration");
  });

  it('reads an analysis without sources (older bundles) from its via', () => {
    expect(describeSdk({ name: '@telnyx/webrtc', version: '2.27.10', via: 'global+traffic' })).toBe(
      'version 2.27.10; found by the page global and signaling',
    );
    expect(sdkFamily('Telnyx')).toBe('@telnyx/webrtc');
    expect(sdkFamily('JsSIP')).toBe('JsSIP');
  });
});
