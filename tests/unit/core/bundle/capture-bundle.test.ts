import { describe, expect, it } from 'vitest';
import type { CaptureEvent, DocInfo } from '../../../../core/capture/events.js';
import { buildCaptureBundle, captureHostOf, DEFAULT_REDACT_CHOICES } from '../../../../core/bundle/capture-bundle.js';
import { buildPanelBundle } from '../../../../ui/data/bundle.js';

const text = '{"jsonrpc":"2.0","id":1,"method":"login","params":{"login":"alice","passwd":"hunter2","to":"+14155550123"}}';
const events = [
  { kind: 'ws.create', t: 1000, id: 'd1:ws-1', url: 'wss://rtc.example/?token=abc.def.ghi&login=alice', protocols: [] },
  { kind: 'ws.open', t: 1001, id: 'd1:ws-1', protocol: '', extensions: '' },
  { kind: 'ws.frame', t: 1010, id: 'd1:ws-1', dir: 'sent', size: text.length, binary: false, text },
] as unknown as CaptureEvent[];
const doc = (url: string, top = true): DocInfo => ({ docId: 'd1', url, top, startedAt: 1 }) as unknown as DocInfo;

describe('buildCaptureBundle: the one bundle builder of the panel, the fixture and the MCP server', () => {
  it('is what the panel exports, given the same environment', () => {
    const env = { userAgent: 'UA', source: 'extension' as const };
    const now = new Date(5000);
    const a = buildCaptureBundle({ events, environment: env }, DEFAULT_REDACT_CHOICES);
    const b = buildPanelBundle({ events, environment: env }, DEFAULT_REDACT_CHOICES);
    const strip = (x: typeof a.bundle) => ({ ...x, createdAt: now.toISOString(), environment: { ...x.environment, language: undefined, platform: undefined, timeZone: undefined, userAgentData: undefined } });
    expect(strip(a.bundle)).toEqual(strip(b.bundle));
    expect(a.report).toEqual(b.report);
  });

  it('always redacts secrets, and phone numbers unless asked to keep them', () => {
    const removed = JSON.stringify(buildCaptureBundle({ events }).bundle);
    expect(removed).not.toContain('hunter2');
    expect(removed).not.toContain('+14155550123');
    const kept = JSON.stringify(buildCaptureBundle({ events }, { phoneNumbers: 'keep', sipAddresses: 'keep' }).bundle);
    expect(kept).not.toContain('hunter2');
    expect(kept).toContain('+14155550123');
  });

  it('names the capture after its last top document\'s host', () => {
    expect(captureHostOf([doc('https://a.example/x'), doc('https://b.example:8443/y')])).toBe('b.example:8443');
    expect(captureHostOf([doc('https://a.example/x'), doc('https://frame.example/', false)])).toBe('a.example');
    expect(captureHostOf([], 'capture')).toBe('capture');
    expect(captureHostOf([doc('not a url')], 'capture')).toBe('capture');
  });
});
