/**
 * Users and API tokens: the rules (names, roles, password policy, lockout)
 * over the Store, with every change appended to the audit log under the
 * actor the caller names. Secrets pass through here once and are never
 * stored, logged or audited: a password is kept as its scrypt hash
 * (passwords.ts), a token as the SHA-256 of its secret (why at TOKEN_PREFIX).
 *
 * Time comes from `now` (default Date.now), so lockout is tested by moving a
 * clock, not by waiting.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuditDetails } from '../incidents/audit-chain.js';
import { ConflictError } from '../store/conflict-error.js';
import type { Store } from '../store/store.js';
import { AccountError } from './account-error.js';
import type { TokenRecord, TokenView, UserRecord, UserView } from './account-records.js';
import {
  DEFAULT_SCRYPT_PARAMS,
  findPasswordProblem,
  generatePassword,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPasswordHash,
} from './passwords.js';
import { isRole, isTokenScope, type Role, TOKEN_SCOPES, type TokenScope } from './roles.js';

/**
 * Every token starts with this, so a leaked one is recognisable (secret
 * scanners, logs). The rest is 32 random bytes, base64url. Stored as plain
 * SHA-256, not scrypt: a 256-bit random secret cannot be guessed however fast
 * the hash, so a slow KDF would only add cost to every sensor request; and an
 * unsalted hash can be looked up by index, where a salted one could not.
 */
export const TOKEN_PREFIX = 'tl_';
const TOKEN_SECRET_BYTES = 32;
const TOKEN_SECRET = /^tl_[A-Za-z0-9_-]{43}$/;

/** ASCII letters, digits and `._@-`, starting with a letter or digit, at most 64. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const TOKEN_NAME_PATTERN = /^[\x21-\x7e][\x20-\x7e]{0,99}$/;

export interface LockoutPolicy {
  /** Failed logins in a row that lock an account. */
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: Readonly<LockoutPolicy> = Object.freeze({
  maxFailures: 5,
  lockMs: 15 * 60_000,
});

/** A token's `lastUsedMs` is written at most this often: not one write per sensor request. */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

export interface AccountServiceOptions {
  now?: () => number;
  lockout?: LockoutPolicy;
  /** Tests only: cheaper hashing. Production keeps DEFAULT_SCRYPT_PARAMS. */
  scrypt?: ScryptParams;
}

export type LoginFailure = 'unknown_user' | 'wrong_password' | 'disabled' | 'locked';

/**
 * Why a login failed is for the log and the audit, not for the client: the
 * API will answer every failure alike, so that it does not tell which names exist.
 */
export type LoginResult =
  | { ok: true; user: UserView }
  | { ok: false; reason: LoginFailure; lockedUntilMs?: number };

export interface AddUserInput {
  username: string;
  role: Role;
  /** Checked against the policy; omitted: one is generated and returned once. */
  password?: string;
}

