import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/index.js';
import type { UserView } from './account-records.js';
import { AccountService } from './account-service.js';
import { hashSessionSecret, SessionService } from './session-service.js';

const PASSWORD = 'session test password';
const CHEAP = { N: 1 << 10, r: 8, p: 1 };
const MINUTE_MS = 60_000;

describe('SessionService', () => {
  let store: SqliteStore;
  let clock: { nowMs: number };
  let accounts: AccountService;
  let sessions: SessionService;
  let alice: UserView;

  beforeEach(async () => {
    store = openSqliteStore({ memory: true });
    clock = { nowMs: Date.parse('2026-06-01T00:00:00Z') };
    const now = () => clock.nowMs;
    accounts = new AccountService(store, { now, scrypt: CHEAP });
    sessions = new SessionService(store, { now });
    ({ user: alice } = await accounts.addUser('test', {
      username: 'alice',
      role: 'analyst',
      password: PASSWORD,
    }));
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps only the hash of the secret, and finds the session by the secret', async () => {
    const { secret, session } = await sessions.startSession(alice);
    expect(session.secretHash).toBe(hashSessionSecret(secret));
    expect(JSON.stringify(session)).not.toContain(secret);
    const check = await sessions.checkSession(secret);
    expect(check).toMatchObject({ ok: true, active: { user: { username: 'alice' } } });
    const other = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await sessions.checkSession(other)).toEqual({ ok: false, reason: 'unknown' });
    expect(await sessions.checkSession('short')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('moves the idle expiry on at most once a minute, and never past the absolute one', async () => {
    const { secret, session } = await sessions.startSession(alice);
    clock.nowMs += 30_000;
    await sessions.checkSession(secret);
    const stored = () => store.sessions.getSessionBySecretHash(session.secretHash);
    expect((await stored())?.lastSeenMs).toBe(session.createdMs);
    clock.nowMs += 30_000;
    await sessions.checkSession(secret);
    expect(await stored()).toMatchObject({
      lastSeenMs: clock.nowMs,
      idleExpiresMs: clock.nowMs + sessions.policy.idleMs,
    });
    clock.nowMs = session.expiresMs - MINUTE_MS;
    // Idle for days: gone, however close the absolute end.
    expect(await sessions.checkSession(secret)).toEqual({ ok: false, reason: 'idle' });
  });

  it('ends every session of a user whose password is reset, and deletes it', async () => {
    const a = await sessions.startSession(alice);
    const b = await sessions.startSession(alice);
    await accounts.resetPassword('test', 'alice', 'another good password');
    expect(await sessions.checkSession(a.secret)).toEqual({
      ok: false,
      reason: 'password_changed',
    });
    expect(await sessions.checkSession(b.secret)).toEqual({
      ok: false,
      reason: 'password_changed',
    });
    expect(await store.sessions.listUserSessions(alice.id, clock.nowMs)).toEqual([]);
  });

  it('sweeps expired sessions when a new one starts', async () => {
    await sessions.startSession(alice);
    clock.nowMs += sessions.policy.idleMs;
    await sessions.startSession(alice);
    expect(await store.sessions.listUserSessions(alice.id, 0)).toHaveLength(1);
  });

  it('refuses a policy whose renewal is not shorter than its idle timeout', () => {
    expect(
      () => new SessionService(store, { policy: { idleMs: 1000, renewEveryMs: 1000 } }),
    ).toThrow(/renewEveryMs < idleMs/);
  });
});
