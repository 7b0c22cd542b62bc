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

  it('the hook takes only window messages tagged by the bridge', () => {
    expect(parseBridgeCommandMessage({ ...command, source: BRIDGE_MESSAGE_SOURCE })).toEqual(command);
    expect(parseBridgeCommandMessage({ ...command, source: 'page' })).toBeNull();
  });

  it('results are copied clean; failures carry a name and message', () => {
    expect(parseCommandResult(failure('req-1', 'TimeoutError', 'late', 5))).toEqual({ reqId: 'req-1', ok: false, error: { name: 'TimeoutError', message: 'late' }, durationMs: 5 });
    expect(parseCommandResult({ reqId: 'req-1' })).toBeNull();
  });
});
