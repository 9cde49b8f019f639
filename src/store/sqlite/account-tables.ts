/**
 * Users and API tokens in the `users` and `api_tokens` tables (schema.ts,
 * migration 3). Few rows, rarely written: plain statements, no caching.
 *
 * Uniqueness is the database's job (a unique index on the user name under
 * NOCASE, and on the token hash), so that two processes adding the same name
 * at once cannot both succeed; the constraint error is turned into a
 * ConflictError naming the field.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type {
  LoginFailureRule,
  TokenRecord,
  UserPatch,
  UserRecord,
} from '../../accounts/account-records.js';
import type { Role, TokenScope } from '../../accounts/roles.js';
import { ConflictError } from '../conflict-error.js';

interface UserRow {
  id: string;
  username: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_ms: number;
  failed_logins: number;
  locked_until_ms: number | null;
}

interface TokenRow {
  id: string;
  name: string;
  scopes: string;
  token_hash: string;
  created_ms: number;
  revoked_ms: number | null;
  last_used_ms: number | null;
}

const USER_COLUMNS =
  'id, username, role, password_hash, disabled, created_ms, failed_logins, locked_until_ms';
const TOKEN_COLUMNS = 'id, name, scopes, token_hash, created_ms, revoked_ms, last_used_ms';

/** UserPatch field -> column. */
const USER_PATCH_COLUMNS = {
  role: 'role',
  passwordHash: 'password_hash',
  disabled: 'disabled',
  failedLogins: 'failed_logins',
  lockedUntilMs: 'locked_until_ms',
} as const satisfies Record<keyof UserPatch, string>;

export class AccountTables {
  private readonly insertUser: Statement<unknown[]>;
  private readonly selectUserByName: Statement<[string]>;
  private readonly selectUserById: Statement<[string]>;
  private readonly selectUsers: Statement<[]>;
  private readonly countFailure: Statement<[{ max: number; until: number; id: string }]>;
  private readonly insertToken: Statement<unknown[]>;
  private readonly selectTokenById: Statement<[string]>;
  private readonly selectTokenByHash: Statement<[string]>;
  private readonly selectTokens: Statement<[]>;
  private readonly revoke: Statement<[number, string]>;
  private readonly touch: Statement<[number, string]>;
  private readonly updateUserTx: Transaction<(id: string, patch: UserPatch) => UserRow | undefined>;

