import { describe, expect, it } from 'vitest';
import {
  failure,
  makeCommand,
  parseBridgeCommandMessage,
  parseCommandResult,
  parsePanelCommandMessage,
  parseTabCommandMessage,
} from '../../../../core/messages/sdk-commands.js';
import { BRIDGE_MESSAGE_SOURCE, RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION } from '../../../../core/messages/versions.js';

describe('SDK command messages', () => {
  const command = makeCommand('sdk-1', 'preflight', [{ a: 1 }], 'req-1');

  it('each relay hop carries the command whole, validated again', () => {
    const panel = { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, tabId: 4, command };
    expect(parsePanelCommandMessage(panel)).toEqual(panel);
    const tab = { type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, command };
    expect(parseTabCommandMessage(tab)).toEqual(tab);
    expect(parsePanelCommandMessage({ ...panel, command: { ...command, command: 'rm' } })).toBeNull();
    expect(parseTabCommandMessage({ ...tab, v: 2 })).toBeNull();
  });

  it('the hook takes only window messages tagged by the bridge, the command nested whole', () => {
    expect(parseBridgeCommandMessage({ source: BRIDGE_MESSAGE_SOURCE, command })).toEqual(command);
    expect(parseBridgeCommandMessage({ source: 'page', command })).toBeNull();
    // The command travels whole inside the tag; its fields spread beside it are not a command.
    expect(parseBridgeCommandMessage({ ...command, source: BRIDGE_MESSAGE_SOURCE })).toBeNull();
    expect(parseBridgeCommandMessage({ source: BRIDGE_MESSAGE_SOURCE, command: { ...command, v: 2 } })).toBeNull();
    const hostile = { source: BRIDGE_MESSAGE_SOURCE, get command() { throw new Error('page trap'); } };
    expect(parseBridgeCommandMessage(hostile)).toBeNull();
    for (const junk of [null, undefined, 'rtc-devtools-bridge', 7]) expect(parseBridgeCommandMessage(junk)).toBeNull();
  });

  it('results are copied clean; failures carry a name and message', () => {
    expect(parseCommandResult(failure('req-1', 'TimeoutError', 'late', 5))).toEqual({ reqId: 'req-1', ok: false, error: { name: 'TimeoutError', message: 'late' }, durationMs: 5 });
    expect(parseCommandResult({ reqId: 'req-1' })).toBeNull();
  });
});
