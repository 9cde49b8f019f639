/**
 * Users, API tokens and the audit log on the wire (docs/accounts.md, "Managing
 * users and tokens in the web app"): what the admin page and integrators send
 * and get back. Users and tokens travel as the account service's views, which
 * never hold a hash; a generated password or a token's secret appears once, in
 * the answer that made it, and nowhere else.
 */
import type { TokenView, UserView } from '../accounts/account-records.js';
import type { Role, TokenScope } from '../accounts/roles.js';
import type { AuditChainResult, AuditEntry, AuditHead } from '../incidents/audit-chain.js';

export type { AccountErrorCode } from '../accounts/account-error.js';
export type { TokenView, UserView } from '../accounts/account-records.js';
// roles.ts imports nothing, so these constants run in the browser too.
export { ROLES, type Role, TOKEN_SCOPES, type TokenScope } from '../accounts/roles.js';
export type {
  AuditBreak,
  AuditBreakKind,
  AuditChainResult,
  AuditEntry,
  AuditHead,
} from '../incidents/audit-chain.js';

/** GET /api/users: every user, by name regardless of case. */
export interface UsersBody {
  users: UserView[];
}

/** POST /api/users. Without `password`, one is generated and answered once. */
export interface NewUserRequest {
  username: string;
  role: Role;
  password?: string;
}

/** POST /api/users/:username/reset. Without `password`, one is generated and answered once. */
export interface ResetPasswordRequest {
  password?: string;
}

/**
 * POST /api/users (201), /disable, /enable, /reset: the user as they now are;
 * `password` only when the server generated it (shown once, not kept).
 */
export interface UserBody {
  user: UserView;
  password?: string;
}

/** GET /api/tokens: every token, revoked ones included, oldest first. */
export interface TokensBody {
  tokens: TokenView[];
}

/** POST /api/tokens. */
export interface NewTokenRequest {
  name: string;
  scopes: TokenScope[];
}

/** POST /api/tokens (201): the token and its secret, which cannot be shown again. */
export interface NewTokenBody {
  token: TokenView;
  secret: string;
}

/** POST /api/tokens/:id/revoke. */
export interface TokenBody {
  token: TokenView;
}

/**
 * GET /api/audit?after=SEQ&limit=N: at most N entries (default 100, at most
 * 1000) with a greater seq, oldest first, exactly as stored (a reader can hash
 * them again); without `after`, the newest N. `head` is the log's newest entry.
 */
export interface AuditPageBody {
  entries: AuditEntry[];
  head: AuditHead;
}

/** GET /api/audit/verify: what `truceline audit verify` finds, the whole chain walked. */
export type AuditVerifyBody = AuditChainResult;
