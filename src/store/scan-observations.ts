/**
 * Reading a long stretch of stored observations in time order without
 * holding it all: what-if replay (CLI and API) and exports.
 */
import type { Observation } from '../core/types.js';
import type { Store } from './store.js';

export interface ObservationScan {
  /** Inclusive; from the oldest when absent. */
  fromMs?: number;
  /** Inclusive; to the newest when absent. */
  toMs?: number;
  /** Observations per page (more when one millisecond holds more). Default 5000. */
  pageSize?: number;
}

/**
 * The store's observations in [fromMs, toMs], oldest first, a page at a time.
 * The store orders by time, ties by arrival, and `limit` keeps the oldest
 * rows; so the next page starts at the last page's last millisecond and skips
 * the rows of that millisecond already given. Rows that arrive meanwhile at
 * that millisecond come after them (later arrival), so none is skipped or
 * given twice. A page all at one millisecond asks again with a larger limit.
 */
export async function* scanObservations(
  store: Store,
  { fromMs, toMs, pageSize = 5000 }: ObservationScan,
): AsyncGenerator<Observation[]> {
  let cursor = fromMs;
  let seenAtCursor = 0;
  for (;;) {
    const limit = pageSize + seenAtCursor;
    const rows = await store.queryObservations({ fromMs: cursor, toMs, limit });
    if (rows.length > seenAtCursor) yield seenAtCursor === 0 ? rows : rows.slice(seenAtCursor);
    if (rows.length < limit) return;
    const lastMs = rows[rows.length - 1]!.tMs;
    let atLast = 0;
    for (let i = rows.length - 1; i >= 0 && rows[i]!.tMs === lastMs; i--) atLast++;
    seenAtCursor = lastMs === cursor ? rows.length : atLast;
    cursor = lastMs;
  }
}
