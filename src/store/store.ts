/**
 * The Store: the one interface through which every part reaches persistence
 * (DESIGN.md). SQLite is the embedded default (`./sqlite`); PostgreSQL comes
 * later behind the same interface and the same contract tests.
 *
 * All methods are async so that a networked store fits the same shape; the
 * SQLite implementation does its work synchronously inside them.
 */
import type {
  Agreement,
  Detection,
  Observation,
  Track,
  TrackId,
  TrackKind,
} from '../core/types.js';
import type { AuditEntry, AuditHead, NewAuditEntry } from '../incidents/audit-chain.js';

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
   */
  appendObservations(batch: readonly Observation[]): Promise<void>;
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

  stats(): Promise<StoreStats>;
  /** Flush what is pending and close. */
  close(): Promise<void>;
}
