/**
 * Schema migrations, keyed by `PRAGMA user_version`.
 *
 * `MIGRATIONS[i]` takes the database from version i to version i + 1. Steps
 * are only ever appended: a released step is never edited, because databases
 * in the field already ran it. Each step runs in its own transaction together
 * with the `user_version` bump, so a crash mid-migration leaves the previous
 * version intact and the next open simply retries.
 *
 * The observation layout (append-only table, per-track chunks, time chunks) is
 * explained at the top of observation-log.ts.
 */
import type { Database } from 'better-sqlite3';
import { FIELD_REPORT_MIGRATION } from './field-report-table.js';
import { INCIDENT_MIGRATION } from './incident-table.js';
import { INGEST_BATCH_MIGRATION } from './ingest-batch-table.js';
import { PUBLISHED_REPORT_MIGRATION } from './published-report-table.js';
import { SESSION_MIGRATION } from './session-table.js';

export interface Migration {
  /** What the step does, shown in errors. */
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description:
      'observations log, key dictionaries, chunk indexes, tracks, detections, agreements',
    sql: `
      CREATE TABLE track_keys (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE
      );
      CREATE TABLE source_keys (
        key INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );

      -- Append-only, rowid in arrival order, deliberately no secondary index.
      CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        t_ms INTEGER NOT NULL,
        track INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        source INTEGER NOT NULL,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        alt_ft REAL,
        speed_kn REAL,
        course_deg REAL,
        heading_deg REAL,
        status TEXT,
        squawk TEXT,
        name TEXT,
        callsign TEXT
      );

      -- One row per track per index flush: that track's rowids, packed.
      CREATE TABLE obs_track_chunks (
        track INTEGER NOT NULL,
        t_min INTEGER NOT NULL,
        t_max INTEGER NOT NULL,
        first_rowid INTEGER NOT NULL,
        n INTEGER NOT NULL,
        rowids BLOB NOT NULL,
        PRIMARY KEY (track, t_min, first_rowid)
      ) WITHOUT ROWID;

      -- Contiguous rowid ranges with the time span they cover.
      CREATE TABLE obs_time_chunks (
        first_rowid INTEGER PRIMARY KEY,
        last_rowid INTEGER NOT NULL,
        t_min INTEGER NOT NULL,
        t_max INTEGER NOT NULL
      );
      CREATE INDEX obs_time_chunks_t_min ON obs_time_chunks (t_min);

      -- Small named integers: the index watermark and the widest chunk spans.
      CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE tracks (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        last_t_ms INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX tracks_last_t_ms ON tracks (last_t_ms);

      -- Rare rows: ordinary indexes are fine here. Each ends in (t_ms, id) so
      -- that the newest-first keyset page is an index range scan.
      CREATE TABLE detections (
        id TEXT PRIMARY KEY,
        t_ms INTEGER NOT NULL,
        track_id TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        type TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX detections_t_ms ON detections (t_ms, id);
      CREATE INDEX detections_zone ON detections (zone_id, t_ms, id);
      CREATE INDEX detections_rule ON detections (rule_id, t_ms, id);
      CREATE INDEX detections_track ON detections (track_id, t_ms, id);

      CREATE TABLE agreements (
        id TEXT PRIMARY KEY,
        saved_seq INTEGER NOT NULL,
        json TEXT NOT NULL
      );
    `,
  },
  {
    description: 'audit log (hash chain, append-only)',
    sql: `
      -- One row per audit entry (src/incidents/audit-chain.ts); seq is the
      -- rowid, given by the store as head + 1, never reused. details is the
      -- canonical JSON that was hashed. docs/audit.md reads this table.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        t_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );

      -- A guard against mistakes, not against an insider: whoever can write
      -- the file can drop these. The hash chain is what finds that.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    description: 'users and API tokens',
    sql: `
      -- src/accounts/account-records.ts; docs/accounts.md. User names are
      -- ASCII (the account service refuses others), so NOCASE, which folds
      -- ASCII only, makes them unique regardless of case. No CHECK on role:
      -- a new role must not need a table rebuild.
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until_ms INTEGER
      );
      CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);

      -- token_hash: SHA-256 hex of the secret, looked up on every use.
      -- scopes: a JSON array of scope names.
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL,
        revoked_ms INTEGER,
        last_used_ms INTEGER
      );
    `,
  },
  // From here on each step lives beside the table code that uses it.
  SESSION_MIGRATION,
  FIELD_REPORT_MIGRATION,
  INCIDENT_MIGRATION,
  PUBLISHED_REPORT_MIGRATION,
  INGEST_BATCH_MIGRATION,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring the schema to SCHEMA_VERSION; returns how many steps ran. */
export function migrateSchema(db: Database): number {
  const from = readUserVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `database schema is version ${from}, this build knows up to ${SCHEMA_VERSION}: ` +
        'it was written by a newer Truceline; upgrade rather than open it with this one',
    );
  }
  let ran = 0;
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v]!;
    const run = db.transaction(() => {
      // Another connection may have migrated while we waited for the lock.
      if (readUserVersion(db) !== v) return 0;
      db.exec(step.sql);
      // user_version cannot be bound as a parameter; v + 1 is our own integer.
      db.pragma(`user_version = ${v + 1}`);
      return 1;
    });
    try {
      ran += run.immediate();
    } catch (err) {
      throw new Error(`schema migration ${v} -> ${v + 1} (${step.description}) failed`, {
        cause: err,
      });
    }
  }
  return ran;
}

export function readUserVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
