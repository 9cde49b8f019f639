/**
 * Users, tokens and the audit log over HTTP (src/api/account-routes.ts) on a
 * full Truceline: every route's success and refusals, that what an admin does
 * takes effect at once (a generated password logs in, a disabled user's
 * session ends, a revoked token is refused) and that the audit log names the
 * admin who did it. Who may call each route at all is the access matrix's
 * job (access-matrix.test.ts), which picks these routes up by itself.
 *
 * Each suite has its own server: the login rate limit (10 a minute per
 * address) counts every login a suite makes.
 */

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionBody } from '../../src/api/wire.js';
import type {
  AuditPageBody,
  AuditVerifyBody,
  NewTokenBody,
  TokenBody,
  TokensBody,
  UserBody,
  UsersBody,
} from '../../src/api/wire-accounts.js';
import {
  type Auth,
  getJson,
  loginAs,
  makeDataDir,
  postJson,
  removeDataDir,
  type SessionLogin,
  startTruceline,
  TEST_PASSWORD,
  type TestTruceline,
} from './http-helpers.js';

interface Refusal {
  error: { code: string; message: string; field?: string; capability?: string };
}

const ANOTHER_PASSWORD = 'another long test password';

describe('users over HTTP', () => {
  let dataDir: string;
  let app: TestTruceline;
  let admin: SessionLogin;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-account-routes-');
    app = await startTruceline(dataDir, { simulate: false });
    admin = await loginAs(app.url, 'admin');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  const url = (path: string) => `${app.url}${path}`;
  const sessionOf = async (auth: Auth) =>
    (await getJson<SessionBody>(url('/api/session'), auth)).body;

  it('lists every user without a password hash', async () => {
    const res = await getJson<UsersBody>(url('/api/users'), admin);
    expect(res.status).toBe(200);
    expect(res.body.users.map((u) => [u.username, u.role, u.disabled])).toEqual([
      ['admin', 'admin', false],
      ['analyst', 'analyst', false],
      ['monitor', 'monitor', false],
      ['observer', 'observer', false],
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt\$/);
  });

  it('adds a user with a generated password, answered once, that logs in', async () => {
    const res = await fetch(url('/api/users'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: admin.cookie,
        'x-csrf-token': admin.csrfToken,
      },
      body: JSON.stringify({ username: 'mon-north', role: 'monitor' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as UserBody;
    expect(body.user).toMatchObject({ username: 'mon-north', role: 'monitor', disabled: false });
    expect(body.password).toMatch(/^\S{20}$/);

    const monitor = await loginAs(app.url, 'mon-north', body.password);
    expect(monitor.session.user).toMatchObject({ username: 'mon-north', role: 'monitor' });
    // Not kept: the listing has no password, generated or otherwise.
    const list = await getJson<UsersBody>(url('/api/users'), admin);
    expect(JSON.stringify(list.body)).not.toContain(body.password);
  });

  it('adds a user with the password given, and answers no password', async () => {
    const res = await postJson<UserBody>(
      url('/api/users'),
      { username: 'obs-press', role: 'observer', password: ANOTHER_PASSWORD },
      admin,
    );
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'obs-press', role: 'observer' });
    expect(res.body).not.toHaveProperty('password');
  });

  it('refuses a name that is taken in any case with a 409 naming username', async () => {
    const res = await postJson<Refusal>(
      url('/api/users'),
      { username: 'MONITOR', role: 'monitor' },
      admin,
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', field: 'username' });
    expect(res.body.error.message).toMatch(/a user named "MONITOR" exists/);
  });

  it.each([
    ['no user name', { role: 'monitor' }, 'username'],
    ['a user name with a space', { username: 'a b', role: 'monitor' }, 'username'],
    ['an unknown role', { username: 'carol', role: 'root' }, 'role'],
    ['a short password', { username: 'carol', role: 'analyst', password: 'short' }, 'password'],
    [
      'the user name as password',
      { username: 'carol-long-name', role: 'analyst', password: 'CAROL-LONG-NAME' },
      'password',
    ],
    ['an unknown field', { username: 'carol', role: 'analyst', email: 'c@example.org' }, 'email'],
  ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
    const res = await postJson<Refusal>(url('/api/users'), body, admin);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
    expect(
      (await getJson<UsersBody>(url('/api/users'), admin)).body.users.map((u) => u.username),
    ).not.toContain('carol');
  });

  it('disables a user, which ends their session at once, and enables them again', async () => {
    await postJson(
      url('/api/users'),
      { username: 'mon-south', role: 'monitor', password: ANOTHER_PASSWORD },
      admin,
    );
    const monitor = await loginAs(app.url, 'mon-south', ANOTHER_PASSWORD);
    expect((await sessionOf(monitor)).user?.username).toBe('mon-south');

    const off = await postJson<UserBody>(url('/api/users/mon-south/disable'), {}, admin);
    expect(off.status).toBe(200);
    expect(off.body.user).toMatchObject({ username: 'mon-south', disabled: true });
    expect((await sessionOf(monitor)).user).toBeNull();
    const refused = await postJson<Refusal>(url('/api/login'), {
      username: 'mon-south',
      password: ANOTHER_PASSWORD,
    });
    expect(refused.status).toBe(401);

    const on = await postJson<UserBody>(url('/api/users/MON-SOUTH/enable'), {}, admin);
    expect(on.status).toBe(200);
    expect(on.body.user).toMatchObject({ username: 'mon-south', disabled: false });
    expect((await loginAs(app.url, 'mon-south', ANOTHER_PASSWORD)).session.user?.role).toBe(
      'monitor',
    );
  });

  it('answers 404 naming username for a user that does not exist, and 400 for a malformed name', async () => {
    for (const action of ['disable', 'enable', 'reset']) {
      const missing = await postJson<Refusal>(url(`/api/users/nobody/${action}`), {}, admin);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'not_found', field: 'username' });
      const malformed = await postJson<Refusal>(
        url(`/api/users/${encodeURIComponent('no body')}/${action}`),
        {},
        admin,
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatchObject({ code: 'invalid_path', field: 'username' });
    }
  });

  it('resets a password: a generated one answered once logs in, and the old sessions end', async () => {
    const before = await loginAs(app.url, 'observer');
    const res = await fetch(url('/api/users/observer/reset'), {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as UserBody;
    expect(body.password).toMatch(/^\S{20}$/);
    expect((await sessionOf(before)).user).toBeNull();
    expect((await loginAs(app.url, 'observer', body.password)).session.user?.username).toBe(
      'observer',
    );
  });

  it('resets to a password given, and refuses one that breaks the policy naming password', async () => {
    const given = await postJson<UserBody>(
      url('/api/users/obs-press/reset'),
      { password: TEST_PASSWORD },
      admin,
    );
    expect(given.status).toBe(200);
    expect(given.body).not.toHaveProperty('password');
    const short = await postJson<Refusal>(
      url('/api/users/obs-press/reset'),
      { password: 'short' },
      admin,
    );
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'invalid_body', field: 'password' });
  });

  it('refuses to let an admin disable their own account, naming why', async () => {
    // The only enabled admin: the one rule that matters most.
    const last = await postJson<Refusal>(url('/api/users/admin/disable'), {}, admin);
    expect(last.status).toBe(409);
    expect(last.body.error).toMatchObject({ code: 'refused', field: 'username' });
    expect(last.body.error.message).toMatch(/last enabled admin/);

    await postJson(
      url('/api/users'),
      { username: 'admin2', role: 'admin', password: ANOTHER_PASSWORD },
      admin,
    );
    const self = await postJson<Refusal>(url('/api/users/Admin/disable'), {}, admin);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/cannot disable your own account/);
    expect((await sessionOf(admin)).user?.username).toBe('admin');
  });

  it('never lets two admins disabling each other at once both succeed', async () => {
    const admin2 = await loginAs(app.url, 'admin2', ANOTHER_PASSWORD);
    const [a, b] = await Promise.all([
      postJson<UserBody | Refusal>(url('/api/users/admin2/disable'), {}, admin),
      postJson<UserBody | Refusal>(url('/api/users/admin/disable'), {}, admin2),
    ]);
    const statuses = [a.status, b.status].sort();
    // The loser is refused as the last enabled admin, or was already logged out.
    expect([
      [200, 401],
      [200, 409],
    ]).toContainEqual(statuses);
    for (const r of [a, b]) {
      if (r.status === 409) expect((r.body as Refusal).error.message).toMatch(/last enabled admin/);
    }
    const users = (await getJson<UsersBody>(url('/api/users'), a.status === 200 ? admin : admin2))
      .body.users;
    expect(users.filter((u) => u.role === 'admin' && !u.disabled)).toHaveLength(1);
    // Put things back for the suites after this one.
    const [winner, loser] = a.status === 200 ? [admin, 'admin2'] : [admin2, 'admin'];
    expect((await postJson(url(`/api/users/${loser}/enable`), {}, winner)).status).toBe(200);
    if (winner === admin2) admin = await loginAs(app.url, 'admin');
  });

  it('writes every change to the audit log under the admin who made it', async () => {
    const res = await getJson<AuditPageBody>(url('/api/audit?after=0&limit=1000'), admin);
    expect(res.status).toBe(200);
    const byAdmin = res.body.entries
      .filter((e) => e.subjectType === 'user' && e.actor !== 'test' && e.actor !== 'system')
      .map((e) => [e.actor, e.action, e.details.username]);
    expect(byAdmin).toEqual(
      expect.arrayContaining([
        ['admin', 'user.added', 'mon-north'],
        ['admin', 'user.added', 'obs-press'],
        ['admin', 'user.disabled', 'mon-south'],
        ['admin', 'user.enabled', 'mon-south'],
        ['admin', 'user.password-reset', 'observer'],
        ['admin', 'user.password-reset', 'obs-press'],
      ]),
    );
    for (const [actor] of byAdmin) expect(['admin', 'admin2']).toContain(actor);
    // Whether a password was given or generated, never the password or its hash.
    const passwords = res.body.entries.flatMap((e) =>
      'password' in e.details ? [e.details.password] : [],
    );
    expect(new Set(passwords)).toEqual(new Set(['given', 'generated']));
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt\$/);
  });
});

