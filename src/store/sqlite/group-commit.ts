/**
 * Group commit: batches enqueued close together share one transaction.
 *
 * A commit costs a WAL append and, under `synchronous=NORMAL`, no fsync, but a
 * transaction still has a fixed cost (locking, WAL frame headers, the page
 * writes of the last leaf touched). Ingest sources call `appendObservations`
 * independently; sharing one transaction among every batch that arrived in the
 * same turn of the event loop (or within `windowMs`) pays that cost once.
 *
 * Each caller's promise settles with its transaction: resolved once it has
 * committed, rejected with the error if it rolled back, so no caller is told
 * "stored" for a row that is not.
 */

interface Job<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommitQueue<T> {
  private pending: Job<T>[] = [];
  /** Cancels the scheduled drain; undefined when none is scheduled. */
  private cancelScheduled: (() => void) | undefined;

  /**
   * @param commit writes every item in one transaction, or throws having written none.
   * @param windowMs 0 commits on the next `setImmediate` (the same event-loop turn's
   *   callers share it); more waits that long for company, trading latency for throughput.
   */
  constructor(
    private readonly commit: (items: readonly T[]) => void,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  enqueue(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.cancelScheduled === undefined) this.scheduleDrain();
    });
  }

  /** Commit whatever is pending, now. */
  drain(): void {
    this.cancelTimer();
    const jobs = this.pending;
    if (jobs.length === 0) return;
    this.pending = [];
    try {
      this.commit(jobs.map((j) => j.item));
    } catch (err) {
      for (const j of jobs) j.reject(err);
      return;
    }
    for (const j of jobs) j.resolve();
  }

  /** Reject whatever is pending without committing it. */
  abandon(reason: Error): void {
    this.cancelTimer();
    const jobs = this.pending;
    this.pending = [];
    for (const j of jobs) j.reject(reason);
  }

  private scheduleDrain(): void {
    if (this.windowMs > 0) {
      const t = setTimeout(() => this.drain(), this.windowMs);
      this.cancelScheduled = () => clearTimeout(t);
    } else {
      const i = setImmediate(() => this.drain());
      this.cancelScheduled = () => clearImmediate(i);
    }
  }

  private cancelTimer(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
  }
}
