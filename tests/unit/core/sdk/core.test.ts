import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REDACTED, redactString, toSafeJson } from '../../../../core/sdk/safeJson.js';
import { summarizeSignalWire3Params, summarizeSignalWire4Options, summarizeTelnyxOptions, telnyxAuthKind } from '../../../../core/sdk/options.js';
import { hookTimeoutMs, relayTimeoutMs, sdkIdMatches } from '../../../../core/sdk/commands.js';
import { makeCommand, parseBridgeCommandMessage, parseCommandResult, parsePanelCommandMessage, parseSdkCommand } from '../../../../core/messages/sdk-commands.js';
import { diffClientSnapshots, signalWireVersion } from '../../../../core/sdk/state.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNlY3JldA';
const SECRETS = [JWT, 'hunter2', 'turn-cred-9', 'sat-abc-123', 'dpop-xyz-77', 'sig-0000-s3cr3t'];

describe('toSafeJson', () => {
  it('removes credentials by field name at any depth and JWTs inside any string', () => {
    const value = {
      login_token: JWT,
      nested: { password: 'hunter2', list: [{ credential: 'turn-cred-9', urls: 'turn:x' }] },
      authorization: { token: 'sat-abc-123' },
      dpop_token: 'dpop-xyz-77',
      signature: 'sig-0000-s3cr3t',
      note: `connecting with ${JWT} now`,
      url: 'wss://relay.example.com/?token=sat-abc-123&x=1',
    };
    const out = JSON.stringify(toSafeJson(value));
    for (const s of SECRETS) expect(out).not.toContain(s);
    expect(out).toContain('"login_token":"[redacted]"');
    expect(out).toContain('connecting with [redacted] now');
    expect(out).toContain('x=1');
    expect(out).toContain('"urls":"turn:x"');
  });

  it('turns cycles, throwing getters, functions, bigints and errors into data without throwing', () => {
    const a: Record<string, unknown> = { n: 1n, f: () => 1, err: Object.assign(new TypeError('boom'), { code: 7 }) };
    a.self = a;
    Object.defineProperty(a, 'trap', { enumerable: true, get: () => { throw new Error('no'); } });
    expect(toSafeJson(a)).toEqual({ n: '1', err: { name: 'TypeError', message: 'boom', code: 7 }, self: '[cycle]', trap: '[unreadable]' });
    expect(toSafeJson(new Proxy({}, { ownKeys: () => { throw new Error('x'); } }))).toBe('[unreadable]');
  });

  it('caps strings, arrays, depth and total size', () => {
    const out = toSafeJson({ s: 'x'.repeat(10_000), arr: Array.from({ length: 1000 }, (_, i) => i) }, { maxString: 100, maxItems: 10 }) as { s: string; arr: unknown[] };
    expect(out.s.length).toBeLessThan(130);
    expect(out.arr).toHaveLength(11);
    expect(out.arr[10]).toBe('[+990 more]');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) deep = deep.d = {} as Record<string, unknown>;
    expect(JSON.stringify(toSafeJson(root))).toContain('[depth]');
    const huge = Array.from({ length: 200 }, () => 'y'.repeat(2000));
    expect(JSON.stringify(toSafeJson(huge, { maxItems: 1000, maxTotal: 20_000 })).length).toBeLessThan(30_000);
  });

  it('uses toJSON of platform objects such as MediaDeviceInfo', () => {
    const dev = { toJSON: () => ({ deviceId: 'd1', kind: 'audioinput', label: 'Mic', groupId: 'g' }) };
    expect(toSafeJson([dev])).toEqual([{ deviceId: 'd1', kind: 'audioinput', label: 'Mic', groupId: 'g' }]);
  });

  it('never throws and always gives JSON that survives a round trip', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (v) => {
        const out = toSafeJson(v);
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      }),
      { numRuns: 300 },
    );
  });

  it('redacts user:password@ in URLs', () => {
    expect(redactString('turn://bob:pa55@turn.example.com:3478')).toBe(`turn://${REDACTED}@turn.example.com:3478`);
  });
});

