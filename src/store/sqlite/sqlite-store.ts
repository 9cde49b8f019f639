/**
 * The embedded Store: one SQLite file, `<dir>/truceline.db`, through
 * better-sqlite3.
 *
 * better-sqlite3 is synchronous, so each method does its work inside the call
 * and the promise only carries the result, except `appendObservations`, which
 * waits for its group commit (group-commit.ts). One process owns the file's
 * observation log: its unindexed tail is indexed in that process's memory
 * (observation-log.ts explains the layout, observation-log-owner.ts runs it).
 *
 * Other processes open the same file with `observationLog: false`: the offline
 * tools (`truceline user`, `token`, `audit`) beside a running `serve`. Every
 * other table is safe to share, because each write is one statement or an
 * IMMEDIATE transaction (the audit append reads the chain head under the write
 * lock) and busy_timeout makes a writer wait for the other's commit
 * (pragmas.ts).
 *
 * Durability is WAL + `synchronous=NORMAL` (pragmas.ts): what a resolved
 * promise acknowledged survives kill -9 of the process; a power cut can lose
 * the last commits before it.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  LoginFailureRule,
  TokenRecord,
  UserPatch,
  UserRecord,
} from '../../accounts/account-records.js';
import type { Agreement, Detection, Observation, Track, TrackId } from '../../core/types.js';
import type { AuditEntry, AuditHead, NewAuditEntry } from '../../incidents/audit-chain.js';
import type { AppendObservationsOptions } from '../ingest-batch-store.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type {
  AuditQuery,
  DetectionQuery,
  ObservationQuery,
  Page,
  Store,
  StoreStats,
  TrackQuery,
} from '../store.js';
import { AccountTables } from './account-tables.js';
import { AgreementTable } from './agreement-table.js';
import { AuditTable } from './audit-table.js';
import { DetectionTable } from './detection-table.js';
import { FieldReportTable } from './field-report-table.js';
import { IncidentTable } from './incident-table.js';
import { DEFAULT_INGEST_BATCH_RETENTION_MS, IngestBatchTable } from './ingest-batch-table.js';
import { findObservationProblem } from './observation-codec.js';
import type { ObservationIndexState } from './observation-log.js';
import { ObservationLogOwner } from './observation-log-owner.js';
import { applyStorePragmas } from './pragmas.js';
import { PublishedReportTable } from './published-report-table.js';
import { migrateSchema } from './schema.js';
import { SessionTable } from './session-table.js';
import { TrackTable } from './track-table.js';

export const DB_FILE_NAME = 'truceline.db';
export const DEFAULT_INDEX_FLUSH_INTERVAL_MS = 30_000;
export const DEFAULT_INDEX_FLUSH_MAX_ROWS = 250_000;

export interface SqliteStoreOptions {
  /** Directory for `truceline.db`; created if missing. */
  dir?: string;
  /** Exact database file path instead of `dir` (its directory is created if missing). */
  file?: string;
  /** A private in-memory database (tests, demos); nothing survives close. */
  memory?: boolean;
  /** How long appends wait for company before committing; 0 = the same event-loop turn. */
  commitWindowMs?: number;
  /** Wall time between observation index flushes. */
  indexFlushIntervalMs?: number;
  /** Flush the observation index at the latest after this many unindexed rows. */
  indexFlushMaxRows?: number;
  /**
   * How long an ingest batch record is kept (default 7 days): each commit
   * carrying one drops those received longer than this before it.
   */
  ingestBatchRetentionMs?: number;
  /**
   * Default true: this process owns the observation log (what `serve` needs).
   * False opens everything else (accounts, sessions, audit log, incidents,
   * tracks, detections, agreements) beside a process that owns it, such as the
   * offline CLI tools next to a running `serve`: no observation tail is read,
   * no index flush timer runs and nothing is flushed at close, so the owner's
   * index never gets a second copy of its tail. Then appendObservations,
   * queryObservations, latestObservationTimeMs, flushObservationIndex and
   * observationIndexState throw an Error naming this mode; stats() counts
   * observations with one read (rowids are dense from 1), which is safe.
   */
  observationLog?: boolean;
}

export interface SqliteStore extends Store {
  /** The database file, or `:memory:`. */
  readonly file: string;
  /**
   * Index the observation tail now (normally done on a timer, by row count and
   * on close). This and observationIndexState throw with `observationLog: false`.
   */
  flushObservationIndex(): number;
  observationIndexState(): ObservationIndexState;
  /**
   * Test only: drop the store as kill -9 would, without the close-time commit
   * of pending batches or the index flush. Pending appends are rejected.
   */
  abandonForTest(): void;
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  return new SqliteBackedStore(resolveDatabaseFile(opts), opts);
}

