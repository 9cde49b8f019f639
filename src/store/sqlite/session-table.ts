/**
 * Login sessions in the `sessions` table (migration 4). Logins and logouts
 * are not audit-chain events (docs/accounts.md: they change no incident,
 * agreement, user or token), so nothing here appends to the audit log.
 *
 * Looked up by the SHA-256 of the cookie's secret on every request: a unique
 * index makes that one B-tree probe.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SessionRecord, SessionStore } from '../session-store.js';
import type { AuditTable } from './audit-table.js';
import type { Migration } from './schema.js';

export const SESSION_MIGRATION: Migration = {
  description: 'sessions',
  sql: `
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      secret_hash TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES users(id),
      csrf_token TEXT NOT NULL,
      password_stamp TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      idle_expires_ms INTEGER NOT NULL,
      expires_ms INTEGER NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);
  `,
};

interface SessionRow {
  id: string;
  secret_hash: string;
  user_id: string;
  csrf_token: string;
  password_stamp: string;
  created_ms: number;
  last_seen_ms: number;
  idle_expires_ms: number;
  expires_ms: number;
}

const COLUMNS =
  'id, secret_hash, user_id, csrf_token, password_stamp, created_ms, last_seen_ms, idle_expires_ms, expires_ms';

export class SessionTable implements SessionStore {
  private readonly insert: Statement<unknown[]>;
  private readonly selectBySecret: Statement<[string]>;
  private readonly selectByUser: Statement<[string, number, number]>;
  private readonly touch: Statement<[number, number, string]>;
  private readonly deleteById: Statement<[string]>;
  private readonly deleteByUser: Statement<[string]>;
  private readonly deleteExpired: Statement<[number, number]>;

  constructor(
    readonly db: Database,
    readonly audit: AuditTable,
  ) {
    this.insert = db.prepare(
      `INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectBySecret = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE secret_hash = ?`);
    this.selectByUser = db.prepare(
      `SELECT ${COLUMNS} FROM sessions WHERE user_id = ? AND idle_expires_ms > ? AND expires_ms > ?
       ORDER BY created_ms DESC, id`,
    );
    this.touch = db.prepare(
      'UPDATE sessions SET last_seen_ms = ?, idle_expires_ms = ? WHERE id = ?',
    );
    this.deleteById = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.deleteByUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
    this.deleteExpired = db.prepare(
      'DELETE FROM sessions WHERE idle_expires_ms <= ? OR expires_ms <= ?',
    );
  }

  async createSession(s: SessionRecord): Promise<void> {
    this.insert.run(
      s.id,
      s.secretHash,
      s.userId,
      s.csrfToken,
      s.passwordStamp,
      s.createdMs,
      s.lastSeenMs,
      s.idleExpiresMs,
      s.expiresMs,
    );
  }

  async getSessionBySecretHash(secretHash: string): Promise<SessionRecord | undefined> {
    const row = this.selectBySecret.get(secretHash) as SessionRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  async touchSession(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<void> {
    this.touch.run(lastSeenMs, idleExpiresMs, id);
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.deleteById.run(id).changes > 0;
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return this.deleteByUser.run(userId).changes;
  }

  async deleteExpiredSessions(nowMs: number): Promise<number> {
    return this.deleteExpired.run(nowMs, nowMs).changes;
  }

  async listUserSessions(userId: string, nowMs: number): Promise<SessionRecord[]> {
    return (this.selectByUser.all(userId, nowMs, nowMs) as SessionRow[]).map(toRecord);
  }
}

function toRecord(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    secretHash: r.secret_hash,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    passwordStamp: r.password_stamp,
    createdMs: r.created_ms,
    lastSeenMs: r.last_seen_ms,
    idleExpiresMs: r.idle_expires_ms,
    expiresMs: r.expires_ms,
  };
}