describe('tokens and the audit log over HTTP', () => {
  let dataDir: string;
  let app: TestTruceline;
  let admin: SessionLogin;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-account-routes-');
    app = await startTruceline(dataDir, { simulate: false });
    admin = await loginAs(app.url, 'admin');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  const url = (path: string) => `${app.url}${path}`;

  it('creates a token whose secret is answered once and works, then revokes it: 401 after', async () => {
    const made = await postJson<NewTokenBody>(
      url('/api/tokens'),
      { name: 'export-north', scopes: ['read'] },
      admin,
    );
    expect(made.status).toBe(201);
    expect(made.body.token).toMatchObject({
      name: 'export-north',
      scopes: ['read'],
      revokedMs: null,
    });
    expect(made.body.secret).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    const asToken: Auth = { bearer: made.body.secret };
    expect((await getJson(url('/api/tracks'), asToken)).status).toBe(200);

    const listed = await getJson<TokensBody>(url('/api/tokens'), admin);
    // Oldest first; the two seeded tokens were made in the same millisecond.
    expect(listed.body.tokens.map((t) => t.name).sort()).toEqual([
      'export',
      'export-north',
      'sensor',
    ]);
    expect(listed.body.tokens.at(-1)).toMatchObject({
      name: 'export-north',
      lastUsedMs: expect.any(Number),
    });
    expect(JSON.stringify(listed.body)).not.toMatch(new RegExp(`${made.body.secret}|tokenHash`));

    const revoked = await postJson<TokenBody>(
      url(`/api/tokens/${made.body.token.id}/revoke`),
      {},
      admin,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedMs).toEqual(expect.any(Number));
    const refused = await getJson<Refusal>(url('/api/tracks'), asToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
  });

  it.each([
    ['no name', { scopes: ['ingest'] }, 'name'],
    ['a name of control characters', { name: '\u0007bell', scopes: ['ingest'] }, 'name'],
    ['no scopes', { name: 'x', scopes: [] }, 'scopes'],
    ['an unknown scope', { name: 'x', scopes: ['admin'] }, 'scopes.0'],
    ['an unknown field', { name: 'x', scopes: ['read'], expires: 1 }, 'expires'],
  ])('refuses a token with %s with a 400 naming the field', async (_what, body, field) => {
    const res = await postJson<Refusal>(url('/api/tokens'), body, admin);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('answers 404 naming id for a token that does not exist, 400 for a malformed id', async () => {
    const missing = await postJson<Refusal>(url('/api/tokens/000000000000/revoke'), {}, admin);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', field: 'id' });
    const malformed = await postJson<Refusal>(url('/api/tokens/tl_secret/revoke'), {}, admin);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_path', field: 'id' });
  });

  it('pages the audit log as stored, with its head, and names the admin as actor', async () => {
    await postJson(url('/api/tokens'), { name: 'ais-south', scopes: ['ingest'] }, admin);
    const all = await getJson<AuditPageBody>(url('/api/audit?limit=1000'), admin);
    expect(all.status).toBe(200);
    const { entries, head } = all.body;
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(head).toEqual({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });
    expect(
      entries
        .filter((e) => e.action.startsWith('token.') && e.actor === 'admin')
        .map((e) => [e.action, e.details.name]),
    ).toEqual([
      ['token.created', 'export-north'],
      ['token.revoked', 'export-north'],
      ['token.created', 'ais-south'],
    ]);

    // Without `after`: the newest page, still oldest first.
    const newest = await getJson<AuditPageBody>(url('/api/audit?limit=2'), admin);
    expect(newest.body).toEqual({ entries: entries.slice(-2), head });
    const middle = await getJson<AuditPageBody>(url('/api/audit?after=2&limit=3'), admin);
    expect(middle.body.entries).toEqual(entries.slice(2, 5));
    // Analysts read the log too (audit:read).
    const analyst = await loginAs(app.url, 'analyst');
    expect(
      (await getJson<AuditPageBody>(url('/api/audit?after=1&limit=1'), analyst)).body.entries,
    ).toEqual([entries[1]]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['after=-1', 'after'],
    ['after=x', 'after'],
    ['before=3', 'before'],
  ])('refuses the audit query %s with a 400 naming the field', async (query, field) => {
    const res = await getJson<Refusal>(url(`/api/audit?${query}`), admin);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', field });
  });

  it('verifies the chain, and names the first entry edited in the database behind its back', async () => {
    const { head } = (await getJson<AuditPageBody>(url('/api/audit?limit=1'), admin)).body;
    const ok = await getJson<AuditVerifyBody>(url('/api/audit/verify'), admin);
    expect(ok).toEqual({ status: 200, body: { ok: true, count: head.seq, head } });

    const db = new Database(join(dataDir, 'truceline.db'));
    try {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").run();
    } finally {
      db.close();
    }
    const broken = await getJson<AuditVerifyBody>(url('/api/audit/verify'), admin);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ ok: false, count: 1, broken: { seq: 2, kind: 'edited' } });
  });
});
