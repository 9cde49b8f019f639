/**
 * Ingest batch records in the `ingest_batches` table (migration 8); what they
 * are for is in ../ingest-batch-store.ts.
 *
 * Records are written only by the observation log's group commit
 * (observation-log-owner.ts), inside the transaction of the batch's
 * observations: `insertAll` must be called within that transaction and throws
 * to roll it back. Nothing here is audited: an ingest batch changes no
 * incident, agreement, user or token.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ConflictError } from '../conflict-error.js';
import type {
  IngestBatchRecord,
  IngestBatchRejection,
  IngestBatchStore,
} from '../ingest-batch-store.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type { Migration } from './schema.js';

/** How long a batch record is kept by default: a resend within this is recognised. */
export const DEFAULT_INGEST_BATCH_RETENTION_MS = 7 * 24 * 3600_000;

export const INGEST_BATCH_MIGRATION: Migration = {
  description: 'ingest batches',
  sql: `
    -- rejected_json: the first answer's refused items, a JSON array.
    CREATE TABLE ingest_batches (
      sender TEXT NOT NULL,
      batch_id TEXT NOT NULL,
      body_sha256 TEXT NOT NULL,
      received_ms INTEGER NOT NULL,
      accepted INTEGER NOT NULL,
      rejected_json TEXT NOT NULL,
      PRIMARY KEY (sender, batch_id)
    ) WITHOUT ROWID;
    CREATE INDEX ingest_batches_received ON ingest_batches (received_ms);
  `,
};

type IngestBatchRow = [string, string, string, number, number, string];

const COLUMNS = 'sender, batch_id, body_sha256, received_ms, accepted, rejected_json';

export class IngestBatchTable implements IngestBatchStore {
  private readonly insert: Statement<IngestBatchRow>;
  private readonly select: Statement<[string, string]>;
  private readonly deleteBefore: Statement<[number]>;

  constructor(
    db: Database,
    private readonly retentionMs: number = DEFAULT_INGEST_BATCH_RETENTION_MS,
  ) {
    this.insert = db.prepare(`INSERT INTO ingest_batches (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
    this.select = db
      .prepare(`SELECT ${COLUMNS} FROM ingest_batches WHERE sender = ? AND batch_id = ?`)
      .raw();
    this.deleteBefore = db.prepare('DELETE FROM ingest_batches WHERE received_ms < ?');
  }

  async getIngestBatch(sender: string, batchId: string): Promise<IngestBatchRecord | undefined> {
    return this.find(sender, batchId);
  }

  async deleteIngestBatchesBefore(cutoffMs: number): Promise<number> {
    return this.deleteBefore.run(cutoffMs).changes;
  }

  /** Synchronous lookup, for the store's check before it enqueues an append. */
  find(sender: string, batchId: string): IngestBatchRecord | undefined {
    const row = this.select.get(sender, batchId) as IngestBatchRow | undefined;
    return row === undefined ? undefined : decodeRow(row);
  }

  /**
   * Throws unless `r` can be inserted. A record already stored is a conflict:
   * the API serialises sends of one id and answers a resend from its record,
   * so reaching here with a known id is a caller's bug, not a resend.
   */
  checkNew(r: IngestBatchRecord): void {
    for (const key of ['sender', 'batchId', 'bodySha256'] as const) {
      if (typeof r[key] !== 'string' || r[key].length === 0) {
        throw new InvalidQueryError(`batchRecord.${key}`, 'expected a non-empty string');
      }
    }
    for (const key of ['receivedMs', 'accepted'] as const) {
      if (!Number.isSafeInteger(r[key])) {
        throw new InvalidQueryError(`batchRecord.${key}`, `expected an integer, got ${r[key]}`);
      }
    }
    if (!Array.isArray(r.rejected)) {
      throw new InvalidQueryError('batchRecord.rejected', 'expected an array');
    }
    if (this.find(r.sender, r.batchId) !== undefined) {
      throw new ConflictError('batchId', `${r.batchId} is already stored for ${r.sender}`);
    }
  }

  /**
   * Within the caller's transaction: write these records, then prune those
   * older than the retention before the newest of them. Pruning on insert
   * bounds the table by the insert rate, with no timer; the index on
   * `received_ms` makes it one short range delete.
   */
  insertAll(records: readonly IngestBatchRecord[]): void {
    let newestMs = Number.NEGATIVE_INFINITY;
    for (const r of records) {
      this.insert.run(
        r.sender,
        r.batchId,
        r.bodySha256,
        r.receivedMs,
        r.accepted,
        JSON.stringify(r.rejected),
      );
      if (r.receivedMs > newestMs) newestMs = r.receivedMs;
    }
    if (records.length > 0) this.deleteBefore.run(newestMs - this.retentionMs);
  }
}

function decodeRow([
  sender,
  batchId,
  bodySha256,
  receivedMs,
  accepted,
  rejectedJson,
]: IngestBatchRow): IngestBatchRecord {
  return {
    sender,
    batchId,
    bodySha256,
    receivedMs,
    accepted,
    rejected: JSON.parse(rejectedJson) as IngestBatchRejection[],
  };
}