describe('option summaries', () => {
  it('Telnyx: keeps the diagnostic settings, names the auth kind, drops every secret', () => {
    const opts = {
      login: 'alice',
      password: 'hunter2',
      login_token: JWT,
      debug: true,
      debugOutput: 'socket',
      forceRelayCandidate: true,
      keepConnectionAliveOnSocketClose: true,
      prefetchIceCandidates: false,
      trickleIce: true,
      region: 'us-east',
      iceServers: [{ urls: ['turn:t.example.com:3478'], username: 'u', credential: 'turn-cred-9' }, { urls: 'stun:s.example.com' }],
      anonymous_login: undefined,
      host: 'wss://rtc.example.com/?token=sat-abc-123',
      credentials: { something: 'sig-0000-s3cr3t' },
    };
    const out = summarizeTelnyxOptions(opts);
    expect(out).toEqual({
      auth: 'login+password',
      login: 'alice',
      debug: true,
      debugOutput: 'socket',
      forceRelayCandidate: true,
      keepConnectionAliveOnSocketClose: true,
      prefetchIceCandidates: false,
      trickleIce: true,
      region: 'us-east',
      host: 'wss://rtc.example.com/?token=[redacted]',
      iceServers: [{ urls: ['turn:t.example.com:3478'], hasCredentials: true }, { urls: ['stun:s.example.com'] }],
    });
    for (const s of SECRETS) expect(JSON.stringify(out)).not.toContain(s);
  });

  it('Telnyx auth kinds', () => {
    expect(telnyxAuthKind({ login_token: JWT })).toBe('login_token');
    expect(telnyxAuthKind({ anonymous_login: { target_type: 'ai_assistant', target_id: 'a1' } })).toBe('anonymous_login');
    expect(telnyxAuthKind({})).toBe('none');
    expect(summarizeTelnyxOptions({ anonymous_login: { target_type: 'ai_assistant', target_id: 'a1', secret: 'hunter2' } })).toEqual({
      auth: 'anonymous_login',
      anonymous_login: { target_type: 'ai_assistant', target_id: 'a1' },
    });
  });

  it('SignalWire 4.x and 3.x: provider kind and flags, no token', () => {
    class StaticCredentialProvider {
      credentials = { token: JWT };
    }
    const out4 = summarizeSignalWire4Options(new StaticCredentialProvider(), { skipRegister: true, debug: { logWsTraffic: true }, webSocketConstructor: class {} });
    expect(out4).toEqual({ skipRegister: true, credentialProvider: 'StaticCredentialProvider', debug: { logWsTraffic: true }, customWebSocketConstructor: true });
    const out3 = summarizeSignalWire3Params({ token: JWT, host: 'ws://127.0.0.1:1', audio: true, iceServers: [{ urls: 'turn:x', credential: 'turn-cred-9' }] });
    expect(out3).toEqual({ host: 'ws://127.0.0.1:1', audio: true, auth: 'token', iceServers: [{ urls: ['turn:x'], hasCredentials: true }] });
    expect(JSON.stringify([out4, out3])).not.toContain('turn-cred-9');
  });
});

