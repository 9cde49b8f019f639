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

/** Where the next page starts: a millisecond, and how many of its rows were already given. */
export interface ScanPosition {
  ms: number;
  skip: number;
}

export interface ObservationPage {
  items: Observation[];
  /** Null when the scan reached the end of the period. */
  next: ScanPosition | null;
}

/**
 * One page of the store's observations in [from, toMs], oldest first. The
 * store orders by time, ties by arrival, and `limit` keeps the oldest rows;
 * so the next page starts at this page's last millisecond and skips the rows
 * of that millisecond already given. Rows stored meanwhile at that
 * millisecond arrived later and sort after them, so none is skipped or given
 * twice. A page all at one millisecond asks for more of it next time.
 */
export async function readObservationPage(
  store: Store,
  from: ScanPosition | { ms: number | undefined; skip: 0 },
  toMs: number | undefined,
  pageSize: number,
): Promise<ObservationPage> {
  const limit = pageSize + from.skip;
  const rows = await store.queryObservations({ fromMs: from.ms, toMs, limit });
  const items = from.skip === 0 ? rows : rows.slice(from.skip);
  if (rows.length < limit) return { items, next: null };
  const lastMs = rows[rows.length - 1]!.tMs;
  let atLast = 0;
  for (let i = rows.length - 1; i >= 0 && rows[i]!.tMs === lastMs; i--) atLast++;
  return { items, next: { ms: lastMs, skip: lastMs === from.ms ? rows.length : atLast } };
}

/** Every observation in [fromMs, toMs], oldest first, a page at a time (readObservationPage). */
export async function* scanObservations(
  store: Store,
  { fromMs, toMs, pageSize = 5000 }: ObservationScan,
): AsyncGenerator<Observation[]> {
  let at: ScanPosition | { ms: number | undefined; skip: 0 } = { ms: fromMs, skip: 0 };
  for (;;) {
    const page = await readObservationPage(store, at, toMs, pageSize);
    if (page.items.length > 0) yield page.items;
    if (page.next === null) return;
    at = page.next;
  }
}
