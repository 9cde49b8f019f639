/**
 * The observation log: line-rate appends, queries by track and time.
 *
 * Why this layout. A B-tree index whose keys arrive in random order, such as
 * (track, t_ms) with thousands of interleaved tracks, touches a random leaf
 * page per row; once the index outgrows the page cache every insert is a page
 * read and a page write, and SQLite falls from ~300k rows/s (append-only) to
 * ~17k rows/s by 1M rows. So the hot path writes to one place only, the end of
 * an append-only table, and the per-track lookup is built apart from it:
 *
 * - `observations`: INTEGER PRIMARY KEY = rowid in arrival order (assigned
 *   here, dense from 1), no secondary index. Track and source are integer keys
 *   from dictionary tables (key-dictionary.ts), kind a small code.
 * - The tail (rows past the watermark) is indexed in memory (tail-index.ts):
 *   per track, its rowids and times; and contiguous rowid spans with their
 *   time range.
 * - An index flush (every ~30 s, every N rows, and on close) writes, in one
 *   transaction: per track, one `obs_track_chunks` row per up to
 *   ROWS_PER_TRACK_CHUNK rows (rowids and times, packed: track-chunk-pack.ts);
 *   per span, one `obs_time_chunks` row; and the new watermark (the last
 *   indexed rowid). That is ~5000 index rows per flush, not one random index
 *   insert per observation.
 * - A query takes the chunks overlapping its time range (from SQLite for the
 *   indexed part, from memory for the tail), visits them by earliest time, and
 *   stops once `limit` rows are certain: the next chunk's earliest time is past
 *   the limit-th row found. A track chunk becomes one rowid lookup of the rows
 *   inside the window; a time chunk one rowid range scan.
 *
 * The tail could be found by scanning the table past the watermark, filtered
 * by track and time; at line rate with 30 s flushes that is millions of rows
 * per query. The in-memory tail index answers the same question without the
 * scan, and since it is rebuilt from the table at open it holds nothing the
 * table does not.
 *
 * Crash safety: rows and their dictionary keys commit together; chunks and
 * watermark commit together. After kill -9 the rows past the watermark are the
 * tail again at the next open, and the next flush indexes each exactly once.
 *
 * Chunk queries use `t_min BETWEEN from - maxSpan AND to`, where maxSpan is the
 * widest chunk ever written (kept in store_meta), so that the lookup is an index
 * range rather than a scan of all a track's chunks. Late data widens maxSpan,
 * which costs a wider range of small chunk rows, never a wrong answer.
 */
import type { Database } from 'better-sqlite3';
import type { Observation } from '../../core/types.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type { ObservationQuery } from '../store.js';
import { KeyDictionary } from './key-dictionary.js';
import { decodeObservationRow, encodeKind, type ObservationRow } from './observation-codec.js';
import {
  type ObservationStatements,
  prepareObservationStatements,
} from './observation-statements.js';
import { TailIndex } from './tail-index.js';
import { packTrackChunk, unpackTrackChunk } from './track-chunk-pack.js';

export const DEFAULT_OBSERVATION_LIMIT = 10_000;
/** Rowids per `obs_track_chunks` row: bounds what one chunk makes a query read. */
export const ROWS_PER_TRACK_CHUNK = 1024;
/** Rows per `obs_time_chunks` row: bounds the rows a time query scans per chunk. */
export const ROWS_PER_TIME_CHUNK = 16_384;

/** The valid range of a JS Date: stands for an open bound. */
const T_FLOOR_MS = -8.64e15;
const T_CEIL_MS = 8.64e15;

const META_WATERMARK = 'obs_indexed_rowid';
const META_TRACK_SPAN = 'obs_track_chunk_max_span_ms';
const META_TIME_SPAN = 'obs_time_chunk_max_span_ms';
const META_MAX_T = 'obs_max_t_ms';

/** A chunk a query may read: rowids to look up, or a rowid range to scan. */
type Candidate =
  | { tMinMs: number; firstRowid: number; packed: Uint8Array }
  | { tMinMs: number; rowids: readonly number[]; tMs: readonly number[] }
  | { tMinMs: number; fromRowid: number; toRowid: number };

