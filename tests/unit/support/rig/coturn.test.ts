import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurn, type TurnServer } from '../../../support/rig/coturn.js';
import { stunBinding, turnAllocate } from '../../../support/rig/stun.js';

describe('startTurn (real coturn on loopback)', () => {
  let turn: TurnServer;
  beforeAll(async () => {
    turn = await startTurn({ user: 'alice', pass: 's3cret', realm: 'rig' });
  }, 20000);
  afterAll(async () => {
    await turn?.stop();
  });

  it('reports udp and tcp urls on its port', () => {
    expect(turn.urls).toEqual([`turn:127.0.0.1:${turn.port}?transport=udp`, `turn:127.0.0.1:${turn.port}?transport=tcp`]);
    expect(turn.username).toBe('alice');
    expect(turn.credential).toBe('s3cret');
  });

  it('allocates a loopback relay with the right credential', async () => {
    const r = await turnAllocate('127.0.0.1', turn.port, 'alice', 's3cret');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.relayed.address).toBe('127.0.0.1');
      expect(r.relayed.port).toBeGreaterThan(0);
    }
  });

  it('refuses a wrong credential with 401', async () => {
    const r = await turnAllocate('127.0.0.1', turn.port, 'alice', 'wrong');
    expect(r).toMatchObject({ ok: false, code: 401 });
  });

  it('is gone after stop', async () => {
    const t2 = await startTurn();
    await stunBinding('127.0.0.1', t2.port, 500);
    await t2.stop();
    await expect(stunBinding('127.0.0.1', t2.port, 300)).rejects.toThrow(/no response/);
  }, 20000);
});

describe('startTurn without the binary', () => {
  it('fails with a clear message', async () => {
    const prev = process.env.TURNSERVER_PATH;
    process.env.TURNSERVER_PATH = '/nonexistent/turnserver';
    try {
      await expect(startTurn()).rejects.toThrow(/coturn not found at \/nonexistent\/turnserver/);
    } finally {
      if (prev === undefined) delete process.env.TURNSERVER_PATH;
      else process.env.TURNSERVER_PATH = prev;
    }
  });
});
