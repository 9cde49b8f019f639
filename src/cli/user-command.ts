/**
 * `truceline user add | list | disable | enable | reset` and `truceline token
 * create | list | revoke`: accounts in a data directory, through the account
 * service (src/accounts/), so every change is audited, with `cli:<os user>`
 * as the actor. Passwords and token secrets are printed once, to stdout, and
 * kept nowhere.
 *
 * `user add` and `token create` create the store when the directory has none
 * (that is how a data directory gets its first accounts before the first
 * `serve`); the other subcommands refuse such a directory, as `audit` does,
 * rather than create an empty database from a mistyped path.
 *
 * They run beside a live `serve` on the same directory: the store is opened
 * without the observation log (`observationLog: false`, which only the server
 * may run), and the account, session and audit tables are safe to write from
 * two processes (src/store/sqlite/sqlite-store.ts says why).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { AccountError } from '../accounts/account-error.js';
import type { TokenView, UserView } from '../accounts/account-records.js';
import { AccountService } from '../accounts/account-service.js';
import { isRole, isTokenScope, ROLES, TOKEN_SCOPES, type TokenScope } from '../accounts/roles.js';
import type { Store } from '../store/store.js';
import { requireStoreDir, UsageError } from './args.js';

const DATA_HELP = `  --data DIR         data directory of "truceline serve" (env TRUCELINE_DATA;
                     default ./data). Works while the server runs: changes
                     take effect at its next login or request, no restart`;

export const USER_HELP = `Usage: truceline user add NAME --role ROLE [--password-stdin] [--data DIR]
       truceline user list [--json] [--data DIR]
       truceline user disable NAME [--data DIR]
       truceline user enable NAME [--data DIR]
       truceline user reset NAME [--password-stdin] [--data DIR]

Users and their roles (docs/accounts.md). Every change is written to the audit
log with the actor "cli:<your OS user name>".

add      add a user with role ${ROLES.join(', ')}. Without --password-stdin
         a password is generated and printed once: pass it on safely.
         Creates the store if the directory has none
list     users as a table, or JSON Lines with --json (never password hashes)
disable  refuse the user's logins from now on (not the last enabled admin)
enable   allow a disabled user again
reset    set a new password (generated and printed once, or from stdin);
         also lifts a lockout

Options:
  --role ROLE        add: ${ROLES.join(' | ')}
  --password-stdin   add, reset: read the password from standard input (one
                     line; at least 12 characters, not the user name)
  --json             list: JSON Lines
${DATA_HELP}
  -h, --help         show this help

Exit codes: 0 ok, 1 refused (name taken, no such user, password policy), 2 usage error.
`;

export const TOKEN_HELP = `Usage: truceline token create NAME --scope SCOPE[,SCOPE] [--data DIR]
       truceline token list [--json] [--data DIR]
       truceline token revoke ID [--data DIR]

API tokens for sensors and integrations (docs/accounts.md). The secret is
printed once at creation and only its SHA-256 is kept. Every change is written
to the audit log with the actor "cli:<your OS user name>".

create   make a token; NAME says what it is for (e.g. ais-north).
         Creates the store if the directory has none
list     tokens as a table, or JSON Lines with --json (never secrets or hashes)
revoke   refuse the token from now on, for good

Options:
  --scope SCOPES     create: comma-separated, of ${TOKEN_SCOPES.join(', ')}
                     (ingest: send observations; read: live picture, incidents)
  --json             list: JSON Lines
${DATA_HELP}
  -h, --help         show this help

Exit codes: 0 ok, 1 refused (no such token, bad scope), 2 usage error.
`;

/** What the commands take from their surroundings; tests pass their own. */
export interface AccountCommandIo {
  readStdin(): Promise<string>;
  /** The audit actor. */
  actor: string;
}

const USER_SUBS = ['add', 'list', 'disable', 'enable', 'reset'] as const;
const TOKEN_SUBS = ['create', 'list', 'revoke'] as const;

