/**
 * Ingest batches: what makes `POST /api/observations` idempotent. A sender
 * names each batch with a `batchId` (a UUID); the first time, the batch's
 * observations and its record commit in one transaction
 * (`appendObservations(batch, { batchRecord })`), so a crash never leaves one
 * without the other. A resend finds the record and is answered from it,
 * storing nothing.
 *
 * Records are kept for a bounded time: each commit that carries one drops
 * those received more than the retention before it (default 7 days,
 * `ingestBatchRetentionMs` in sqlite-store.ts), and
 * `deleteIngestBatchesBefore` does the same on demand.
 */

/** One refused item of the first answer, as the API reported it. */
export interface IngestBatchRejection {
  index: number;
  field: string;
  message: string;
}

export interface IngestBatchRecord {
  /** Who sent it, e.g. `token:<id>` or `user:<id>`: an id is matched only within its sender. */
  sender: string;
  /** The sender's id for the batch (a UUID). */
  batchId: string;
  /** SHA-256 (lowercase hex) of the canonical body: the same id with other content is refused. */
  bodySha256: string;
  /** When the first send was received (UTC ms); retention counts from it. */
  receivedMs: number;
  /** The first answer: how many observations were stored, and which items were refused. */
  accepted: number;
  rejected: readonly IngestBatchRejection[];
}

export interface IngestBatchStore {
  /** The record of this sender's batch, if it is known (and not yet pruned). */
  getIngestBatch(sender: string, batchId: string): Promise<IngestBatchRecord | undefined>;
  /** Drops records received before `cutoffMs`; how many. */
  deleteIngestBatchesBefore(cutoffMs: number): Promise<number>;
}

/** What `appendObservations` may carry besides the observations. */
export interface AppendObservationsOptions {
  /** Committed in the same transaction as the observations (which may then be none). */
  batchRecord?: IngestBatchRecord;
}
