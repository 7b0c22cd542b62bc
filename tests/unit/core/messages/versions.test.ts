import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as V from '../../../../core/messages/versions.js';

const { PROTOCOLS } = V;

describe('the protocol-version table', () => {
  it('names each protocol once, on a channel no other protocol uses', () => {
    const channels = Object.values(PROTOCOLS).map((p) => p.channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const p of Object.values(PROTOCOLS)) expect(p.version === null || (Number.isInteger(p.version) && p.version > 0)).toBe(true);
  });

  it('is built from the single names runtime code uses, so the two cannot disagree', () => {
    expect(PROTOCOLS.hook).toMatchObject({ channel: V.HOOK_MESSAGE_SOURCE, syncEvent: V.HOOK_SYNC_EVENT, version: V.HOOK_PROTOCOL_VERSION });
    expect(PROTOCOLS.capture).toMatchObject({ channel: V.CAPTURE_PORT, version: V.CAPTURE_PROTOCOL_VERSION });
    expect(PROTOCOLS.panel).toMatchObject({ channel: V.PANEL_PORT, version: V.PORT_PROTOCOL_VERSION });
    expect(PROTOCOLS.preflight).toMatchObject({ channel: V.PREFLIGHT_PORT, messageType: V.PREFLIGHT_MESSAGE_TYPE, version: V.PREFLIGHT_PROTOCOL_VERSION });
    expect(PROTOCOLS.sdkCommand).toMatchObject({ channel: V.RUNTIME_COMMAND_TYPE, windowSource: V.BRIDGE_MESSAGE_SOURCE, version: V.SDK_COMMAND_VERSION });
    expect(PROTOCOLS.debug.channel).toBe(V.DEBUG_MESSAGE);
    expect(PROTOCOLS.testBoot.channel).toBe(V.TEST_BOOT_MESSAGE);
  });

  it('docs/messages.md lists every protocol with its channel and version', () => {
    const doc = readFileSync(new URL('../../../../docs/messages.md', import.meta.url), 'utf8');
    for (const p of Object.values(PROTOCOLS)) {
      const row = doc.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${p.channel}\``));
      expect(row, p.channel).toBeDefined();
      expect(row!.split('|').map((c) => c.trim())).toContain(p.version === null ? '—' : String(p.version));
    }
  });
});