  constructor(private readonly db: Database) {
    this.insertUser = db.prepare(
      `INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectUserByName = db.prepare(
      `SELECT ${USER_COLUMNS} FROM users WHERE username = ? COLLATE NOCASE`,
    );
    this.selectUserById = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
    this.selectUsers = db.prepare(
      `SELECT ${USER_COLUMNS} FROM users ORDER BY username COLLATE NOCASE, id`,
    );
    // One statement, so concurrent failures from any connection all count.
    this.countFailure = db.prepare(
      `UPDATE users SET
         locked_until_ms = CASE WHEN failed_logins + 1 >= @max THEN @until ELSE locked_until_ms END,
         failed_logins = CASE WHEN failed_logins + 1 >= @max THEN 0 ELSE failed_logins + 1 END
       WHERE id = @id
       RETURNING ${USER_COLUMNS}`,
    );
    this.insertToken = db.prepare(
      `INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectTokenById = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = ?`);
    this.selectTokenByHash = db.prepare(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?`,
    );
    this.selectTokens = db.prepare(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_ms, id`,
    );
    this.revoke = db.prepare(
      'UPDATE api_tokens SET revoked_ms = coalesce(revoked_ms, ?) WHERE id = ?',
    );
    this.touch = db.prepare('UPDATE api_tokens SET last_used_ms = ? WHERE id = ?');
    this.updateUserTx = db.transaction((id: string, patch: UserPatch) => {
      const sets: string[] = [];
      const values: (string | number | null)[] = [];
      for (const [field, column] of Object.entries(USER_PATCH_COLUMNS)) {
        const v = patch[field as keyof UserPatch];
        if (v === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(typeof v === 'boolean' ? Number(v) : v);
      }
      if (sets.length > 0) {
        // Column names come from USER_PATCH_COLUMNS only; values are bound.
        this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      }
      return this.selectUserById.get(id) as UserRow | undefined;
    });
  }

  createUser(u: UserRecord): void {
    try {
      this.insertUser.run(
        u.id,
        u.username,
        u.role,
        u.passwordHash,
        Number(u.disabled),
        u.createdMs,
        u.failedLogins,
        u.lockedUntilMs,
      );
    } catch (err) {
      throw asConflict(err, {
        'users.username': ['username', `${JSON.stringify(u.username)} is taken (in some case)`],
        'users.id': ['id', `${JSON.stringify(u.id)} is taken`],
      });
    }
  }

  getUser(username: string): UserRecord | undefined {
    const row = this.selectUserByName.get(username) as UserRow | undefined;
    return row === undefined ? undefined : decodeUser(row);
  }

  getUserById(id: string): UserRecord | undefined {
    const row = this.selectUserById.get(id) as UserRow | undefined;
    return row === undefined ? undefined : decodeUser(row);
  }

  listUsers(): UserRecord[] {
    return (this.selectUsers.all() as UserRow[]).map(decodeUser);
  }

  updateUser(id: string, patch: UserPatch): UserRecord | undefined {
    const row = this.updateUserTx.immediate(id, patch);
    return row === undefined ? undefined : decodeUser(row);
  }

  recordLoginFailure(id: string, rule: LoginFailureRule): UserRecord | undefined {
    const until = rule.nowMs + rule.lockMs;
    const row = this.countFailure.get({ max: rule.maxFailures, until, id }) as UserRow | undefined;
    return row === undefined ? undefined : decodeUser(row);
  }

  createToken(t: TokenRecord): void {
    try {
      this.insertToken.run(
        t.id,
        t.name,
        JSON.stringify(t.scopes),
        t.tokenHash,
        t.createdMs,
        t.revokedMs,
        t.lastUsedMs,
      );
    } catch (err) {
      throw asConflict(err, {
        'api_tokens.id': ['id', `${JSON.stringify(t.id)} is taken`],
        'api_tokens.token_hash': ['tokenHash', 'another token has this hash'],
      });
    }
  }

  getToken(id: string): TokenRecord | undefined {
    const row = this.selectTokenById.get(id) as TokenRow | undefined;
    return row === undefined ? undefined : decodeToken(row);
  }

  getTokenByHash(tokenHash: string): TokenRecord | undefined {
    const row = this.selectTokenByHash.get(tokenHash) as TokenRow | undefined;
    return row === undefined ? undefined : decodeToken(row);
  }

  listTokens(): TokenRecord[] {
    return (this.selectTokens.all() as TokenRow[]).map(decodeToken);
  }

  revokeToken(id: string, revokedMs: number): TokenRecord | undefined {
    this.revoke.run(revokedMs, id);
    return this.getToken(id);
  }

  markTokenUsed(id: string, usedMs: number): void {
    this.touch.run(usedMs, id);
  }
}

function decodeUser(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    role: r.role as Role,
    passwordHash: r.password_hash,
    disabled: r.disabled !== 0,
    createdMs: r.created_ms,
    failedLogins: r.failed_logins,
    lockedUntilMs: r.locked_until_ms,
  };
}

function decodeToken(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    name: r.name,
    scopes: JSON.parse(r.scopes) as TokenScope[],
    tokenHash: r.token_hash,
    createdMs: r.created_ms,
    revokedMs: r.revoked_ms,
    lastUsedMs: r.last_used_ms,
  };
}

/**
 * SQLite names the violated index's columns in its message, e.g.
 * `UNIQUE constraint failed: users.username`; anything else passes through.
 */
function asConflict(
  err: unknown,
  fields: Record<string, [field: string, message: string]>,
): unknown {
  const code = (err as { code?: string }).code;
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return err;
  const message = (err as Error).message;
  for (const [column, [field, text]] of Object.entries(fields)) {
    if (message.includes(column)) return new ConflictError(field, text);
  }
  return err;
}