export class AccountService {
  private readonly now: () => number;
  private readonly lockout: LockoutPolicy;
  private readonly scrypt: ScryptParams;
  /** Logins to one account run one after another (see verifyPassword). */
  private readonly loginQueues = new Map<string, Promise<unknown>>();
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    opts: AccountServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.lockout = opts.lockout ?? DEFAULT_LOCKOUT;
    this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT_PARAMS;
    if (!(this.lockout.maxFailures >= 1) || !(this.lockout.lockMs >= 0)) {
      throw new TypeError(
        `AccountService: expected lockout.maxFailures >= 1 and lockMs >= 0, got ${JSON.stringify(this.lockout)}`,
      );
    }
  }

  /** The new user, and the password when it was generated (show it once, then forget it). */
  async addUser(
    actor: string,
    input: AddUserInput,
  ): Promise<{ user: UserView; password?: string }> {
    const { username, role } = input;
    if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
      throw new AccountError(
        'invalid',
        'username',
        `expected 1 to 64 ASCII letters, digits or "._@-", starting with a letter or digit, got ${JSON.stringify(username)}`,
      );
    }
    if (!isRole(role)) {
      throw new AccountError(
        'invalid',
        'role',
        `expected admin, analyst, monitor or observer, got ${JSON.stringify(role)}`,
      );
    }
    const generated = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generated!;
    this.checkPassword(password, username);
    const user: UserRecord = {
      id: randomUUID(),
      username,
      role,
      passwordHash: await hashPassword(password, this.scrypt),
      disabled: false,
      createdMs: this.now(),
      failedLogins: 0,
      lockedUntilMs: null,
    };
    try {
      await this.store.createUser(user);
    } catch (err) {
      if (err instanceof ConflictError) {
        throw new AccountError(
          'conflict',
          'username',
          `a user named ${JSON.stringify(username)} exists (names ignore case)`,
        );
      }
      throw err;
    }
    await this.audit(actor, 'user.added', user, {
      role,
      password: generated === undefined ? 'given' : 'generated',
    });
    return generated === undefined
      ? { user: toUserView(user) }
      : { user: toUserView(user), password: generated };
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.store.listUsers()).map(toUserView);
  }

  async getUser(username: string): Promise<UserView | undefined> {
    const u = await this.store.getUser(username);
    return u === undefined ? undefined : toUserView(u);
  }

  /** Refuses to disable the last enabled admin: nobody could manage users after it. */
  async disableUser(actor: string, username: string): Promise<UserView> {
    const u = await this.requireUser(username);
    if (u.disabled) return toUserView(u);
    if (u.role === 'admin') {
      const admins = (await this.store.listUsers()).filter(
        (x) => x.role === 'admin' && !x.disabled,
      );
      if (admins.length <= 1) {
        throw new AccountError(
          'refused',
          'username',
          `${u.username} is the last enabled admin; add another admin first`,
        );
      }
    }
    const changed = await this.update(u, { disabled: true });
    await this.audit(actor, 'user.disabled', changed, {});
    return toUserView(changed);
  }

  async enableUser(actor: string, username: string): Promise<UserView> {
    const u = await this.requireUser(username);
    if (!u.disabled) return toUserView(u);
    const changed = await this.update(u, { disabled: false });
    await this.audit(actor, 'user.enabled', changed, {});
    return toUserView(changed);
  }

  /**
   * A new password (given, or generated and returned once); also clears the
   * failure count and any lockout, which is how an admin unlocks an account.
   */
  async resetPassword(
    actor: string,
    username: string,
    newPassword?: string,
  ): Promise<{ user: UserView; password?: string }> {
    const u = await this.requireUser(username);
    const generated = newPassword === undefined ? generatePassword() : undefined;
    const password = newPassword ?? generated!;
    this.checkPassword(password, u.username);
    const changed = await this.update(u, {
      passwordHash: await hashPassword(password, this.scrypt),
      failedLogins: 0,
      lockedUntilMs: null,
    });
    await this.audit(actor, 'user.password-reset', changed, {
      password: generated === undefined ? 'given' : 'generated',
      wasLocked: u.lockedUntilMs !== null && u.lockedUntilMs > this.now(),
    });
    const user = toUserView(changed);
    return generated === undefined ? { user } : { user, password: generated };
  }

  /**
   * Check a login. Failures are counted in the store (a restart does not
   * forget them); `lockout.maxFailures` in a row lock the account for
   * `lockout.lockMs`, during which even the right password is refused without
   * being checked. Logins to one account are checked one at a time, so a
   * burst of parallel guesses cannot all pass the lock check before the first
   * failure is counted. An unknown name costs the same scrypt as a known one.
   */
  async verifyPassword(username: string, password: string): Promise<LoginResult> {
    const key = username.toLowerCase();
    const previous = this.loginQueues.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.checkLogin(username, password));
    const settled = run.catch(() => {});
    this.loginQueues.set(key, settled);
    void settled.then(() => {
      if (this.loginQueues.get(key) === settled) this.loginQueues.delete(key);
    });
    return run;
  }

  /** The new token and its secret: the secret is not kept and cannot be shown again. */
  async createToken(
    actor: string,
    input: { name: string; scopes: readonly TokenScope[] },
  ): Promise<{ token: TokenView; secret: string }> {
    const { name } = input;
    if (typeof name !== 'string' || !TOKEN_NAME_PATTERN.test(name)) {
      throw new AccountError(
        'invalid',
        'name',
        `expected 1 to 100 printable ASCII characters, got ${JSON.stringify(name)}`,
      );
    }
    const scopes = [...new Set(input.scopes)];
    const bad = scopes.find((s) => !isTokenScope(s));
    if (scopes.length === 0 || bad !== undefined) {
      throw new AccountError(
        'invalid',
        'scopes',
        `expected one or more of ${TOKEN_SCOPES.join(', ')}, got ${JSON.stringify(input.scopes)}`,
      );
    }
    scopes.sort((a, b) => TOKEN_SCOPES.indexOf(a) - TOKEN_SCOPES.indexOf(b));
    const secret = TOKEN_PREFIX + randomBytes(TOKEN_SECRET_BYTES).toString('base64url');
    const record: TokenRecord = {
      id: randomBytes(6).toString('hex'),
      name,
      scopes,
      tokenHash: hashTokenSecret(secret),
      createdMs: this.now(),
      revokedMs: null,
      lastUsedMs: null,
    };
    await this.store.createToken(record);
    await this.store.appendAudit({
      tMs: record.createdMs,
      actor,
      action: 'token.created',
      subjectType: 'token',
      subjectId: record.id,
      details: { name, scopes },
    });
    return { token: toTokenView(record), secret };
  }

  async listTokens(): Promise<TokenView[]> {
    return (await this.store.listTokens()).map(toTokenView);
  }

  /** Revoked at once and for good; revoking again changes nothing and logs nothing. */
  async revokeToken(actor: string, id: string): Promise<TokenView> {
    const before = await this.store.getToken(id);
    if (before === undefined)
      throw new AccountError('not_found', 'id', `no token ${JSON.stringify(id)}`);
    if (before.revokedMs !== null) return toTokenView(before);
    const tMs = this.now();
    const after = (await this.store.revokeToken(id, tMs))!;
    await this.store.appendAudit({
      tMs,
      actor,
      action: 'token.revoked',
      subjectType: 'token',
      subjectId: id,
      details: { name: before.name, scopes: before.scopes },
    });
    return toTokenView(after);
  }

  /**
   * The token a request presents, or undefined for one that is malformed,
   * unknown or revoked. Records the use (at most once a minute per token).
   */
  async authenticateToken(secret: string): Promise<TokenView | undefined> {
    if (typeof secret !== 'string' || !TOKEN_SECRET.test(secret)) return undefined;
    // Looked up by its hash: an index lookup whose timing depends on the
    // hash, which tells an attacker nothing about the secret.
    const t = await this.store.getTokenByHash(hashTokenSecret(secret));
    if (t === undefined || t.revokedMs !== null) return undefined;
    const nowMs = this.now();
    if (t.lastUsedMs === null || nowMs - t.lastUsedMs >= TOKEN_USE_RESOLUTION_MS) {
      await this.store.markTokenUsed(t.id, nowMs);
      return toTokenView({ ...t, lastUsedMs: nowMs });
    }
    return toTokenView(t);
  }

  private async checkLogin(username: string, password: string): Promise<LoginResult> {
    const u = await this.store.getUser(username);
    if (u === undefined) {
      await verifyPasswordHash(password, await this.getDummyHash());
      return { ok: false, reason: 'unknown_user' };
    }
    const nowMs = this.now();
    if (u.lockedUntilMs !== null && u.lockedUntilMs > nowMs) {
      return { ok: false, reason: 'locked', lockedUntilMs: u.lockedUntilMs };
    }
    const match = await verifyPasswordHash(password, u.passwordHash);
    if (u.disabled) return { ok: false, reason: 'disabled' };
    if (!match) {
      const after = await this.store.recordLoginFailure(u.id, { nowMs, ...this.lockout });
      if (
        after?.lockedUntilMs != null &&
        after.lockedUntilMs > nowMs &&
        after.lockedUntilMs !== u.lockedUntilMs
      ) {
        await this.audit('system', 'user.locked', after, {
          failedLogins: this.lockout.maxFailures,
          lockedUntilMs: after.lockedUntilMs,
        });
        return { ok: false, reason: 'locked', lockedUntilMs: after.lockedUntilMs };
      }
      return { ok: false, reason: 'wrong_password' };
    }
    let user = u;
    if (u.failedLogins !== 0 || u.lockedUntilMs !== null) {
      user = await this.update(u, { failedLogins: 0, lockedUntilMs: null });
    }
    if (needsRehash(u.passwordHash, this.scrypt)) {
      // Parameters were raised since this hash was made: the password is at hand, so upgrade it.
      user = await this.update(user, { passwordHash: await hashPassword(password, this.scrypt) });
      await this.audit('system', 'user.password-rehashed', user, {});
    }
    return { ok: true, user: toUserView(user) };
  }

  private checkPassword(password: string, username: string): void {
    const problem =
      typeof password === 'string' ? findPasswordProblem(password, username) : 'expected a string';
    if (problem !== undefined) throw new AccountError('invalid', 'password', problem);
  }

  private async requireUser(username: string): Promise<UserRecord> {
    const u = await this.store.getUser(username);
    if (u === undefined)
      throw new AccountError('not_found', 'username', `no user ${JSON.stringify(username)}`);
    return u;
  }

  private async update(
    u: UserRecord,
    patch: Parameters<Store['updateUser']>[1],
  ): Promise<UserRecord> {
    const changed = await this.store.updateUser(u.id, patch);
    if (changed === undefined)
      throw new AccountError('not_found', 'username', `no user ${JSON.stringify(u.username)}`);
    return changed;
  }

  /** Details carry names and roles, never a password, hash or secret. */
  private async audit(
    actor: string,
    action: string,
    u: UserRecord,
    more: AuditDetails,
  ): Promise<void> {
    await this.store.appendAudit({
      tMs: this.now(),
      actor,
      action,
      subjectType: 'user',
      subjectId: u.id,
      details: { username: u.username, role: u.role, ...more },
    });
  }

  /** A hash of nothing anyone knows, for unknown names to be checked against. */
  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword(generatePassword(), this.scrypt);
    return this.dummyHash;
  }
}

/** SHA-256 (lowercase hex) of the whole secret, prefix included. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function toUserView(u: UserRecord): UserView {
  const { passwordHash: _hash, ...view } = u;
  return view;
}

export function toTokenView(t: TokenRecord): TokenView {
  const { tokenHash: _hash, ...view } = t;
  return view;
}
