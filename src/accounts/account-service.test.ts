import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../incidents/audit-chain.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { AccountService, hashTokenSecret, TOKEN_PREFIX } from './account-service.js';
import { parsePasswordHash } from './passwords.js';

const T0_MS = Date.UTC(2026, 0, 1);
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const PW = 'a long enough password';

describe('AccountService', () => {
  let store: SqliteStore;
  let nowMs: number;
  let accounts: AccountService;

  beforeEach(() => {
    store = openSqliteStore({ memory: true });
    nowMs = T0_MS;
    accounts = new AccountService(store, { now: () => nowMs, scrypt: CHEAP });
  });
  afterEach(async () => {
    await store.close();
  });

  /** Every audit entry as text, to search for what must never be in it. */
  async function auditText(): Promise<string> {
    return JSON.stringify(await store.listAudit({ limit: 1000 }));
  }

  describe('users', () => {
    it('adds a user with a given password and keeps only its scrypt hash', async () => {
      const { user, password } = await accounts.addUser('cli:ops', {
        username: 'Alice',
        role: 'analyst',
        password: PW,
      });
      expect(password).toBeUndefined();
      expect(user).toEqual({
        id: expect.any(String),
        username: 'Alice',
        role: 'analyst',
        disabled: false,
        createdMs: T0_MS,
        failedLogins: 0,
        lockedUntilMs: null,
      });
      expect(user).not.toHaveProperty('passwordHash');
      const stored = await store.getUser('alice');
      expect(parsePasswordHash(stored!.passwordHash)?.params).toEqual(CHEAP);
      expect(stored!.passwordHash).not.toContain(PW);
      expect(await accounts.verifyPassword('ALICE', PW)).toMatchObject({ ok: true });
    });

    it('generates a password when none is given and returns it once', async () => {
      const { password } = await accounts.addUser('cli:ops', { username: 'bob', role: 'monitor' });
      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(await accounts.verifyPassword('bob', password!)).toMatchObject({ ok: true });
      expect(await auditText()).not.toContain(password);
    });

    it('refuses bad names, roles, passwords and a name taken in another case', async () => {
      const add = (username: string, role: string, password?: string) =>
        accounts.addUser('x', { username, role: role as 'admin', password });
      await expect(add('al ice', 'analyst')).rejects.toMatchObject({
        code: 'invalid',
        field: 'username',
      });
      await expect(add('ålice', 'analyst')).rejects.toMatchObject({ field: 'username' });
      await expect(add('alice', 'root')).rejects.toMatchObject({ code: 'invalid', field: 'role' });
      await expect(add('alice', 'analyst', 'short')).rejects.toThrow(
        /password: expected at least 12/,
      );
      await expect(add('alice.smith12', 'analyst', 'ALICE.SMITH12')).rejects.toThrow(
        /must not be the user name/,
      );
      await add('alice', 'analyst', PW);
      await expect(add('ALICE', 'observer', PW)).rejects.toMatchObject({ code: 'conflict' });
      expect(await accounts.listUsers()).toHaveLength(1);
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['user.added']);
    });

    it('disables and enables a user; a disabled user cannot log in even with the right password', async () => {
      await accounts.addUser('a', { username: 'bob', role: 'monitor', password: PW });
      expect(await accounts.disableUser('cli:ops', 'BOB')).toMatchObject({ disabled: true });
      expect(await accounts.verifyPassword('bob', PW)).toEqual({ ok: false, reason: 'disabled' });
      await accounts.enableUser('cli:ops', 'bob');
      expect(await accounts.verifyPassword('bob', PW)).toMatchObject({ ok: true });
    });

    it('refuses to disable the last enabled admin', async () => {
      await accounts.addUser('system', { username: 'admin', role: 'admin', password: PW });
      await expect(accounts.disableUser('cli:ops', 'admin')).rejects.toMatchObject({
        code: 'refused',
      });
      await accounts.addUser('admin', { username: 'root2', role: 'admin', password: PW });
      await accounts.disableUser('cli:ops', 'admin');
      await expect(accounts.disableUser('cli:ops', 'root2')).rejects.toThrow(/last enabled admin/);
    });

    it('resets a password: the old one stops working, the new one works', async () => {
      await accounts.addUser('a', { username: 'bob', role: 'monitor', password: PW });
      const { password } = await accounts.resetPassword('cli:ops', 'bob');
      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(await accounts.verifyPassword('bob', PW)).toMatchObject({ reason: 'wrong_password' });
      expect(await accounts.verifyPassword('bob', password!)).toMatchObject({ ok: true });
      await accounts.resetPassword('cli:ops', 'bob', 'another long password');
      expect(await accounts.verifyPassword('bob', 'another long password')).toMatchObject({
        ok: true,
      });
      await expect(accounts.resetPassword('x', 'nobody')).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('answers an unknown name like a wrong password, after the same scrypt', async () => {
      expect(await accounts.verifyPassword('ghost', PW)).toEqual({
        ok: false,
        reason: 'unknown_user',
      });
    });
  });

  describe('lockout', () => {
    beforeEach(async () => {
      await accounts.addUser('a', { username: 'bob', role: 'analyst', password: PW });
    });

    it('locks after 5 failures in a row for 15 minutes, refusing even the right password', async () => {
      for (let i = 0; i < 4; i++) {
        expect(await accounts.verifyPassword('bob', `wrong guess ${i}`)).toEqual({
          ok: false,
          reason: 'wrong_password',
        });
      }
      const until = T0_MS + 15 * 60_000;
      expect(await accounts.verifyPassword('bob', 'wrong guess 4')).toEqual({
        ok: false,
        reason: 'locked',
        lockedUntilMs: until,
      });
      nowMs = until - 1;
      expect(await accounts.verifyPassword('bob', PW)).toEqual({
        ok: false,
        reason: 'locked',
        lockedUntilMs: until,
      });
      nowMs = until;
      expect(await accounts.verifyPassword('bob', PW)).toMatchObject({ ok: true });
      expect(await store.getUser('bob')).toMatchObject({ failedLogins: 0, lockedUntilMs: null });
    });

    it('counts failures in the store, so a restart of the service does not forget them', async () => {
      for (let i = 0; i < 3; i++) await accounts.verifyPassword('bob', 'wrong password!');
      const again = new AccountService(store, { now: () => nowMs, scrypt: CHEAP });
      await again.verifyPassword('bob', 'wrong password!');
      expect(await again.verifyPassword('bob', 'wrong password!')).toMatchObject({
        reason: 'locked',
      });
    });

    it('counts every one of a burst of parallel guesses, and checks none past the limit', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => accounts.verifyPassword('bob', `guess number ${i}`)),
      );
      expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
        ...Array(4).fill('wrong_password'),
        ...Array(8).fill('locked'),
      ]);
      expect((await store.listAudit()).filter((e) => e.action === 'user.locked')).toHaveLength(1);
    });

    it('starts the count again after a success', async () => {
      for (let i = 0; i < 4; i++) await accounts.verifyPassword('bob', 'wrong password!');
      await accounts.verifyPassword('bob', PW);
      for (let i = 0; i < 4; i++) {
        expect(await accounts.verifyPassword('bob', 'wrong password!')).toMatchObject({
          reason: 'wrong_password',
        });
      }
    });

    it('is lifted by a password reset', async () => {
      for (let i = 0; i < 5; i++) await accounts.verifyPassword('bob', 'wrong password!');
      await accounts.resetPassword('cli:ops', 'bob', 'a brand new password');
      expect(await accounts.verifyPassword('bob', 'a brand new password')).toMatchObject({
        ok: true,
      });
      const reset = (await store.listAudit()).find((e) => e.action === 'user.password-reset');
      expect(reset?.details).toMatchObject({ wasLocked: true, password: 'given' });
    });

    it('takes its limit and duration from the options', async () => {
      const strict = new AccountService(store, {
        now: () => nowMs,
        scrypt: CHEAP,
        lockout: { maxFailures: 2, lockMs: 1000 },
      });
      await strict.verifyPassword('bob', 'wrong password!');
      expect(await strict.verifyPassword('bob', 'wrong password!')).toEqual({
        ok: false,
        reason: 'locked',
        lockedUntilMs: T0_MS + 1000,
      });
    });
  });

  it('upgrades a hash made with weaker parameters at the next successful login', async () => {
    const weak = new AccountService(store, { now: () => nowMs, scrypt: { N: 2 ** 9, r: 8, p: 1 } });
    await weak.addUser('a', { username: 'bob', role: 'analyst', password: PW });
    expect(await accounts.verifyPassword('bob', PW)).toMatchObject({ ok: true });
    expect(parsePasswordHash((await store.getUser('bob'))!.passwordHash)?.params).toEqual(CHEAP);
    expect(await accounts.verifyPassword('bob', PW)).toMatchObject({ ok: true });
    expect((await store.listAudit()).map((e) => e.action)).toEqual([
      'user.added',
      'user.password-rehashed',
    ]);
  });

  describe('API tokens', () => {
    it('returns the secret once and stores only its SHA-256, with the scopes', async () => {
      const { token, secret } = await accounts.createToken('cli:ops', {
        name: 'ais-north',
        scopes: ['read', 'ingest', 'ingest'],
      });
      expect(secret).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
      expect(secret.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(token).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{12}$/),
        name: 'ais-north',
        scopes: ['ingest', 'read'],
        createdMs: T0_MS,
        revokedMs: null,
        lastUsedMs: null,
      });
      const stored = await store.getToken(token.id);
      expect(stored?.tokenHash).toBe(hashTokenSecret(secret));
      expect(JSON.stringify(stored)).not.toContain(secret.slice(3));
      expect(JSON.stringify(await accounts.listTokens())).not.toContain(stored!.tokenHash);
    });

    it('authenticates a token by its secret and records when it was used', async () => {
      const { token, secret } = await accounts.createToken('a', {
        name: 'sensor',
        scopes: ['ingest'],
      });
      nowMs += 5;
      expect(await accounts.authenticateToken(secret)).toEqual({ ...token, lastUsedMs: T0_MS + 5 });
      nowMs += 1000;
      // Within a minute of the last recorded use nothing is written.
      expect((await accounts.authenticateToken(secret))?.lastUsedMs).toBe(T0_MS + 5);
      expect(await accounts.authenticateToken(`${secret.slice(0, -1)}A`)).toBeUndefined();
      expect(await accounts.authenticateToken('tl_short')).toBeUndefined();
      expect(await accounts.authenticateToken(secret.slice(3))).toBeUndefined();
    });

    it('refuses a revoked token at once, and revoking again changes nothing', async () => {
      const { token, secret } = await accounts.createToken('a', {
        name: 'sensor',
        scopes: ['ingest'],
      });
      nowMs += 10;
      expect(await accounts.revokeToken('cli:ops', token.id)).toMatchObject({
        revokedMs: T0_MS + 10,
      });
      expect(await accounts.authenticateToken(secret)).toBeUndefined();
      nowMs += 10;
      expect(await accounts.revokeToken('cli:ops', token.id)).toMatchObject({
        revokedMs: T0_MS + 10,
      });
      expect((await store.listAudit()).map((e) => e.action)).toEqual([
        'token.created',
        'token.revoked',
      ]);
      await expect(accounts.revokeToken('x', 'feedbeef0000')).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('refuses a token without scopes, with an unknown scope, or without a name', async () => {
      const create = (name: string, scopes: string[]) =>
        accounts.createToken('a', { name, scopes: scopes as 'ingest'[] });
      await expect(create('s', [])).rejects.toMatchObject({ field: 'scopes' });
      await expect(create('s', ['ingest', 'admin'])).rejects.toThrow(
        /expected one or more of ingest, read/,
      );
      await expect(create('', ['ingest'])).rejects.toMatchObject({ field: 'name' });
    });
  });

  it('audits every change under its actor, in one valid chain, without secrets or hashes', async () => {
    const { password } = await accounts.addUser('cli:ops', { username: 'bob', role: 'analyst' });
    await accounts.resetPassword('cli:ops', 'bob', 'a secret reset password');
    await accounts.disableUser('cli:root', 'bob');
    await accounts.enableUser('cli:root', 'bob');
    const { token, secret } = await accounts.createToken('cli:ops', {
      name: 'ais',
      scopes: ['ingest'],
    });
    await accounts.revokeToken('cli:ops', token.id);
    const log = await store.listAudit();
    expect(log.map((e) => [e.actor, e.action, e.subjectType])).toEqual([
      ['cli:ops', 'user.added', 'user'],
      ['cli:ops', 'user.password-reset', 'user'],
      ['cli:root', 'user.disabled', 'user'],
      ['cli:root', 'user.enabled', 'user'],
      ['cli:ops', 'token.created', 'token'],
      ['cli:ops', 'token.revoked', 'token'],
    ]);
    const bob = (await store.getUser('bob'))!;
    expect(log[0]).toMatchObject({
      subjectId: bob.id,
      details: { username: 'bob', role: 'analyst', password: 'generated' },
    });
    expect(log[4]).toMatchObject({
      subjectId: token.id,
      details: { name: 'ais', scopes: ['ingest'] },
    });
    const text = await auditText();
    for (const secretish of [
      password!,
      'a secret reset password',
      secret,
      hashTokenSecret(secret),
      bob.passwordHash,
    ]) {
      expect(text).not.toContain(secretish);
    }
    expect(text).not.toContain('scrypt$');
    expect(verifyAuditChain(log)).toMatchObject({ ok: true, count: 6 });
  });
});