function resolveDatabaseFile(opts: SqliteStoreOptions): string {
  const given = [opts.dir !== undefined, opts.file !== undefined, opts.memory === true];
  if (given.filter(Boolean).length !== 1) {
    throw new TypeError(
      `openSqliteStore: expected exactly one of dir, file or memory: true, got ${JSON.stringify({
        dir: opts.dir,
        file: opts.file,
        memory: opts.memory,
      })}`,
    );
  }
  if (opts.memory === true) return ':memory:';
  const file = opts.file ?? join(opts.dir!, DB_FILE_NAME);
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

function readNumberOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (!(value >= min) || !Number.isFinite(value)) {
    throw new TypeError(`openSqliteStore: expected ${name} >= ${min}, got ${value}`);
  }
  return value;
}

class SqliteBackedStore implements SqliteStore {
  readonly file: string;
  private readonly db: Database.Database;
  /** Undefined when opened with `observationLog: false`. */
  private readonly log: ObservationLogOwner | undefined;
  private readonly tracks: TrackTable;
  private readonly detections: DetectionTable;
  private readonly agreements: AgreementTable;
  private readonly audit: AuditTable;
  private readonly accounts: AccountTables;
  readonly sessions: SessionTable;
  readonly fieldReports: FieldReportTable;
  readonly incidents: IncidentTable;
  readonly publishedReports: PublishedReportTable;
  readonly ingestBatches: IngestBatchTable;
  private readonly countObservations: () => number;
  private closed = false;

  constructor(file: string, opts: SqliteStoreOptions) {
    this.file = file;
    const logOpts = {
      commitWindowMs: readNumberOption('commitWindowMs', opts.commitWindowMs, 0, 0),
      indexFlushIntervalMs: readNumberOption(
        'indexFlushIntervalMs',
        opts.indexFlushIntervalMs,
        DEFAULT_INDEX_FLUSH_INTERVAL_MS,
        1,
      ),
      indexFlushMaxRows: readNumberOption(
        'indexFlushMaxRows',
        opts.indexFlushMaxRows,
        DEFAULT_INDEX_FLUSH_MAX_ROWS,
        1,
      ),
    };
    if (opts.observationLog !== undefined && typeof opts.observationLog !== 'boolean') {
      throw new TypeError(
        `openSqliteStore: expected observationLog true or false, got ${JSON.stringify(opts.observationLog)}`,
      );
    }

    const retentionMs = readNumberOption(
      'ingestBatchRetentionMs',
      opts.ingestBatchRetentionMs,
      DEFAULT_INGEST_BATCH_RETENTION_MS,
      1,
    );

    this.db = new Database(file);
    try {
      applyStorePragmas(this.db);
      // Safe beside a running owner: each step takes the write lock and re-checks the version.
      migrateSchema(this.db);
      this.ingestBatches = new IngestBatchTable(this.db, retentionMs);
      this.log =
        opts.observationLog === false
          ? undefined
          : new ObservationLogOwner(this.db, this.ingestBatches, logOpts);
    } catch (err) {
      this.db.close();
      throw err;
    }
    const maxRowid = this.db.prepare('SELECT coalesce(max(id), 0) FROM observations').pluck();
    this.countObservations = () => this.log?.count ?? (maxRowid.get() as number);
    this.tracks = new TrackTable(this.db);
    this.detections = new DetectionTable(this.db);
    this.agreements = new AgreementTable(this.db);
    this.audit = new AuditTable(this.db);
    this.accounts = new AccountTables(this.db);
    this.sessions = new SessionTable(this.db, this.audit);
    this.fieldReports = new FieldReportTable(this.db, this.audit);
    this.incidents = new IncidentTable(this.db, this.audit);
    this.publishedReports = new PublishedReportTable(this.db, this.audit);
  }

  async appendObservations(
    batch: readonly Observation[],
    opts: AppendObservationsOptions = {},
  ): Promise<void> {
    this.assertOpen();
    const log = this.requireLog('appendObservations');
    for (let i = 0; i < batch.length; i++) {
      const problem = findObservationProblem(batch[i]!);
      if (problem !== undefined) {
        const field = problem.field === '' ? `batch[${i}]` : `batch[${i}].${problem.field}`;
        throw new InvalidQueryError(field, problem.message);
      }
    }
    const record = opts.batchRecord;
    if (record !== undefined) {
      // Before enqueueing: a bad record must not roll back the batches sharing its commit.
      this.ingestBatches.checkNew(record);
    } else if (batch.length === 0) {
      return;
    }
    return log.append(batch, record);
  }

