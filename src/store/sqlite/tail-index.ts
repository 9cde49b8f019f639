/**
 * The in-memory index of the unindexed tail: every committed observation whose
 * rowid is past the persisted watermark, grouped per track and in time spans.
 *
 * It is what the next index flush writes out, and meanwhile it is what queries
 * use for the tail, so a query never scans the tail table. It is rebuilt from
 * the table at open (one sequential read of the rows past the watermark), so
 * losing it in a crash loses nothing.
 *
 * Rows arrive in ascending rowid order (commits are serial), which keeps every
 * per-track rowid list ascending and every span contiguous.
 */

/** One track's tail rows: parallel arrays, ascending rowid. */
export interface TrackRun {
  readonly rowids: number[];
  readonly tMs: number[];
  tMinMs: number;
  tMaxMs: number;
}

/** A contiguous rowid range and the times it covers. */
export interface TimeSpan {
  firstRowid: number;
  lastRowid: number;
  tMinMs: number;
  tMaxMs: number;
}

export class TailIndex {
  readonly runs = new Map<number, TrackRun>();
  readonly spans: TimeSpan[] = [];
  rows = 0;
  /** Newest observation time in the tail, -Infinity when empty. */
  tMaxMs = Number.NEGATIVE_INFINITY;

  /**
   * @param rowsPerSpan caps a time span, so that one late observation widens
   * the time range of at most this many rows, not of a whole flush.
   */
  constructor(private readonly rowsPerSpan: number) {}

  add(track: number, rowid: number, tMs: number): void {
    let run = this.runs.get(track);
    if (run === undefined) {
      run = { rowids: [], tMs: [], tMinMs: tMs, tMaxMs: tMs };
      this.runs.set(track, run);
    }
    run.rowids.push(rowid);
    run.tMs.push(tMs);
    if (tMs < run.tMinMs) run.tMinMs = tMs;
    if (tMs > run.tMaxMs) run.tMaxMs = tMs;

    const span = this.spans[this.spans.length - 1];
    if (span === undefined || span.lastRowid - span.firstRowid + 1 >= this.rowsPerSpan) {
      this.spans.push({ firstRowid: rowid, lastRowid: rowid, tMinMs: tMs, tMaxMs: tMs });
    } else {
      span.lastRowid = rowid;
      if (tMs < span.tMinMs) span.tMinMs = tMs;
      if (tMs > span.tMaxMs) span.tMaxMs = tMs;
    }
    if (tMs > this.tMaxMs) this.tMaxMs = tMs;
    this.rows++;
  }

  /** The last rowid in the tail, or undefined when empty. */
  get lastRowid(): number | undefined {
    return this.spans[this.spans.length - 1]?.lastRowid;
  }

  clear(): void {
    this.runs.clear();
    this.spans.length = 0;
    this.rows = 0;
    this.tMaxMs = Number.NEGATIVE_INFINITY;
  }
}
