import { describe, expect, it } from 'vitest';
import { configInForce, configRows } from '../../../../ui/views/pc-config-model.js';

describe('peer connection configuration', () => {
  it('lists STUN/TURN servers with credentials as captured (redacted), and policies with their defaults', () => {
    const rows = configRows({
      iceServers: [{ urls: 'stun:stun.example:3478' }, { urls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'], username: '[redacted]', credential: '[redacted]' }],
      iceTransportPolicy: 'relay',
      certificates: [{}],
    });
    expect(rows).toEqual([
      { name: 'ICE server 1', value: 'stun:stun.example:3478' },
      { name: 'ICE server 2', value: 'turn:turn.example:3478?transport=udp, turns:turn.example:5349 · username [redacted], credential [redacted]' },
      { name: 'iceTransportPolicy', value: 'relay' },
      { name: 'bundlePolicy', value: 'balanced (default)' },
      { name: 'rtcpMuxPolicy', value: 'require (default)' },
      { name: 'iceCandidatePoolSize', value: '0 (default)' },
      { name: 'certificates', value: '1 item' },
    ]);
  });

  it('says plainly when no STUN or TURN server is configured, and follows setConfiguration()', () => {
    expect(configRows(null)[0]).toEqual({ name: 'ICE servers', value: 'none: no STUN or TURN, host candidates only' });
    const later = configInForce({ iceServers: [] }, [{ kind: 'pc.call', t: 9, id: 'p', method: 'setConfiguration', args: [{ iceServers: [{ urls: 'stun:x' }] }] }]);
    expect(later.changedAt).toBe(9);
    expect(configRows(later.config)[0]!.value).toBe('stun:x');
  });
});