  async queryObservations(q: ObservationQuery): Promise<Observation[]> {
    this.assertOpen();
    return this.requireLog('queryObservations').query(q);
  }

  async latestObservationTimeMs(): Promise<number | undefined> {
    this.assertOpen();
    return this.requireLog('latestObservationTimeMs').latestTimeMs();
  }

  async upsertTracks(tracks: readonly Track[]): Promise<void> {
    this.assertOpen();
    this.tracks.upsertAll(tracks);
  }

  async listTracks(q?: TrackQuery): Promise<Track[]> {
    this.assertOpen();
    return this.tracks.list(q);
  }

  async getTrack(id: TrackId): Promise<Track | undefined> {
    this.assertOpen();
    return this.tracks.get(id);
  }

  async appendDetections(detections: readonly Detection[]): Promise<void> {
    this.assertOpen();
    this.detections.append(detections);
  }

  async queryDetections(q: DetectionQuery): Promise<Page<Detection>> {
    this.assertOpen();
    return this.detections.queryPage(q);
  }

  async saveAgreement(agreement: Agreement): Promise<void> {
    this.assertOpen();
    this.agreements.save(agreement);
  }

  async loadAgreement(id?: string): Promise<Agreement | undefined> {
    this.assertOpen();
    return this.agreements.load(id);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    this.assertOpen();
    return this.audit.append(entry);
  }

  async listAudit(q?: AuditQuery): Promise<AuditEntry[]> {
    this.assertOpen();
    return this.audit.list(q);
  }

  async auditHead(): Promise<AuditHead> {
    this.assertOpen();
    return this.audit.head();
  }

  async createUser(user: UserRecord): Promise<void> {
    this.assertOpen();
    this.accounts.createUser(user);
  }

  async getUser(username: string): Promise<UserRecord | undefined> {
    this.assertOpen();
    return this.accounts.getUser(username);
  }

  async getUserById(id: string): Promise<UserRecord | undefined> {
    this.assertOpen();
    return this.accounts.getUserById(id);
  }

  async listUsers(): Promise<UserRecord[]> {
    this.assertOpen();
    return this.accounts.listUsers();
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord | undefined> {
    this.assertOpen();
    return this.accounts.updateUser(id, patch);
  }

  async recordLoginFailure(id: string, rule: LoginFailureRule): Promise<UserRecord | undefined> {
    this.assertOpen();
    return this.accounts.recordLoginFailure(id, rule);
  }

  async createToken(token: TokenRecord): Promise<void> {
    this.assertOpen();
    this.accounts.createToken(token);
  }

  async getToken(id: string): Promise<TokenRecord | undefined> {
    this.assertOpen();
    return this.accounts.getToken(id);
  }

  async getTokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    this.assertOpen();
    return this.accounts.getTokenByHash(tokenHash);
  }

  async listTokens(): Promise<TokenRecord[]> {
    this.assertOpen();
    return this.accounts.listTokens();
  }

  async revokeToken(id: string, revokedMs: number): Promise<TokenRecord | undefined> {
    this.assertOpen();
    return this.accounts.revokeToken(id, revokedMs);
  }

  async markTokenUsed(id: string, usedMs: number): Promise<void> {
    this.assertOpen();
    this.accounts.markTokenUsed(id, usedMs);
  }

  async stats(): Promise<StoreStats> {
    this.assertOpen();
    return {
      observations: this.countObservations(),
      tracks: this.tracks.count(),
      detections: this.detections.count(),
    };
  }

  flushObservationIndex(): number {
    this.assertOpen();
    return this.requireLog('flushObservationIndex').flushIndex();
  }

  observationIndexState(): ObservationIndexState {
    return this.requireLog('observationIndexState').indexState();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.log?.close();
    } finally {
      this.db.close();
    }
  }

  abandonForTest(): void {
    if (this.closed) return;
    this.closed = true;
    this.log?.abandon(new Error('store abandoned before commit (simulated crash)'));
    this.db.close();
  }

  /** The observation log, or a clear refusal when this store was opened without it. */
  private requireLog(method: string): ObservationLogOwner {
    if (this.log !== undefined) return this.log;
    throw new Error(
      `store ${this.file} was opened with observationLog: false (beside the process that owns ` +
        `the observation log, e.g. a running serve): ${method} needs that log`,
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`store ${this.file} is closed`);
  }
}
