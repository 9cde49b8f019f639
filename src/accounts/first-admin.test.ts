import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { AccountService } from './account-service.js';
import { ensureFirstAdmin, type FirstAdminLog } from './first-admin.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('ensureFirstAdmin', () => {
  let store: SqliteStore;
  let logged: string[];
  const log: FirstAdminLog = {
    info: (obj, msg) => logged.push(`info ${msg} ${JSON.stringify(obj)}`),
    warn: (obj, msg) => logged.push(`warn ${msg} ${JSON.stringify(obj)}`),
  };
  const ensure = (env: Record<string, string | undefined> = {}) =>
    ensureFirstAdmin(store, { env, log, service: { scrypt: CHEAP } });

  beforeEach(() => {
    store = openSqliteStore({ memory: true });
    logged = [];
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates admin with a generated password, returned once and never logged or audited', async () => {
    const r = await ensure();
    expect(r).toEqual({
      created: true,
      username: 'admin',
      password: expect.stringMatching(/^[\w-]{20}$/),
    });
    expect(
      await new AccountService(store, { scrypt: CHEAP }).verifyPassword('admin', r.password!),
    ).toMatchObject({
      ok: true,
      user: { role: 'admin' },
    });
    expect(logged).toEqual([expect.stringContaining('first admin created')]);
    expect(logged.join()).not.toContain(r.password);
    const audit = await store.listAudit();
    expect(audit).toMatchObject([
      { actor: 'system', action: 'user.added', details: { username: 'admin' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain(r.password);
  });

  it('does nothing the second time', async () => {
    await ensure();
    expect(await ensure()).toEqual({ created: false });
    expect(await store.listUsers()).toHaveLength(1);
  });

  it('takes the password from TRUCELINE_ADMIN_PASSWORD and does not return it', async () => {
    const pw = 'from the environment';
    const r = await ensure({ TRUCELINE_ADMIN_PASSWORD: pw });
    expect(r).toEqual({ created: true, username: 'admin' });
    expect(
      await new AccountService(store, { scrypt: CHEAP }).verifyPassword('admin', pw),
    ).toMatchObject({ ok: true });
    expect(logged.join()).not.toContain(pw);
    expect(logged.join()).toContain('TRUCELINE_ADMIN_PASSWORD');
  });

  it('refuses a TRUCELINE_ADMIN_PASSWORD that fails the policy, without echoing it', async () => {
    await expect(ensure({ TRUCELINE_ADMIN_PASSWORD: 'hunter2' })).rejects.toThrow(
      /^TRUCELINE_ADMIN_PASSWORD: expected at least 12 characters, got 7$/,
    );
    expect(await store.listUsers()).toEqual([]);
  });

  it('warns that TRUCELINE_ADMIN_PASSWORD is ignored once an admin exists', async () => {
    await new AccountService(store, { scrypt: CHEAP }).addUser('cli:x', {
      username: 'chief',
      role: 'admin',
      password: 'chief password 1',
    });
    expect(await ensure({ TRUCELINE_ADMIN_PASSWORD: 'from the environment' })).toEqual({
      created: false,
    });
    expect(logged).toEqual([expect.stringMatching(/^warn TRUCELINE_ADMIN_PASSWORD is ignored/)]);
  });

  it('says what to do when the name admin is taken by another role', async () => {
    await new AccountService(store, { scrypt: CHEAP }).addUser('cli:x', {
      username: 'Admin',
      role: 'observer',
      password: 'observer password',
    });
    await expect(ensure()).rejects.toThrow(/truceline user add NAME --role admin/);
  });

  it('accepts a fastify logger', async () => {
    const app = Fastify({ logger: { level: 'silent' } });
    const r = await ensureFirstAdmin(store, { env: {}, log: app.log, service: { scrypt: CHEAP } });
    expect(r.created).toBe(true);
    await app.close();
  });
});
