/**
 * Login sessions (src/accounts/session-service.ts): one row per logged-in
 * browser. The store keeps what it is given; lifetimes and the checks made on
 * each request are the session service's job.
 */

export interface SessionRecord {
  /** Random hex, not secret: named in logs and on the principal. */
  id: string;
  /** SHA-256 (lowercase hex) of the cookie's secret; the secret itself is never stored. */
  secretHash: string;
  userId: string;
  /** Sent back by the browser as `x-csrf-token` on every state-changing request. */
  csrfToken: string;
  /**
   * SHA-256 of the user's password hash when the session began: a reset
   * password changes it, which ends every session begun before.
   */
  passwordStamp: string;
  createdMs: number;
  lastSeenMs: number;
  /** Ends unless used again before this (UTC ms); moved on by use. */
  idleExpiresMs: number;
  /** Ends at this time however much it is used (UTC ms). */
  expiresMs: number;
}

export interface SessionStore {
  /** Throws if the id or the secret hash is taken (both are random: a bug, not a conflict). */
  createSession(session: SessionRecord): Promise<void>;
  getSessionBySecretHash(secretHash: string): Promise<SessionRecord | undefined>;
  /** Record use: move `lastSeenMs` and the idle expiry on. */
  touchSession(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<void>;
  /** True if there was such a session. */
  deleteSession(id: string): Promise<boolean>;
  /** Ends every session of a user; how many there were. */
  deleteUserSessions(userId: string): Promise<number>;
  /** Drops sessions past either expiry at `nowMs`; how many. */
  deleteExpiredSessions(nowMs: number): Promise<number>;
  /** Sessions not yet expired at `nowMs`, for a user (newest first). */
  listUserSessions(userId: string, nowMs: number): Promise<SessionRecord[]>;
}
