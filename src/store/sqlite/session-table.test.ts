import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../index.js';
import type { SessionRecord } from '../session-store.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');

function makeSession(
  id: string,
  userId: string,
  patch: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    id,
    secretHash: `hash-${id}`,
    userId,
    csrfToken: `csrf-${id}`,
    passwordStamp: 'stamp',
    createdMs: T0,
    lastSeenMs: T0,
    idleExpiresMs: T0 + 1000,
    expiresMs: T0 + 5000,
    ...patch,
  };
}

describe('SessionTable', () => {
  let store: SqliteStore;

  beforeEach(async () => {
    store = openSqliteStore({ memory: true });
    for (const [id, username] of [
      ['u1', 'alice'],
      ['u2', 'bob'],
    ] as const) {
      await store.createUser({
        id,
        username,
        role: 'analyst',
        passwordHash: 'x',
        disabled: false,
        createdMs: T0,
        failedLogins: 0,
        lockedUntilMs: null,
      });
    }
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores a session and finds it by the hash of its secret only', async () => {
    const s = makeSession('a', 'u1');
    await store.sessions.createSession(s);
    expect(await store.sessions.getSessionBySecretHash('hash-a')).toEqual(s);
    expect(await store.sessions.getSessionBySecretHash('a')).toBeUndefined();
    await expect(
      store.sessions.createSession(makeSession('b', 'u1', { secretHash: 'hash-a' })),
    ).rejects.toThrow();
  });

  it('moves last seen and the idle expiry on', async () => {
    await store.sessions.createSession(makeSession('a', 'u1'));
    await store.sessions.touchSession('a', T0 + 500, T0 + 1500);
    expect(await store.sessions.getSessionBySecretHash('hash-a')).toMatchObject({
      lastSeenMs: T0 + 500,
      idleExpiresMs: T0 + 1500,
      expiresMs: T0 + 5000,
    });
  });

  it('deletes one session, a user’s sessions, or the expired ones', async () => {
    await store.sessions.createSession(makeSession('a', 'u1'));
    await store.sessions.createSession(makeSession('b', 'u1', { idleExpiresMs: T0 + 3000 }));
    await store.sessions.createSession(makeSession('c', 'u2'));
    await store.sessions.createSession(makeSession('d', 'u2'));
    expect(await store.sessions.deleteSession('a')).toBe(true);
    expect(await store.sessions.deleteSession('a')).toBe(false);
    expect((await store.sessions.listUserSessions('u1', T0)).map((s) => s.id)).toEqual(['b']);
    expect(await store.sessions.deleteUserSessions('u2')).toBe(2);
    expect(await store.sessions.listUserSessions('u2', 0)).toEqual([]);
    await store.sessions.createSession(makeSession('e', 'u2', { idleExpiresMs: T0 + 9000 }));
    // b is idle by then, and e past its absolute expiry however recently used.
    expect(await store.sessions.deleteExpiredSessions(T0 + 5000)).toBe(2);
    expect(await store.sessions.listUserSessions('u1', 0)).toEqual([]);
  });
});
