import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../core/capture/events.js';
import { analyzeEvents } from '../../../node/bundleIo.js';

// A SignalWire 4.x client whose verto.invite never gets a reply before the recording stops.
const t0 = 1_700_000_000_000;
const invite = {
  jsonrpc: '2.0',
  id: 'outer-1',
  method: 'webrtc.verto',
  params: { message: { jsonrpc: '2.0', id: 'inner-1', method: 'verto.invite', params: { dialogParams: { callID: 'c1' }, sdp: 'v=0' } } },
};
const events: CaptureEvent[] = [
  { kind: 'ws.create', t: t0, id: 's1', url: 'wss://relay.example/', protocols: [] },
  { kind: 'ws.open', t: t0 + 5, id: 's1', protocol: '', extensions: '' },
  {
    kind: 'ws.frame',
    t: t0 + 10,
    id: 's1',
    dir: 'sent',
    size: 120,
    binary: false,
    text: JSON.stringify({ jsonrpc: '2.0', id: 'c0', method: 'signalwire.connect', params: { version: { major: 4, minor: 0, revision: 0 }, agent: '@signalwire/js/browser/4.0.0' } }),
  },
  { kind: 'ws.frame', t: t0 + 20, id: 's1', dir: 'sent', size: 200, binary: false, text: JSON.stringify(invite) },
];

describe('analyze at the end of the capture window', () => {
  it('reports an RPC still unanswered when the capture stopped past its time-out', () => {
    const at = analyzeEvents(events, t0 + 30_000);
    expect(at.findings.map((f) => f.message).join('\n')).toMatch(/verto\.invite.*no answer/);
  });

  it('does not judge it before its time-out has passed', () => {
    const at = analyzeEvents(events, t0 + 1_000);
    expect(at.findings.map((f) => f.message).join('\n')).not.toMatch(/verto\.invite.*no answer/);
  });
});