/** What an index flush committed. */
interface IndexFlush {
  watermark: number;
  trackSpanMs: number;
  timeSpanMs: number;
  maxTMs: number;
}

export interface ObservationIndexState {
  /** Every rowid up to this one is in the chunk tables. */
  indexedThroughRowid: number;
  /** Committed rows past the watermark, indexed only in memory. */
  tailRows: number;
}

export class ObservationLog {
  readonly tracks: KeyDictionary;
  readonly sources: KeyDictionary;
  private readonly tail: TailIndex;
  private nextRowid: number;
  private watermark: number;
  private trackSpanMs: number;
  private timeSpanMs: number;
  private indexedMaxTMs: number;

  private readonly sql: ObservationStatements;
  private readonly writeRows: (
    batches: readonly (readonly Observation[])[],
    alsoWrite: (() => void) | undefined,
  ) => void;
  private readonly writeIndex: () => IndexFlush;
  /** Per transaction: the track key and time of each row, in rowid order. */
  private stagedTracks: number[] = [];
  private stagedTMs: number[] = [];

  constructor(private readonly db: Database) {
    this.tracks = new KeyDictionary(db, 'track_keys', 'id');
    this.sources = new KeyDictionary(db, 'source_keys', 'name');
    this.tail = new TailIndex(ROWS_PER_TIME_CHUNK);

    const meta = new Map(
      db.prepare('SELECT key, value FROM store_meta').raw().all() as [string, number][],
    );
    this.watermark = meta.get(META_WATERMARK) ?? 0;
    this.trackSpanMs = meta.get(META_TRACK_SPAN) ?? 0;
    this.timeSpanMs = meta.get(META_TIME_SPAN) ?? 0;
    this.indexedMaxTMs = meta.get(META_MAX_T) ?? Number.NEGATIVE_INFINITY;
    const maxId = db.prepare('SELECT max(id) FROM observations').pluck().get() as number | null;
    this.nextRowid = (maxId ?? 0) + 1;

    this.sql = prepareObservationStatements(db);
    this.writeRows = db.transaction((batches, alsoWrite) => {
      this.insertBatches(batches);
      alsoWrite?.();
    });
    this.writeIndex = db.transaction(() => this.insertIndexChunks());

    this.rebuildTail();
  }

  /** Rows ever appended (rowids are dense from 1 and never deleted). */
  get count(): number {
    return this.nextRowid - 1;
  }

  get unindexedRows(): number {
    return this.tail.rows;
  }

  latestTimeMs(): number | undefined {
    const t = Math.max(this.indexedMaxTMs, this.tail.tMaxMs);
    return t === Number.NEGATIVE_INFINITY ? undefined : t;
  }

  indexState(): ObservationIndexState {
    return { indexedThroughRowid: this.watermark, tailRows: this.tail.rows };
  }

  /**
   * Append all batches in one transaction. On success the rows are in the tail
   * index; on failure nothing of them is anywhere, in SQLite or in memory.
   * `alsoWrite` runs inside the same transaction after the rows (the ingest
   * batch records); if it throws, the rows roll back with it.
   */
  append(batches: readonly (readonly Observation[])[], alsoWrite?: () => void): void {
    const startRowid = this.nextRowid;
    this.stagedTracks.length = 0;
    this.stagedTMs.length = 0;
    try {
      this.writeRows(batches, alsoWrite);
    } catch (err) {
      this.nextRowid = startRowid;
      this.tracks.forgetNewKeys();
      this.sources.forgetNewKeys();
      throw err;
    }
    this.tracks.confirmNewKeys();
    this.sources.confirmNewKeys();
    const tracks = this.stagedTracks;
    const tMs = this.stagedTMs;
    for (let i = 0; i < tracks.length; i++) this.tail.add(tracks[i]!, startRowid + i, tMs[i]!);
  }

