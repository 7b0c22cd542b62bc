import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { serializeBundle } from '../../../../core/bundle/build.js';
import { buildPanelBundle } from '../../../../ui/data/bundle.js';
import { importCaptureFile } from '../../../../ui/data/import.js';

const events: CaptureEvent[] = [
  { kind: 'ws.create', t: 1000, id: 'd:ws-1', url: 'wss://x/?token=abc', protocols: [] },
  { kind: 'ws.frame', t: 1010, id: 'd:ws-1', dir: 'sent', size: 60, binary: false, text: '{"id":1,"method":"login","params":{"passwd":"hunter2","to":"+15551234567"}}' },
];
const enc = (s: string) => new TextEncoder().encode(s);

describe('export then import (what the panel and the viewer do)', () => {
  it('round-trips a capture through a redacted bundle, json and gzip', async () => {
    const { bundle, report } = buildPanelBundle({ events }, { phoneNumbers: 'remove', sipAddresses: 'keep' });
    const text = serializeBundle(bundle);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('5551234567');
    expect(report.length).toBeGreaterThan(0);
    for (const bytes of [enc(text), new Uint8Array(gzipSync(text))]) {
      const r = await importCaptureFile(bytes, 'b.json');
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.events.filter((e) => e.kind === 'ws.frame')).toHaveLength(1);
    }
  });

  it('keeps phone numbers when asked', () => {
    const { bundle } = buildPanelBundle({ events }, { phoneNumbers: 'keep', sipAddresses: 'keep' });
    expect(serializeBundle(bundle)).toContain('5551234567');
  });

  it('gives a message naming the file for corrupt, truncated or foreign files, never a throw', async () => {
    const { bundle } = buildPanelBundle({ events }, { phoneNumbers: 'remove', sipAddresses: 'remove' });
    const text = serializeBundle(bundle);
    const gz = new Uint8Array(gzipSync(text));
    for (const [bytes, name] of [
      [enc(text.slice(0, text.length / 2)), 'half.json'],
      [gz.slice(0, gz.length / 2), 'half.json.gz'],
      [enc('{"hello":"world"}'), 'other.json'],
      [new Uint8Array([0, 1, 2, 3]), 'noise.bin'],
      [new Uint8Array(), 'empty.json'],
    ] as const) {
      const r = await importCaptureFile(bytes, name);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error).toContain(name);
    }
  });
});
