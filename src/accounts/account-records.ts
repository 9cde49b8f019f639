/**
 * Users and API tokens as the Store holds them (src/store/store.ts). Hashes
 * live only here and in the store: what leaves the account service is a view
 * without them (`UserView`, `TokenView`).
 */
import type { Role, TokenScope } from './roles.js';

export interface UserRecord {
  /** Random UUID, stable: audit entries name users by it. */
  id: string;
  /** As given at creation; unique regardless of case (`Alice` and `alice` are one name). */
  username: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (passwords.ts). */
  passwordHash: string;
  disabled: boolean;
  createdMs: number;
  /** Failed logins since the last successful one or the last lockout. */
  failedLogins: number;
  /** Logins are refused until this time (UTC ms); null when never locked. A past time means unlocked. */
  lockedUntilMs: number | null;
}

/** What `Store.updateUser` may change. */
export type UserPatch = Partial<
  Pick<UserRecord, 'role' | 'passwordHash' | 'disabled' | 'failedLogins' | 'lockedUntilMs'>
>;

/** How `Store.recordLoginFailure` counts a failure. */
export interface LoginFailureRule {
  nowMs: number;
  /** At this many failures in a row the user is locked, and the count starts again. */
  maxFailures: number;
  lockMs: number;
}

export interface TokenRecord {
  /** Short random hex id, shown in listings and used to revoke. Not the secret. */
  id: string;
  /** What the token is for, e.g. `ais-receiver-north`. */
  name: string;
  scopes: TokenScope[];
  /** SHA-256 (lowercase hex) of the whole secret, `tl_…`. */
  tokenHash: string;
  createdMs: number;
  revokedMs: number | null;
  lastUsedMs: number | null;
}

export type UserView = Omit<UserRecord, 'passwordHash'>;
export type TokenView = Omit<TokenRecord, 'tokenHash'>;