describe('command messages', () => {
  const good = { v: 1, type: 'sdk.command', reqId: 'r1', sdkId: 'sdk-ab-1', command: 'preflight', args: ['/private/test', { duration: 3 }] };

  it('accepts a well-formed command and returns a clean copy', () => {
    expect(parseSdkCommand({ ...good, extra: 'x' })).toEqual(good);
    expect(parseSdkCommand({ ...good, args: undefined })).toMatchObject({ args: [] });
    expect(parseBridgeCommandMessage({ source: 'rtc-devtools-bridge', command: { ...good, extra: 'x' } })).toEqual(good);
    expect(parsePanelCommandMessage({ type: 'rtc-devtools/sdk-command', v: 1, tabId: 3, command: good })).toMatchObject({ tabId: 3, command: good });
  });

  it.each([
    ['wrong version', { ...good, v: 2 }],
    ['unknown command', { ...good, command: 'hangupEverything' }],
    ['missing reqId', { ...good, reqId: '' }],
    ['huge id', { ...good, sdkId: 'x'.repeat(500) }],
    ['args not an array', { ...good, args: 'rm -rf' }],
    ['args with a function', { ...good, args: [() => 1] }],
    ['args with a class instance', { ...good, args: [new Date()] }],
    ['args too large', { ...good, args: ['x'.repeat(20_000)] }],
    ['too many args', { ...good, args: Array(9).fill(1) }],
    ['not an object', 'sdk.command'],
    ['null', null],
  ])('rejects %s', (_, msg) => {
    expect(parseSdkCommand(msg)).toBeNull();
  });

  it('rejects bridge messages without the bridge source tag and panel messages without a valid tab', () => {
    expect(parseBridgeCommandMessage({ source: 'rtc-devtools-hook', command: good })).toBeNull();
    expect(parsePanelCommandMessage({ type: 'rtc-devtools/sdk-command', v: 1, tabId: -1, command: good })).toBeNull();
    expect(parsePanelCommandMessage({ type: 'rtc-devtools/sdk-command', v: 1, tabId: 1.5, command: good })).toBeNull();
  });

  it('validates results and normalises errors', () => {
    expect(parseCommandResult({ reqId: 'r1', ok: true, value: { a: 1 }, durationMs: 5 })).toEqual({ reqId: 'r1', ok: true, value: { a: 1 }, durationMs: 5 });
    expect(parseCommandResult({ reqId: 'r1', ok: false })).toEqual({ reqId: 'r1', ok: false, error: { name: 'Error', message: 'unknown error' } });
    expect(parseCommandResult({ ok: true })).toBeNull();
  });

  it('matches ids exactly or with a downstream prefix, never a different instance', () => {
    expect(sdkIdMatches('sdk-ab12cd-1', 'sdk-ab12cd-1')).toBe(true);
    expect(sdkIdMatches('frame-3:sdk-ab12cd-1', 'sdk-ab12cd-1')).toBe(true);
    expect(sdkIdMatches('sdk-ab12cd-11', 'sdk-ab12cd-1')).toBe(false);
    expect(sdkIdMatches('xsdk-ab12cd-1', 'sdk-ab12cd-1')).toBe(false);
  });

  it('gives each hop more time than the one it waits for', () => {
    for (const c of ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'] as const) {
      expect(relayTimeoutMs(c, 'bridge')).toBeGreaterThan(hookTimeoutMs(c));
      expect(relayTimeoutMs(c, 'worker')).toBeGreaterThan(relayTimeoutMs(c, 'bridge'));
      expect(relayTimeoutMs(c, 'panel')).toBeGreaterThan(relayTimeoutMs(c, 'worker'));
    }
    expect(makeCommand('s', 'exportDiagnostics').reqId).not.toBe(makeCommand('s', 'exportDiagnostics').reqId);
  });
});

describe('state derivation', () => {
  it('reports connection and call changes only when they change', () => {
    const a = { connected: false, calls: [] };
    const b = { connected: true, calls: [{ id: 'c1', state: 'trying', direction: 'outbound' }] };
    const c = { connected: true, calls: [{ id: 'c1', state: 'active', direction: 'outbound' }] };
    expect(diffClientSnapshots(null, a)).toEqual([{ name: 'connected', data: { connected: false } }]);
    expect(diffClientSnapshots(a, b).map((x) => x.name)).toEqual(['connected', 'call.added']);
    expect(diffClientSnapshots(b, c)).toEqual([{ name: 'call.state', data: { id: 'c1', state: 'active', direction: 'outbound', from: 'trying' } }]);
    expect(diffClientSnapshots(c, c)).toEqual([]);
    expect(diffClientSnapshots(c, a).map((x) => x.name)).toEqual(['connected', 'call.removed']);
  });

  it('tells SignalWire generations apart by shape, not by the reported version', () => {
    class SW4 {
      preflight(): void {}
    }
    expect(signalWireVersion({ SignalWire: SW4, version: '3.30.0' })).toEqual({ version: '4.x', reported: '3.30.0', generation: 4 });
    expect(signalWireVersion({ SignalWire: () => 1, Video: {}, Fabric: {} })).toEqual({ version: '3.x', generation: 3 });
    expect(signalWireVersion({ SignalWire: SW4, version: '4.0.1' })).toEqual({ version: '4.0.1', generation: 4 });
    expect(signalWireVersion({}).generation).toBeNull();
  });
});
