/**
 * The accounts half of the Store contract (store.contract.ts): users and API
 * tokens, as src/accounts/account-service.ts relies on them.
 */
import { describe, expect, it } from 'vitest';
import type { TokenRecord, UserRecord } from '../accounts/account-records.js';
import type { StoreContractContext } from './store.contract.js';
import { T0_MS } from './store-fixtures.js';

function makeUser(username: string, more: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `id-${username.toLowerCase()}`,
    username,
    role: 'analyst',
    passwordHash: `scrypt$32768$8$1$c2FsdA$${username}`,
    disabled: false,
    createdMs: T0_MS,
    failedLogins: 0,
    lockedUntilMs: null,
    ...more,
  };
}

function makeToken(id: string, more: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    name: `sensor-${id}`,
    scopes: ['ingest'],
    tokenHash: id.padEnd(64, '0'),
    createdMs: T0_MS,
    revokedMs: null,
    lastUsedMs: null,
    ...more,
  };
}

export function describeAccountContract(t: StoreContractContext): void {
  describe('users', () => {
    it('gives back a user as created, by name in any case and by id', async () => {
      const alice = makeUser('Alice', { role: 'admin', lockedUntilMs: T0_MS + 5 });
      await t.store.createUser(alice);
      expect(await t.store.getUser('Alice')).toStrictEqual(alice);
      expect(await t.store.getUser('aLICE')).toStrictEqual(alice);
      expect(await t.store.getUserById(alice.id)).toStrictEqual(alice);
      expect(await t.store.getUser('bob')).toBeUndefined();
      expect(await t.store.getUserById('nope')).toBeUndefined();
    });

    it('refuses a second user whose name differs only in case, naming the field', async () => {
      await t.store.createUser(makeUser('alice'));
      await expect(t.store.createUser(makeUser('ALICE', { id: 'other' }))).rejects.toMatchObject({
        name: 'ConflictError',
        field: 'username',
      });
      await expect(t.store.createUser(makeUser('carol', { id: 'id-alice' }))).rejects.toMatchObject(
        { name: 'ConflictError', field: 'id' },
      );
      expect(await t.store.listUsers()).toHaveLength(1);
    });

    it('lists users by name regardless of case', async () => {
      for (const name of ['carol', 'Bob', 'alice']) await t.store.createUser(makeUser(name));
      expect((await t.store.listUsers()).map((u) => u.username)).toEqual(['alice', 'Bob', 'carol']);
    });

    it('changes only the fields patched and returns the user as it now is', async () => {
      const bob = makeUser('bob');
      await t.store.createUser(bob);
      const changed = await t.store.updateUser(bob.id, {
        disabled: true,
        passwordHash: 'scrypt$new',
        lockedUntilMs: T0_MS + 1,
      });
      const expected = {
        ...bob,
        disabled: true,
        passwordHash: 'scrypt$new',
        lockedUntilMs: T0_MS + 1,
      };
      expect(changed).toStrictEqual(expected);
      expect(await t.store.getUser('bob')).toStrictEqual(expected);
      expect(
        await t.store.updateUser(bob.id, { lockedUntilMs: null, role: 'observer' }),
      ).toMatchObject({ lockedUntilMs: null, role: 'observer', disabled: true });
      expect(await t.store.updateUser('nope', { disabled: true })).toBeUndefined();
    });

    it('counts failed logins and locks at the limit, starting the count again', async () => {
      const bob = makeUser('bob');
      await t.store.createUser(bob);
      const rule = { nowMs: T0_MS, maxFailures: 3, lockMs: 60_000 };
      expect(await t.store.recordLoginFailure(bob.id, rule)).toMatchObject({
        failedLogins: 1,
        lockedUntilMs: null,
      });
      await t.store.recordLoginFailure(bob.id, rule);
      expect(await t.store.recordLoginFailure(bob.id, rule)).toMatchObject({
        failedLogins: 0,
        lockedUntilMs: T0_MS + 60_000,
      });
      expect(await t.store.recordLoginFailure('nope', rule)).toBeUndefined();
    });

    it('counts every one of concurrent failed logins', async () => {
      const bob = makeUser('bob');
      await t.store.createUser(bob);
      const rule = { nowMs: T0_MS, maxFailures: 100, lockMs: 60_000 };
      await Promise.all(Array.from({ length: 7 }, () => t.store.recordLoginFailure(bob.id, rule)));
      expect((await t.store.getUser('bob'))?.failedLogins).toBe(7);
    });

    it('keeps users and their failure counts across a restart', async () => {
      const bob = makeUser('bob');
      await t.store.createUser(bob);
      await t.store.recordLoginFailure(bob.id, { nowMs: T0_MS, maxFailures: 5, lockMs: 1 });
      await t.reopen();
      if (!t.sut.persistent) return;
      expect(await t.store.getUser('bob')).toStrictEqual({ ...bob, failedLogins: 1 });
    });
  });

  describe('API tokens', () => {
    it('gives back a token as created, by id and by hash, oldest first in the listing', async () => {
      const a = makeToken('aa', { scopes: ['ingest', 'read'], createdMs: T0_MS + 10 });
      const b = makeToken('bb', { createdMs: T0_MS });
      await t.store.createToken(a);
      await t.store.createToken(b);
      expect(await t.store.getToken('aa')).toStrictEqual(a);
      expect(await t.store.getTokenByHash(a.tokenHash)).toStrictEqual(a);
      expect(await t.store.getTokenByHash('f'.repeat(64))).toBeUndefined();
      expect(await t.store.listTokens()).toStrictEqual([b, a]);
    });

    it('refuses a token whose id or hash is taken', async () => {
      await t.store.createToken(makeToken('aa'));
      await expect(
        t.store.createToken(makeToken('aa', { tokenHash: 'e'.repeat(64) })),
      ).rejects.toMatchObject({ name: 'ConflictError', field: 'id' });
      await expect(
        t.store.createToken(makeToken('cc', { tokenHash: makeToken('aa').tokenHash })),
      ).rejects.toMatchObject({ name: 'ConflictError', field: 'tokenHash' });
    });

    it('keeps the first revocation time and records the last use', async () => {
      await t.store.createToken(makeToken('aa'));
      expect(await t.store.revokeToken('aa', T0_MS + 1)).toMatchObject({ revokedMs: T0_MS + 1 });
      expect(await t.store.revokeToken('aa', T0_MS + 2)).toMatchObject({ revokedMs: T0_MS + 1 });
      expect(await t.store.revokeToken('nope', T0_MS)).toBeUndefined();
      await t.store.markTokenUsed('aa', T0_MS + 3);
      expect(await t.store.getToken('aa')).toMatchObject({ lastUsedMs: T0_MS + 3 });
    });
  });
}
