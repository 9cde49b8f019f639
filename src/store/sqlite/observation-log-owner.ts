/**
 * The observation log as run by the one process that owns it: appends through
 * group commit (group-commit.ts), the unindexed tail held in this process's
 * memory, and index flushes on a timer, by row count and at close
 * (observation-log.ts explains the layout).
 *
 * It lives apart from the store so that a store opened with
 * `observationLog: false` (sqlite-store.ts) has none of it: no tail read at
 * open, no timer, nothing flushed at close. A second process that built one
 * would index the same tail as the owner and write every chunk twice.
 */
import type { Database } from 'better-sqlite3';
import type { Observation } from '../../core/types.js';
import type { IngestBatchRecord } from '../ingest-batch-store.js';
import type { ObservationQuery } from '../store.js';
import { GroupCommitQueue } from './group-commit.js';
import type { IngestBatchTable } from './ingest-batch-table.js';
import { type ObservationIndexState, ObservationLog } from './observation-log.js';

export interface ObservationLogOwnerOptions {
  /** How long appends wait for company before committing; 0 = the same event-loop turn. */
  commitWindowMs: number;
  /** Wall time between index flushes. */
  indexFlushIntervalMs: number;
  /** Flush the index at the latest after this many unindexed rows. */
  indexFlushMaxRows: number;
}

/** One caller's append: its observations and, for an API batch with an id, its record. */
interface PendingAppend {
  observations: readonly Observation[];
  batchRecord: IngestBatchRecord | undefined;
}

export class ObservationLogOwner {
  private readonly log: ObservationLog;
  private readonly commits: GroupCommitQueue<PendingAppend>;
  private readonly indexFlushMaxRows: number;
  private readonly flushTimer: ReturnType<typeof setInterval>;
  private flushQueued = false;
  private stopped = false;

  /** Reads the tail into memory; throws (and starts no timer) if the database cannot be read. */
  constructor(
    db: Database,
    private readonly ingestBatches: IngestBatchTable,
    opts: ObservationLogOwnerOptions,
  ) {
    this.log = new ObservationLog(db);
    this.indexFlushMaxRows = opts.indexFlushMaxRows;
    this.commits = new GroupCommitQueue(
      (appends) => this.commitAppends(appends),
      opts.commitWindowMs,
    );
    // A timer must not keep the process alive on its own; close() flushes anyway.
    this.flushTimer = setInterval(() => this.flushIndexQuietly(), opts.indexFlushIntervalMs);
    this.flushTimer.unref();
    // A tail left by a crash may already be past the row limit.
    this.queueIndexFlushIfDue();
  }

  /**
   * Resolves once the batch, and `batchRecord` if given, are committed, in one
   * transaction (both validated by the caller).
   */
  append(batch: readonly Observation[], batchRecord?: IngestBatchRecord): Promise<void> {
    return this.commits.enqueue({ observations: batch, batchRecord });
  }

  query(q: ObservationQuery): Observation[] {
    return this.log.query(q);
  }

  latestTimeMs(): number | undefined {
    return this.log.latestTimeMs();
  }

  get count(): number {
    return this.log.count;
  }

  flushIndex(): number {
    return this.log.flushIndex();
  }

  indexState(): ObservationIndexState {
    return this.log.indexState();
  }

  /** Commit what is pending and index the tail; the caller closes the database after. */
  close(): void {
    this.stop();
    this.commits.drain();
    this.log.flushIndex();
  }

  /** As kill -9 would: pending appends are rejected with `reason`, nothing is flushed. */
  abandon(reason: Error): void {
    this.stop();
    this.commits.abandon(reason);
  }

  private stop(): void {
    this.stopped = true;
    clearInterval(this.flushTimer);
  }

  private commitAppends(appends: readonly PendingAppend[]): void {
    const records: IngestBatchRecord[] = [];
    for (const a of appends) if (a.batchRecord !== undefined) records.push(a.batchRecord);
    this.log.append(
      appends.map((a) => a.observations),
      records.length === 0 ? undefined : () => this.ingestBatches.insertAll(records),
    );
    this.queueIndexFlushIfDue();
  }

  /** Flush on the next turn, not inside the commit: acknowledgements should not wait on it. */
  private queueIndexFlushIfDue(): void {
    if (this.flushQueued || this.log.unindexedRows < this.indexFlushMaxRows) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flushIndexQuietly();
    });
  }

  /**
   * For the timer and the row limit: a failed flush (disk full, a lock held
   * past busy_timeout) loses nothing, since the tail stays in memory and on
   * disk, so it is reported and retried at the next occasion, not thrown.
   */
  private flushIndexQuietly(): void {
    if (this.stopped) return;
    try {
      this.log.flushIndex();
    } catch (err) {
      process.emitWarning(
        `observation index flush failed, will retry: ${(err as Error).message}`,
        'TrucelineStoreWarning',
      );
    }
  }
}
