/**
 * The Store: the one interface through which every part reaches persistence
 * (DESIGN.md). SQLite is the embedded default (`./sqlite`); PostgreSQL comes
 * later behind the same interface and the same contract tests.
 *
 * All methods are async so that a networked store fits the same shape; the
 * SQLite implementation does its work synchronously inside them.
 */
import type {
  LoginFailureRule,
  TokenRecord,
  UserPatch,
  UserRecord,
} from '../accounts/account-records.js';
import type {
  Agreement,
  Detection,
  Observation,
  Track,
  TrackId,
  TrackKind,
} from '../core/types.js';
import type { AuditEntry, AuditHead, NewAuditEntry } from '../incidents/audit-chain.js';
import type { FieldReportStore } from './field-report-store.js';
import type { IncidentStore } from './incident-store.js';
import type { AppendObservationsOptions, IngestBatchStore } from './ingest-batch-store.js';
import type { PublishedReportStore } from './published-report-store.js';
import type { SessionStore } from './session-store.js';

export interface ObservationQuery {
  trackId?: TrackId;
  /** Inclusive lower bound on observation time. */
  fromMs?: number;
  /** Inclusive upper bound on observation time. */
  toMs?: number;
  /** At most this many, oldest first. Default 10 000. */
  limit?: number;
}

export interface DetectionQuery {
  fromMs?: number;
  toMs?: number;
  zoneId?: string;
  ruleId?: string;
  trackId?: TrackId;
  /** Page size, default 100, at most 1000. */
  limit?: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
}

/** Newest first; `next` is the cursor of the following (older) page, or null. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface TrackQuery {
  kind?: TrackKind;
  /** Only tracks whose last observation is at or after this time. */
  sinceMs?: number;
}

export interface AuditQuery {
  /** Only entries with a greater seq (default 0: from the first). */
  afterSeq?: number;
  /** At most this many, default 100, at most 1000. */
  limit?: number;
}

export interface StoreStats {
  observations: number;
  tracks: number;
  detections: number;
}

export interface Store {
  /**
   * Persist observations. Batches from concurrent callers are committed
   * together (group commit); the promise resolves once the batch is durable
   * against a crash of the process, and only then may a source be told so.
   * A `batchRecord` commits in the same transaction (ingest-batch-store.ts).
   */
  appendObservations(
    batch: readonly Observation[],
    opts?: AppendObservationsOptions,
  ): Promise<void>;
  /** Observations oldest first, by track and/or time range. */
  queryObservations(q: ObservationQuery): Promise<Observation[]>;
  /** Time of the newest stored observation, if any. */
  latestObservationTimeMs(): Promise<number | undefined>;

  /** Insert or replace the latest state of these tracks. */
  upsertTracks(tracks: readonly Track[]): Promise<void>;
  /** Tracks ordered by id. */
  listTracks(q?: TrackQuery): Promise<Track[]>;
  getTrack(id: TrackId): Promise<Track | undefined>;

  /** Idempotent by detection id: storing the same detection twice keeps one. */
  appendDetections(detections: readonly Detection[]): Promise<void>;
  queryDetections(q: DetectionQuery): Promise<Page<Detection>>;

  /** Insert or replace an agreement (all its versions) by id. */
  saveAgreement(agreement: Agreement): Promise<void>;
  /** The agreement with this id, or the most recently saved one. */
  loadAgreement(id?: string): Promise<Agreement | undefined>;

  /**
   * Append to the audit log (src/incidents/audit-chain.ts): the store gives
   * the entry the next seq and chains it to the newest entry, reading that
   * head and writing the row in one transaction, so that appends from
   * concurrent callers (or processes) cannot fork the chain. Throws a
   * TypeError for an entry that cannot be logged (a fraction in `details`).
   */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Audit entries oldest first (by seq), as stored: a reader verifies them. */
  listAudit(q?: AuditQuery): Promise<AuditEntry[]>;
  /** The newest audit entry's seq and hash; `{ seq: 0, hash: GENESIS_HASH }` when empty. */
  auditHead(): Promise<AuditHead>;

  // Users and API tokens (src/accounts/account-records.ts). The store keeps
  // what it is given: names, roles and policies are the account service's job
  // (src/accounts/account-service.ts), which also audits every change.

  /** Throws a ConflictError (field `username` or `id`) if the name is taken in any case, or the id. */
  createUser(user: UserRecord): Promise<void>;
  /** By user name, in any case: `getUser('ALICE')` finds `alice`. */
  getUser(username: string): Promise<UserRecord | undefined>;
  getUserById(id: string): Promise<UserRecord | undefined>;
  /** Every user, by user name regardless of case. */
  listUsers(): Promise<UserRecord[]>;
  /** Change these fields; the user as it now is, or undefined if there is no such id. */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord | undefined>;
  /**
   * Count one failed login, atomically (concurrent failures are all
   * counted): `failedLogins + 1`, and when that reaches `maxFailures`,
   * `lockedUntilMs = nowMs + lockMs` and `failedLogins = 0`. The user as it
   * now is, or undefined if there is no such id.
   */
  recordLoginFailure(id: string, rule: LoginFailureRule): Promise<UserRecord | undefined>;

  /** Throws a ConflictError (field `id` or `tokenHash`) if either is taken. */
  createToken(token: TokenRecord): Promise<void>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  /** The token whose secret hashes to this (revoked or not). */
  getTokenByHash(tokenHash: string): Promise<TokenRecord | undefined>;
  /** Every token, oldest first. */
  listTokens(): Promise<TokenRecord[]>;
  /** Set `revokedMs` unless already revoked (the first time stays); undefined if no such id. */
  revokeToken(id: string, revokedMs: number): Promise<TokenRecord | undefined>;
  /** Set `lastUsedMs`. */
  markTokenUsed(id: string, usedMs: number): Promise<void>;

  // Each part of issue 6 keeps its tables behind its own interface. Changes
  // that must be audited append their audit entry in the same transaction.

  /** Login sessions. */
  readonly sessions: SessionStore;
  /** Field reports and their attachments. */
  readonly fieldReports: FieldReportStore;
  /** Incidents and their history. */
  readonly incidents: IncidentStore;
  /** Published, signed reports. */
  readonly publishedReports: PublishedReportStore;
  /** Records of ingest batches sent with a batchId (idempotent POST /api/observations). */
  readonly ingestBatches: IngestBatchStore;

  stats(): Promise<StoreStats>;
  /** Flush what is pending and close. */
  close(): Promise<void>;
}
