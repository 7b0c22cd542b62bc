/**
 * The recorded Telnyx fixtures (tests/fixtures/record.ts) are whole conversations: protocol tests
 * built on them would silently test less if a recording stopped early or lost a reply.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Recording } from '../../fixtures/record.js';

const DIR = resolve(import.meta.dirname, '../../fixtures/telnyx');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Recording;

/** Page requests a scenario leaves unanswered on purpose. */
const UNANSWERED: Record<string, string[]> = {
  'invite-unanswered.json': ['telnyx_rtc.invite'],
  'ping-timeout.json': ['telnyx_rtc.ping'],
};

/** Server requests the SDK acknowledges with {result:{method}}. */
const ACKED = new Set(['telnyx_rtc.ringing', 'telnyx_rtc.answer', 'telnyx_rtc.invite', 'telnyx_rtc.attach', 'telnyx_rtc.bye']);

describe('recorded Telnyx fixtures', () => {
  it('cover the scenarios protocol tests rely on', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      expect.arrayContaining(['outbound-call', 'login-refused', 'hold-unhold', 'inbound-call', 'reconnect-attach', 'keepalive', 'debug-report', 'punt', 'ping-timeout', 'invite-unanswered']),
    );
  });

  for (const file of files) {
    it(`${file}: JSON-RPC frames in time order, every page request answered once, acks where the SDK sends them`, () => {
      const rec = load(file);
      expect(rec.version).toBe('2.27.10');
      expect(rec.frames.length).toBeGreaterThan(1);
      const times = rec.frames.map((f) => f.t);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const msgs = rec.frames.map((f) => ({ ...f, m: JSON.parse(f.text) as { jsonrpc: string; id?: string; method?: string; type?: string; result?: unknown; error?: unknown } }));
      for (const { m } of msgs) expect(m.jsonrpc).toBe('2.0');
      const replies = (dir: 'sent' | 'received', id: string | undefined) =>
        msgs.filter((x) => x.dir === dir && x.m.id === id && (x.m.result !== undefined || x.m.error !== undefined)).length;
      for (const x of msgs) {
        const isRequest = x.m.method !== undefined || x.m.type !== undefined;
        if (!isRequest) continue;
        const name = x.m.method ?? x.m.type!;
        const expected = UNANSWERED[file]?.includes(name) ? 0 : 1;
        if (x.dir === 'sent') expect(replies('received', x.m.id), `${file}: reply to ${name}`).toBe(expected);
        else if (ACKED.has(x.m.method!)) expect(replies('sent', x.m.id), `${file}: ack of ${x.m.method}`).toBe(1);
      }
    });
  }

  it('ping-timeout: the page pings after ~20 s of silence, closes ~6 s later without a reply, and resumes its session', () => {
    const rec = load('ping-timeout.json');
    const lastInbound = Math.max(...rec.frames.filter((f) => f.conn === 1 && f.dir === 'received').map((f) => f.t));
    const ping = rec.frames.find((f) => f.text.includes('"telnyx_rtc.ping"'))!;
    expect(ping.t - lastInbound).toBeGreaterThanOrEqual(19_000);
    expect(rec.connections[0]!.closedAt! - ping.t).toBeGreaterThanOrEqual(4_000);
    const relogin = rec.frames.find((f) => f.conn === 2 && f.text.includes('"method":"login"'))!;
    expect(JSON.parse(relogin.text).params).toMatchObject({ reconnection: true });
  });

  it('reconnect-attach resumes the same session on a second socket with voice_sdk_id', () => {
    const rec = load('reconnect-attach.json');
    expect(rec.connections).toHaveLength(2);
    expect(rec.connections[0]!.closeCode).toBe(1006);
    expect(rec.connections[1]!.path).toMatch(/voice_sdk_id=/);
    const logins = rec.frames.filter((f) => f.dir === 'sent' && f.text.includes('"method":"login"')).map((f) => JSON.parse(f.text).params);
    expect(logins[0]).toMatchObject({ reconnection: false });
    const firstSessid = JSON.parse(rec.frames[1]!.text).result.sessid;
    expect(logins[1]).toMatchObject({ reconnection: true, sessid: firstSessid });
  });
});