  /** Write the tail to the chunk tables and advance the watermark. Returns rows indexed. */
  flushIndex(): number {
    const rows = this.tail.rows;
    if (rows === 0) return 0;
    const done = this.writeIndex();
    this.watermark = done.watermark;
    this.trackSpanMs = done.trackSpanMs;
    this.timeSpanMs = done.timeSpanMs;
    this.indexedMaxTMs = done.maxTMs;
    this.tail.clear();
    return rows;
  }

  query(q: ObservationQuery): Observation[] {
    const limit = q.limit ?? DEFAULT_OBSERVATION_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InvalidQueryError('limit', `expected a positive integer, got ${limit}`);
    }
    const fromMs = q.fromMs ?? T_FLOOR_MS;
    const toMs = q.toMs ?? T_CEIL_MS;
    if (!(fromMs <= toMs)) return [];

    let candidates: Candidate[];
    let trackId: string | undefined;
    if (q.trackId !== undefined) {
      const key = this.tracks.keyOf(q.trackId);
      if (key === undefined) return [];
      trackId = q.trackId;
      candidates = this.findTrackCandidates(key, fromMs, toMs);
    } else {
      candidates = this.findTimeCandidates(fromMs, toMs);
    }

    const rows: ObservationRow[] = [];
    for (const c of candidates) {
      if (rows.length >= limit) {
        sortRows(rows);
        rows.length = limit;
        if (c.tMinMs > rows[limit - 1]![1]) break;
      }
      this.loadCandidate(c, fromMs, toMs, rows);
    }
    sortRows(rows);
    if (rows.length > limit) rows.length = limit;
    return rows.map((r) =>
      decodeObservationRow(r, trackId ?? this.tracks.nameOf(r[2]), this.sources.nameOf(r[4])),
    );
  }

  private insertBatches(batches: readonly (readonly Observation[])[]): void {
    const insert = this.sql.insertRow;
    const tracks = this.stagedTracks;
    const tMs = this.stagedTMs;
    for (const batch of batches) {
      for (const o of batch) {
        const track = this.tracks.ensureKey(o.trackId);
        insert.run(
          this.nextRowid++,
          o.tMs,
          track,
          encodeKind(o.kind),
          this.sources.ensureKey(o.source),
          o.lon,
          o.lat,
          o.altFt ?? null,
          o.speedKn ?? null,
          o.courseDeg ?? null,
          o.headingDeg ?? null,
          o.status ?? null,
          o.squawk ?? null,
          o.name ?? null,
          o.callsign ?? null,
        );
        tracks.push(track);
        tMs.push(o.tMs);
      }
    }
  }

  /** The chunk rows and meta of one flush; the caller applies the result once committed. */
  private insertIndexChunks(): IndexFlush {
    let trackSpanMs = this.trackSpanMs;
    let timeSpanMs = this.timeSpanMs;
    // Ascending track keys: consecutive inserts land on neighbouring pages.
    const keys = [...this.tail.runs.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const run = this.tail.runs.get(key)!;
      for (let i = 0; i < run.rowids.length; i += ROWS_PER_TRACK_CHUNK) {
        const end = Math.min(i + ROWS_PER_TRACK_CHUNK, run.rowids.length);
        const [tMin, tMax] = measureRange(run.tMs, i, end);
        if (tMax - tMin > trackSpanMs) trackSpanMs = tMax - tMin;
        const packed = packTrackChunk(run.rowids, run.tMs, i, end, tMin);
        this.sql.insertTrackChunk.run(key, tMin, tMax, run.rowids[i]!, end - i, packed);
      }
    }
    for (const s of this.tail.spans) {
      if (s.tMaxMs - s.tMinMs > timeSpanMs) timeSpanMs = s.tMaxMs - s.tMinMs;
      this.sql.insertTimeChunk.run(s.firstRowid, s.lastRowid, s.tMinMs, s.tMaxMs);
    }
    const done: IndexFlush = {
      watermark: this.tail.lastRowid!,
      trackSpanMs,
      timeSpanMs,
      maxTMs: Math.max(this.indexedMaxTMs, this.tail.tMaxMs),
    };
    this.sql.writeMeta.run(META_WATERMARK, done.watermark);
    this.sql.writeMeta.run(META_TRACK_SPAN, done.trackSpanMs);
    this.sql.writeMeta.run(META_TIME_SPAN, done.timeSpanMs);
    this.sql.writeMeta.run(META_MAX_T, done.maxTMs);
    return done;
  }

  private findTrackCandidates(key: number, fromMs: number, toMs: number): Candidate[] {
    const out: Candidate[] = [];
    const lowMs = Math.max(T_FLOOR_MS, fromMs - this.trackSpanMs);
    for (const [tMinMs, firstRowid, packed] of this.sql.selectTrackChunks.all(
      key,
      lowMs,
      toMs,
      fromMs,
    ) as [number, number, Uint8Array][]) {
      out.push({ tMinMs, firstRowid, packed });
    }
    const run = this.tail.runs.get(key);
    if (run !== undefined && run.tMinMs <= toMs && run.tMaxMs >= fromMs) {
      out.push({ tMinMs: run.tMinMs, rowids: run.rowids, tMs: run.tMs });
    }
    return sortCandidates(out);
  }

  private findTimeCandidates(fromMs: number, toMs: number): Candidate[] {
    const out: Candidate[] = [];
    const lowMs = Math.max(T_FLOOR_MS, fromMs - this.timeSpanMs);
    for (const [tMinMs, fromRowid, toRowid] of this.sql.selectTimeChunks.all(
      lowMs,
      toMs,
      fromMs,
    ) as [number, number, number][]) {
      out.push({ tMinMs, fromRowid, toRowid });
    }
    for (const s of this.tail.spans) {
      if (s.tMinMs <= toMs && s.tMaxMs >= fromMs) {
        out.push({ tMinMs: s.tMinMs, fromRowid: s.firstRowid, toRowid: s.lastRowid });
      }
    }
    return sortCandidates(out);
  }

  private loadCandidate(c: Candidate, fromMs: number, toMs: number, out: ObservationRow[]): void {
    if ('fromRowid' in c) {
      for (const r of this.sql.selectRange.all(c.fromRowid, c.toRowid, fromMs, toMs)) {
        out.push(r as ObservationRow);
      }
    } else {
      const { rowids, tMs } =
        'packed' in c ? unpackTrackChunk(c.firstRowid, c.tMinMs, c.packed) : c;
      // Packed times are floored to whole ms: narrow by them, then check each row exactly.
      const fromFloorMs = Math.floor(fromMs);
      const wanted: number[] = [];
      for (let i = 0; i < rowids.length; i++) {
        const t = tMs[i]!;
        if (t >= fromFloorMs && t <= toMs) wanted.push(rowids[i]!);
      }
      if (wanted.length === 0) return;
      const rows = this.sql.selectByIds.all(JSON.stringify(wanted)) as ObservationRow[];
      if (rows.length !== wanted.length) {
        throw new Error(
          `observation index names ${wanted.length} rowids from ${wanted[0]}, the table has ${rows.length}`,
        );
      }
      for (const r of rows) if (r[1] >= fromMs && r[1] <= toMs) out.push(r);
    }
  }

  /** After a crash the rows past the watermark are not in any chunk: index them in memory again. */
  private rebuildTail(): void {
    const rows = this.db
      .prepare('SELECT id, track, t_ms FROM observations WHERE id > ? ORDER BY id')
      .raw()
      .iterate(this.watermark) as IterableIterator<[number, number, number]>;
    for (const [id, track, tMs] of rows) this.tail.add(track, id, tMs);
  }
}

function measureRange(tMs: readonly number[], from: number, to: number): [number, number] {
  let min = tMs[from]!;
  let max = min;
  for (let i = from + 1; i < to; i++) {
    const t = tMs[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return [min, max];
}

function sortCandidates(cs: Candidate[]): Candidate[] {
  return cs.sort((a, b) => a.tMinMs - b.tMinMs);
}

/** Oldest first; rowid (arrival order) breaks ties. */
function sortRows(rows: ObservationRow[]): void {
  rows.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}
