/**
 * Login sessions: what a successful login starts, what each request with the
 * session cookie is checked against, and what logout ends.
 *
 * The browser holds a random 32-byte secret (the cookie); the store holds
 * only its SHA-256, so a copy of the database does not let anyone in. Each
 * request re-reads the user: a session ends as soon as its user is disabled
 * or their password is reset (the session remembers a stamp of the password
 * hash it began under), not at its next expiry.
 *
 * Two lifetimes (docs/accounts.md): idle (ends unless used) and absolute
 * (ends however much it is used). Use moves the idle expiry on, written at
 * most once per `renewEveryMs` so that a page polling the API does not write
 * on every request. Time comes from `now`, so expiry is tested by moving a
 * clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord } from '../store/session-store.js';
import type { Store } from '../store/store.js';
import type { UserRecord, UserView } from './account-records.js';
import { toUserView } from './account-service.js';

export interface SessionPolicy {
  /** A session not used for this long ends. */
  idleMs: number;
  /** A session ends this long after login, however much it is used. */
  absoluteMs: number;
  /** The idle expiry is written at most this often per session. */
  renewEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: Readonly<SessionPolicy> = Object.freeze({
  idleMs: 12 * 3600_000,
  absoluteMs: 7 * 24 * 3600_000,
  renewEveryMs: 60_000,
});

const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A session in force, with its user as they are now. */
export interface ActiveSession {
  session: SessionRecord;
  user: UserView;
}

/** Why a presented session is not in force: for the log, never for the client. */
export type SessionEnd =
  | 'malformed'
  | 'unknown'
  | 'idle'
  | 'expired'
  | 'user_gone'
  | 'user_disabled'
  | 'password_changed';

export type SessionCheck = { ok: true; active: ActiveSession } | { ok: false; reason: SessionEnd };

export interface SessionServiceOptions {
  now?: () => number;
  policy?: Partial<SessionPolicy>;
}

export class SessionService {
  readonly policy: Readonly<SessionPolicy>;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    opts: SessionServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.policy = { ...DEFAULT_SESSION_POLICY, ...opts.policy };
    const { idleMs, absoluteMs, renewEveryMs } = this.policy;
    if (!(idleMs > 0 && absoluteMs > 0 && renewEveryMs >= 0 && renewEveryMs < idleMs)) {
      throw new TypeError(
        `SessionService: expected idleMs > 0, absoluteMs > 0 and 0 <= renewEveryMs < idleMs, got ${JSON.stringify(this.policy)}`,
      );
    }
  }

  /**
   * A new session for a user who has just proved their password. The secret
   * is returned once, for the cookie. Sessions already expired are swept
   * here, so the table does not grow with abandoned logins.
   */
  async startSession(user: UserView): Promise<{ secret: string; session: SessionRecord }> {
    const record = await this.store.getUserById(user.id);
    if (record === undefined) throw new Error(`startSession: no user ${user.id}`);
    const nowMs = this.now();
    await this.store.sessions.deleteExpiredSessions(nowMs);
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    const session: SessionRecord = {
      id: randomBytes(8).toString('hex'),
      secretHash: hashSessionSecret(secret),
      userId: record.id,
      csrfToken: randomBytes(SECRET_BYTES).toString('base64url'),
      passwordStamp: stampPassword(record),
      createdMs: nowMs,
      lastSeenMs: nowMs,
      idleExpiresMs: nowMs + this.policy.idleMs,
      expiresMs: nowMs + this.policy.absoluteMs,
    };
    await this.store.sessions.createSession(session);
    return { secret, session };
  }

  /**
   * The session a cookie's secret names, if it is still in force; a session
   * found ended is deleted. Use moves its idle expiry on.
   */
  async checkSession(secret: string): Promise<SessionCheck> {
    if (!SECRET_PATTERN.test(secret)) return { ok: false, reason: 'malformed' };
    const session = await this.store.sessions.getSessionBySecretHash(hashSessionSecret(secret));
    if (session === undefined) return { ok: false, reason: 'unknown' };
    const nowMs = this.now();
    const user = await this.findEnd(session, nowMs);
    if (typeof user === 'string') {
      await this.store.sessions.deleteSession(session.id);
      return { ok: false, reason: user };
    }
    if (nowMs - session.lastSeenMs >= this.policy.renewEveryMs) {
      const idleExpiresMs = Math.min(nowMs + this.policy.idleMs, session.expiresMs);
      await this.store.sessions.touchSession(session.id, nowMs, idleExpiresMs);
      return {
        ok: true,
        active: { session: { ...session, lastSeenMs: nowMs, idleExpiresMs }, user },
      };
    }
    return { ok: true, active: { session, user } };
  }

  /** Logout. True if the session existed. */
  endSession(sessionId: string): Promise<boolean> {
    return this.store.sessions.deleteSession(sessionId);
  }

  /** When the session ends unless used again: the earlier of its two expiries. */
  static expiresMs(session: SessionRecord): number {
    return Math.min(session.idleExpiresMs, session.expiresMs);
  }

  /** Why the session is over, or its user when it is not. */
  private async findEnd(session: SessionRecord, nowMs: number): Promise<SessionEnd | UserView> {
    if (session.expiresMs <= nowMs) return 'expired';
    if (session.idleExpiresMs <= nowMs) return 'idle';
    const user = await this.store.getUserById(session.userId);
    if (user === undefined) return 'user_gone';
    if (user.disabled) return 'user_disabled';
    if (stampPassword(user) !== session.passwordStamp) return 'password_changed';
    return toUserView(user);
  }
}

/** SHA-256 (lowercase hex) of a cookie's secret: what the sessions table keys on. */
export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * A fingerprint of the password hash, so that a session knows the password
 * it began under without the table holding a second copy of the hash. Any
 * new hash (reset, or the rehash after scrypt parameters are raised) ends
 * the sessions begun before it.
 */
function stampPassword(user: UserRecord): string {
  return createHash('sha256').update(user.passwordHash, 'utf8').digest('base64url');
}
