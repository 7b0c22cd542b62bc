import { describe, expect, it } from 'vitest';
import { makeSdkDiagnosticsRequest, parseSdkDiagnosticsReply, parseSdkDiagnosticsRequest } from '../../../../core/messages/sdk-diagnostics.js';
import { SDK_DIAGNOSTICS_TYPE, SDK_DIAGNOSTICS_VERSION } from '../../../../core/messages/versions.js';

describe('sdkDiagnostics messages', () => {
  it('round-trips a request and refuses malformed ones', () => {
    expect(parseSdkDiagnosticsRequest(makeSdkDiagnosticsRequest(7, 5000))).toEqual({ type: SDK_DIAGNOSTICS_TYPE, v: SDK_DIAGNOSTICS_VERSION, tabId: 7, timeoutMs: 5000 });
    expect(parseSdkDiagnosticsRequest(makeSdkDiagnosticsRequest(7))).toEqual({ type: SDK_DIAGNOSTICS_TYPE, v: SDK_DIAGNOSTICS_VERSION, tabId: 7 });
    expect(parseSdkDiagnosticsRequest({ type: SDK_DIAGNOSTICS_TYPE, v: 2, tabId: 7 })).toBeNull();
    expect(parseSdkDiagnosticsRequest({ type: SDK_DIAGNOSTICS_TYPE, v: 1, tabId: -1 })).toBeNull();
    expect(parseSdkDiagnosticsRequest({ type: SDK_DIAGNOSTICS_TYPE, v: 1, tabId: 1, timeoutMs: 10 ** 9 })).toBeNull();
  });

  it('reads a reply and refuses one with a malformed entry', () => {
    const reply = { type: SDK_DIAGNOSTICS_TYPE, v: 1, tabId: 3, entries: [{ sdk: 'signalwire', t: 5, data: { a: 1 } }] };
    expect(parseSdkDiagnosticsReply(reply)?.entries).toEqual([{ sdk: 'signalwire', t: 5, data: { a: 1 } }]);
    expect(parseSdkDiagnosticsReply({ ...reply, entries: [{ sdk: 1, t: 5, data: null }] })).toBeNull();
    expect(parseSdkDiagnosticsReply({ ...reply, entries: 'x' })).toBeNull();
  });
});

