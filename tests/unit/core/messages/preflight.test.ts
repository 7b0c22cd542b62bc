import { describe, expect, it } from 'vitest';
import { configFromFields, EMPTY_FIELDS } from '../../../../core/preflight/config.js';
import { toWireConfig } from '../../../../core/preflight/remote.js';
import {
  aliveMessage,
  claimedRunId,
  errorReply,
  eventReply,
  parsePreflightRelay,
  parsePreflightReply,
  parsePreflightStart,
  relayMessage,
  startMessage,
} from '../../../../core/messages/preflight.js';

const config = () => toWireConfig(configFromFields({ ...EMPTY_FIELDS, stun: 'stun:stun.example.org:3478' }).config);

describe('preflight messages', () => {
  it('the relay request carries the start whole, and the worker gets back exactly that start', () => {
    const start = startMessage('r1', config());
    const relay = parsePreflightRelay(relayMessage(7, start));
    expect(relay).toEqual({ type: 'rtc-devtools/preflight', v: 1, op: 'relay', tabId: 7, message: start });
    expect(parsePreflightStart(relay!.message)).toEqual(start);
  });

  it('a relay is refused when its tab or the start inside it is not valid', () => {
    const start = startMessage('r1', config());
    expect(parsePreflightRelay({ ...relayMessage(7, start), tabId: -1 })).toBeNull();
    expect(parsePreflightRelay({ ...relayMessage(7, start), tabId: 1.5 })).toBeNull();
    expect(parsePreflightRelay({ ...relayMessage(7, start), tabId: '7' })).toBeNull();
    expect(parsePreflightRelay(relayMessage(7, { ...start, runId: '' }))).toBeNull();
    expect(parsePreflightRelay(relayMessage(7, { ...start, config: { ...start.config, signalingUrl: 'javascript:x' } }))).toBeNull();
    // A start sent flat to the worker (the fields re-listed beside tabId) is not a relay.
    expect(parsePreflightRelay({ ...start, tabId: 7 })).toBeNull();
    // Nor is a relay a start: the bridge runs only what the worker forwarded.
    expect(parsePreflightStart(relayMessage(7, start))).toBeNull();
  });

  it("a refused request is answered under the run id it named, when it named one", () => {
    expect(claimedRunId({ message: { runId: 'r9' } })).toBe('r9');
    expect(claimedRunId({ message: { runId: 'x'.repeat(300) } })).toHaveLength(200);
    expect(claimedRunId({ runId: 'r9' })).toBe('invalid');
    expect(claimedRunId(null)).toBe('invalid');
  });

  it('keep-alives never count as replies; event and error replies round-trip', () => {
    expect(parsePreflightReply(aliveMessage('r1'), 'r1')).toBeNull();
    const ev = eventReply('r1', { type: 'progress', id: 'ice', fraction: 0.5 });
    expect(parsePreflightReply(ev, 'r1')).toEqual(ev);
    expect(parsePreflightReply(errorReply('r1', 'boom'), 'r1')).toEqual(errorReply('r1', 'boom'));
    expect(parsePreflightReply({ ...errorReply('r1', 'x'.repeat(5000)) }, 'r1')).toMatchObject({ op: 'error', message: 'x'.repeat(2000) });
  });
});