export async function runUser(argv: string[], io: AccountCommandIo = defaultIo()): Promise<number> {
  const parsed = parseSub('user', argv, USER_SUBS, USER_HELP, {
    role: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { sub, name, values } = parsed;
  const needsName = sub !== 'list';
  requireArity('user', sub, name, needsName);
  if (values.role !== undefined && sub !== 'add') throw new UsageError('--role is for "user add"');
  if (values['password-stdin'] && sub !== 'add' && sub !== 'reset') {
    throw new UsageError('--password-stdin is for "user add" and "user reset"');
  }
  if (values.json && sub !== 'list') throw new UsageError('--json is for "user list"');
  if (sub === 'add') {
    if (values.role === undefined) throw new UsageError(`--role is required: ${ROLES.join(', ')}`);
    if (!isRole(values.role)) {
      throw new UsageError(`--role: expected one of ${ROLES.join(', ')}, got "${values.role}"`);
    }
  }
  const role = values.role;
  const password = values['password-stdin'] ? readPasswordLine(await io.readStdin()) : undefined;

  return withAccounts(values.data, sub === 'add', `user ${sub}`, async (accounts) => {
    switch (sub) {
      case 'add': {
        const r = await accounts.addUser(io.actor, {
          username: name!,
          role: role as never,
          password,
        });
        out(`added ${r.user.username} (${r.user.role})\n`);
        if (r.password !== undefined) printSecret('password', r.password);
        return 0;
      }
      case 'list': {
        const users = await accounts.listUsers();
        out(values.json ? jsonLines(users) : userTable(users));
        return 0;
      }
      case 'disable': {
        const u = await accounts.disableUser(io.actor, name!);
        out(`disabled ${u.username}\n`);
        return 0;
      }
      case 'enable': {
        const u = await accounts.enableUser(io.actor, name!);
        out(`enabled ${u.username}\n`);
        return 0;
      }
      case 'reset': {
        const r = await accounts.resetPassword(io.actor, name!, password);
        out(`password of ${r.user.username} reset\n`);
        if (r.password !== undefined) printSecret('password', r.password);
        return 0;
      }
    }
  });
}

export async function runToken(
  argv: string[],
  io: AccountCommandIo = defaultIo(),
): Promise<number> {
  const parsed = parseSub('token', argv, TOKEN_SUBS, TOKEN_HELP, { scope: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { sub, name, values } = parsed;
  requireArity('token', sub, name, sub !== 'list');
  if (values.scope !== undefined && sub !== 'create')
    throw new UsageError('--scope is for "token create"');
  if (values.json && sub !== 'list') throw new UsageError('--json is for "token list"');
  let scopes: TokenScope[] = [];
  if (sub === 'create') {
    if (values.scope === undefined) {
      throw new UsageError(`--scope is required: one or more of ${TOKEN_SCOPES.join(', ')}`);
    }
    const given = values.scope.split(',').map((s) => s.trim());
    const bad = given.find((s) => !isTokenScope(s));
    if (bad !== undefined) {
      throw new UsageError(
        `--scope: expected ${TOKEN_SCOPES.join(', ')} (comma-separated), got "${bad}"`,
      );
    }
    scopes = given as TokenScope[];
  }

  return withAccounts(values.data, sub === 'create', `token ${sub}`, async (accounts) => {
    switch (sub) {
      case 'create': {
        const r = await accounts.createToken(io.actor, { name: name!, scopes });
        out(`created token ${r.token.id} "${r.token.name}" (${r.token.scopes.join(',')})\n`);
        printSecret('token', r.secret);
        return 0;
      }
      case 'list': {
        const tokens = await accounts.listTokens();
        out(values.json ? jsonLines(tokens) : tokenTable(tokens));
        return 0;
      }
      case 'revoke': {
        const t = await accounts.revokeToken(io.actor, name!);
        out(`revoked token ${t.id} "${t.name}"\n`);
        return 0;
      }
    }
  });
}

type ExtraOptions = Record<string, { type: 'string' | 'boolean' }>;

function parseSub<S extends string>(
  cmd: string,
  argv: string[],
  subs: readonly S[],
  help: string,
  extra: ExtraOptions,
) {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(help);
    return sub === undefined ? 2 : 0;
  }
  if (!(subs as readonly string[]).includes(sub)) {
    throw new UsageError(`unknown subcommand "${sub}": expected ${subs.join(', ')}`);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...extra,
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`${cmd} ${sub}: unexpected argument "${positionals[1]}"`);
  return {
    sub: sub as S,
    name: positionals[0],
    values: values as Record<string, string | boolean | undefined> & {
      data?: string;
      json?: boolean;
      role?: string;
      scope?: string;
      'password-stdin'?: boolean;
    },
  };
}

function requireArity(
  cmd: string,
  sub: string,
  name: string | undefined,
  needsName: boolean,
): void {
  if (needsName && name === undefined) {
    const what = cmd === 'token' && sub === 'revoke' ? 'ID' : 'NAME';
    throw new UsageError(`${cmd} ${sub}: expected ${what}`);
  }
  if (!needsName && name !== undefined)
    throw new UsageError(`${cmd} ${sub}: unexpected argument "${name}"`);
}

/**
 * Opens the store (creating it only if `create`), runs `fn`, closes. An
 * AccountError is the user's input refused: its message and exit code 1.
 */
async function withAccounts(
  data: string | undefined,
  create: boolean,
  what: string,
  fn: (accounts: AccountService) => Promise<number>,
): Promise<number> {
  const dir = data ?? process.env.TRUCELINE_DATA ?? 'data';
  if (!create) requireStoreDir('--data', dir, 'give the data directory of "truceline serve"');
  const { openSqliteStore } = await import('../store/index.js');
  const store: Store = openSqliteStore({ dir, observationLog: false });
  try {
    return await fn(new AccountService(store));
  } catch (err) {
    if (err instanceof AccountError) {
      process.stderr.write(`truceline ${what}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

/** One line: a trailing newline (LF or CRLF) is the end of input, not part of the password. */
function readPasswordLine(text: string): string {
  const line = text.replace(/\r?\n$/, '');
  if (line.includes('\n')) throw new UsageError('--password-stdin: expected one line, got several');
  return line;
}

function printSecret(what: string, secret: string): void {
  out(`${what}: ${secret}\n`);
  process.stderr.write(`(the ${what} is shown this once and not kept: store it safely now)\n`);
}

function userTable(users: UserView[]): string {
  const now = Date.now();
  return table(
    ['USERNAME', 'ROLE', 'STATUS', 'CREATED', 'FAILED LOGINS'],
    users.map((u) => [
      u.username,
      u.role,
      u.disabled
        ? 'disabled'
        : u.lockedUntilMs !== null && u.lockedUntilMs > now
          ? `locked until ${iso(u.lockedUntilMs)}`
          : 'active',
      iso(u.createdMs),
      String(u.failedLogins),
    ]),
  );
}

function tokenTable(tokens: TokenView[]): string {
  return table(
    ['ID', 'NAME', 'SCOPES', 'STATUS', 'CREATED', 'LAST USED'],
    tokens.map((t) => [
      t.id,
      t.name,
      t.scopes.join(','),
      t.revokedMs === null ? 'active' : `revoked ${iso(t.revokedMs)}`,
      iso(t.createdMs),
      t.lastUsedMs === null ? '-' : iso(t.lastUsedMs),
    ]),
  );
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[head, ...rows].map(line).join('\n')}\n`;
}

function jsonLines(items: readonly object[]): string {
  return items.map((x) => `${JSON.stringify(x)}\n`).join('');
}

function iso(tMs: number): string {
  return new Date(tMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function out(text: string): void {
  process.stdout.write(text);
}

function defaultIo(): AccountCommandIo {
  return { readStdin, actor: `cli:${osUserName()}` };
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers).
    return process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
