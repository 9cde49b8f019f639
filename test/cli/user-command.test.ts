/**
 * `truceline user …` and `truceline token …` end to end in a temporary data
 * directory, in-process through the CLI's entry, then `audit verify` over
 * what they logged. Passwords from stdin go through runUser's io.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../src/accounts/account-service.js';
import { runCli } from '../../src/cli/main.js';
import { runUser } from '../../src/cli/user-command.js';
import { openSqliteStore } from '../../src/store/index.js';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fn` with stdout and stderr captured. */
async function capture(fn: () => Promise<number>): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await fn(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const run = (args: string[]) => capture(() => runCli(args));

/** Logs in through the account service against the directory's store. */
async function login(dir: string, username: string, password: string) {
  const store = openSqliteStore({ dir });
  try {
    return await new AccountService(store).verifyPassword(username, password);
  } finally {
    await store.close();
  }
}

describe('truceline user and token', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'truceline-user-')), 'data');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('adds a user to a fresh data directory and prints the generated password once', async () => {
    const r = await run(['user', 'add', 'alice', '--role', 'analyst', '--data', dir]);
    expect(r.code).toBe(0);
    const password = /^password: ([\w-]{20})$/m.exec(r.stdout)?.[1];
    expect(password).toBeDefined();
    expect(r.stdout).toBe(`added alice (analyst)\npassword: ${password}\n`);
    expect(r.stderr).toContain('shown this once');
    expect(await login(dir, 'alice', password!)).toMatchObject({ ok: true });

    const listed = await run(['user', 'list', '--data', dir]);
    expect(listed.stdout).not.toContain(password);
    expect(listed.stdout).not.toContain('scrypt');
  });

  it('takes a password from stdin, one line, and holds it to the policy', async () => {
    await run(['user', 'add', 'alice', '--role', 'admin', '--data', dir]);
    const io = (text: string) => ({ readStdin: async () => text, actor: 'cli:tester' });
    const given = await capture(() =>
      runUser(
        ['add', 'bob', '--role', 'monitor', '--password-stdin', '--data', dir],
        io('bob has a password\n'),
      ),
    );
    expect(given).toEqual({ code: 0, stdout: 'added bob (monitor)\n', stderr: '' });
    expect(await login(dir, 'bob', 'bob has a password')).toMatchObject({ ok: true });

    const weak = await capture(() =>
      runUser(['reset', 'bob', '--password-stdin', '--data', dir], io('short\n')),
    );
    expect(weak).toEqual({
      code: 1,
      stdout: '',
      stderr: 'truceline user reset: password: expected at least 12 characters, got 5\n',
    });
    const reset = await capture(() =>
      runUser(['reset', 'bob', '--password-stdin', '--data', dir], io('a new one for bob\r\n')),
    );
    expect(reset.stdout).toBe('password of bob reset\n');
    expect(await login(dir, 'bob', 'a new one for bob')).toMatchObject({ ok: true });
    const audit = (await run(['audit', 'list', '--data', dir])).stdout;
    expect(audit).toContain('"actor":"cli:tester"');
    expect(audit).not.toContain('a new one for bob');
  });

  it('lists, disables, enables and resets users; audit verify holds after', async () => {
    await run(['user', 'add', 'Root', '--role', 'admin', '--data', dir]);
    await run(['user', 'add', 'alice', '--role', 'analyst', '--data', dir]);
    await run(['user', 'add', 'bob', '--role', 'monitor', '--data', dir]);

    const table = await run(['user', 'list', '--data', dir]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^USERNAME\s+ROLE\s+STATUS\s+CREATED\s+FAILED LOGINS$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['alice', 'analyst', 'active'],
      ['bob', 'monitor', 'active'],
      ['Root', 'admin', 'active'],
    ]);

    expect((await run(['user', 'disable', 'BOB', '--data', dir])).stdout).toBe('disabled bob\n');
    const json = await run(['user', 'list', '--json', '--data', dir]);
    const users = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(users.map((u) => [u.username, u.disabled])).toEqual([
      ['alice', false],
      ['bob', true],
      ['Root', false],
    ]);
    expect(Object.keys(users[0]).sort()).toEqual(
      ['createdMs', 'disabled', 'failedLogins', 'id', 'lockedUntilMs', 'role', 'username'].sort(),
    );
    expect((await run(['user', 'enable', 'bob', '--data', dir])).stdout).toBe('enabled bob\n');

    const reset = await run(['user', 'reset', 'alice', '--data', dir]);
    const password = /^password: ([\w-]{20})$/m.exec(reset.stdout)?.[1];
    expect(await login(dir, 'alice', password!)).toMatchObject({ ok: true });

    const refused = await run(['user', 'disable', 'root', '--data', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('last enabled admin');

    const verify = await run(['audit', 'verify', '--data', dir]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^ok: 6 entries, head [0-9a-f]{64}\n$/);
    const actions = (await run(['audit', 'list', '--data', dir])).stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((e) => `${e.action} ${e.details.username}`);
    expect(actions).toEqual([
      'user.added Root',
      'user.added alice',
      'user.added bob',
      'user.disabled bob',
      'user.enabled bob',
      'user.password-reset alice',
    ]);
  });

  it('creates a token whose secret is printed once and only hashed in the file; lists and revokes it', async () => {
    const created = await run([
      'token',
      'create',
      'ais-north',
      '--scope',
      'ingest,read',
      '--data',
      dir,
    ]);
    expect(created.code).toBe(0);
    const id = /^created token ([0-9a-f]{12}) "ais-north" \(ingest,read\)$/m.exec(
      created.stdout,
    )?.[1];
    const secret = /^token: (tl_[\w-]{43})$/m.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    expect(secret).toBeDefined();

    const db = new Database(join(dir, 'truceline.db'), { readonly: true });
    const raw = JSON.stringify(db.prepare('SELECT * FROM api_tokens').all());
    db.close();
    expect(raw).not.toContain(secret!.slice(3));

    const list = await run(['token', 'list', '--data', dir]);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+ais-north\\s+ingest,read\\s+active\\s`, 'm'));
    expect(list.stdout).not.toContain(secret);
    const json = await run(['token', 'list', '--json', '--data', dir]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id,
      name: 'ais-north',
      scopes: ['ingest', 'read'],
      revokedMs: null,
    });
    expect(json.stdout).not.toContain('tokenHash');

    expect((await run(['token', 'revoke', id!, '--data', dir])).stdout).toBe(
      `revoked token ${id} "ais-north"\n`,
    );
    expect((await run(['token', 'list', '--data', dir])).stdout).toMatch(/\srevoked \d{4}-/);
    const store = openSqliteStore({ dir });
    expect(await new AccountService(store).authenticateToken(secret!)).toBeUndefined();
    await store.close();

    const verify = await run(['audit', 'verify', '--data', dir]);
    expect(verify.stdout).toMatch(/^ok: 2 entries/);
    const audit = (await run(['audit', 'list', '--data', dir])).stdout;
    expect(audit).not.toContain(secret!.slice(3));
  });

  it('refuses, with exit 2, usage it cannot act on', async () => {
    const cases: [string[], RegExp][] = [
      [['user', 'add', 'alice', '--data', dir], /--role is required/],
      [
        ['user', 'add', 'alice', '--role', 'root', '--data', dir],
        /--role: expected one of admin, analyst/,
      ],
      [['user', 'add', '--role', 'admin', '--data', dir], /user add: expected NAME/],
      [['user', 'list', '--role', 'admin', '--data', dir], /--role is for "user add"/],
      [['user', 'frobnicate'], /unknown subcommand "frobnicate"/],
      [['token', 'create', 'x', '--data', dir], /--scope is required/],
      [['token', 'create', 'x', '--scope', 'ingest,admin', '--data', dir], /got "admin"/],
      [['token', 'revoke', '--data', dir], /token revoke: expected ID/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses list, disable, reset and revoke on a directory without a store, creating nothing', async () => {
    for (const args of [
      ['user', 'list'],
      ['user', 'disable', 'bob'],
      ['user', 'reset', 'bob'],
      ['token', 'list'],
      ['token', 'revoke', 'abc'],
    ]) {
      const r = await run([...args, '--data', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--data: no Truceline store in ${dir}`);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('names what it cannot find, and a name taken in another case, with exit 1', async () => {
    await run(['user', 'add', 'alice', '--role', 'analyst', '--data', dir]);
    const taken = await run(['user', 'add', 'ALICE', '--role', 'observer', '--data', dir]);
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toMatch(/^truceline user add: username: a user named "ALICE" exists/);
    expect((await run(['user', 'disable', 'nobody', '--data', dir])).stderr).toBe(
      'truceline user disable: username: no user "nobody"\n',
    );
    expect((await run(['token', 'revoke', 'feedbeef0000', '--data', dir])).stderr).toBe(
      'truceline token revoke: id: no token "feedbeef0000"\n',
    );
  });

  it('records the OS user as the actor by default', async () => {
    await run(['user', 'add', 'alice', '--role', 'analyst', '--data', dir]);
    const entry = JSON.parse((await run(['audit', 'list', '--data', dir])).stdout);
    expect(entry.actor).toMatch(/^cli:.+/);
  });
});
