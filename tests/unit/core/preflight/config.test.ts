import { describe, expect, it } from 'vitest';
import { configFromFields, defaultConfig, DEFAULT_DURATIONS, fieldsFromQuery, redactConfig, stripUrlSecrets } from '../../../../core/preflight/config.js';

describe('preflight configuration from a support link', () => {
  it('reads TURN, STUN, credentials, signaling, duration and a check subset', () => {
    const f = fieldsFromQuery('?turn=turn:t.example:3478&turn=turns:t.example:443&stun=stun:s.example:3478&user=u1&pass=p1&ws=wss://sig.example/ws&duration=8&checks=ice,quality');
    const { config, problems } = configFromFields(f);
    expect(problems).toEqual([]);
    expect(config.iceServers).toEqual([
      { urls: ['stun:s.example:3478'] },
      { urls: ['turn:t.example:3478', 'turns:t.example:443'], username: 'u1', credential: 'p1' },
    ]);
    expect(config.signalingUrl).toBe('wss://sig.example/ws');
    expect(config.durations.qualityMs).toBe(8000);
    expect(config.durations.micMs).toBe(DEFAULT_DURATIONS.micMs);
    expect(config.only).toEqual(['ice', 'quality']);
  });

  it('an empty link checks devices and browser with the defaults', () => {
    const { config, problems } = configFromFields(fieldsFromQuery(''));
    expect(problems).toEqual([]);
    expect(config.iceServers).toEqual([]);
    expect(config.signalingUrl).toBeUndefined();
    expect(config.only).toBeUndefined();
    expect(config.durations).toEqual(DEFAULT_DURATIONS);
  });

  it('explains bad input per field instead of running with it', () => {
    const { problems } = configFromFields({ turn: 'http://x', stun: 'turn:y', user: '', pass: '', ws: 'http://z', duration: 'soon', checks: 'ice,teleport' });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField.turn).toMatch(/not a turn/);
    expect(byField.stun).toMatch(/not a stun/);
    expect(byField.user).toMatch(/username and a password/);
    expect(byField.ws).toMatch(/not a ws/);
    expect(byField.duration).toMatch(/number of seconds/);
    expect(byField.checks).toMatch(/teleport/);
  });

  it('caps the call length at 60 s', () => {
    expect(configFromFields({ ...fieldsFromQuery(''), duration: '3600' }).config.durations.qualityMs).toBe(60_000);
  });
});

describe('redaction of what goes into results', () => {
  it('keeps server addresses, drops TURN usernames and credentials', () => {
    const r = redactConfig(defaultConfig({ iceServers: [{ urls: 'turn:t.example:3478', username: 'bob', credential: 'pw' }] }));
    expect(r.iceServers).toEqual([{ urls: ['turn:t.example:3478'], hasUsername: true, hasCredential: true }]);
    expect(JSON.stringify(r)).not.toMatch(/bob|"pw"/);
  });

  it('strips secrets from URLs but keeps them readable', () => {
    expect(stripUrlSecrets('https://h.example/p?turn=turn:x&user=bob&pass=pw&ws=wss://y')).toBe(
      'https://h.example/p?turn=turn%3Ax&user=%5Bredacted%5D&pass=%5Bredacted%5D&ws=wss%3A%2F%2Fy',
    );
    expect(stripUrlSecrets('wss://user:pw@relay.example/x?jwt=abc')).not.toMatch(/pw@|abc/);
    expect(stripUrlSecrets('turn:t.example:3478?transport=tcp')).toBe('turn:t.example:3478?transport=tcp');
    expect(stripUrlSecrets('not a url?token=abc')).toBe('not a url?token=[redacted]');
  });
});
