/**
 * Observation insert rate, ours vs the naive SQLite layout, in one run.
 *
 *   node --import tsx bench/store-insert.ts [--n 1000000] [--tracks 5000]
 *     [--batch 5000] [--seed 1] [--queries 200]
 *
 * Both peers get the same seeded rows (random interleaving of `tracks` tracks,
 * times increasing) in batches of `batch`, with the same pragmas
 * (src/store/sqlite/pragmas.ts):
 * - ours: the real SqliteStore through `appendObservations` (validation,
 *   group commit, dictionary keys, index flushes by row count included);
 * - naive SQLite layout: one table with text ids and an index on
 *   (track_id, t_ms), one transaction per batch, straight SQL.
 * Rows/s are reported at checkpoints (n/10, n/2, n), cumulative and for the
 * interval since the previous checkpoint, then per-track query latency.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createRandom } from '../src/core/random.js';
import type { Observation, TrackKind } from '../src/core/types.js';
import { applyStorePragmas } from '../src/store/sqlite/pragmas.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

export interface StoreInsertOptions {
  n: number;
  tracks: number;
  batch: number;
  seed: number;
  queries: number;
}

export interface PeerResult {
  /** Cumulative rows/s and interval rows/s at each checkpoint. */
  checkpoints: { rows: number; rowsPerS: number; intervalRowsPerS: number }[];
  /** Mean ms per query: a track's whole history, and a window of 10% of the time. */
  trackQueryMs: number;
  trackWindowQueryMs: number;
  /** Rows the queries returned, to check both peers answered alike. */
  queryRows: number;
  fileBytes: number;
}

export interface StoreInsertResult {
  options: StoreInsertOptions;
  sqliteVersion: string;
  ours: PeerResult;
  naive: PeerResult;
}

const T0_MS = Date.UTC(2025, 5, 1);
const KINDS: readonly TrackKind[] = ['vessel', 'vessel', 'aircraft'];

/** Seeded traffic: each call continues the same stream of observations. */
function makeTraffic(o: StoreInsertOptions): (size: number) => Observation[] {
  const random = createRandom(o.seed);
  const ids = Array.from({ length: o.tracks }, (_, i) => `mmsi:${272_000_000 + i}`);
  const lon = Float64Array.from({ length: o.tracks }, () => 32 + random() * 3);
  const lat = Float64Array.from({ length: o.tracks }, () => 34 + random() * 2);
  let tMs = T0_MS;
  return (size) => {
    const out: Observation[] = new Array(size);
    for (let i = 0; i < size; i++) {
      const k = Math.floor(random() * o.tracks);
      tMs += Math.floor(random() * 3);
      lon[k]! += (random() - 0.5) * 1e-3;
      lat[k]! += (random() - 0.5) * 1e-3;
      const kind = KINDS[k % KINDS.length]!;
      const obs: Observation = {
        trackId: ids[k]!,
        kind,
        tMs,
        lon: lon[k]!,
        lat: lat[k]!,
        source: k % 2 === 0 ? 'ais:tcp:10.0.0.1:5631' : 'sim',
        speedKn: Math.round(random() * 300) / 10,
        courseDeg: Math.round(random() * 3600) / 10,
      };
      if (kind === 'aircraft') obs.altFt = Math.round(random() * 300) * 100;
      else if (random() < 0.1) obs.status = 'under way using engine';
      out[i] = obs;
    }
    return out;
  };
}

function readCheckpoints(n: number): number[] {
  return [...new Set([Math.round(n / 10), Math.round(n / 2), n])].filter((c) => c > 0);
}

/** Feed n rows to `insert` batch by batch, timing each checkpoint. */
async function measureInserts(
  o: StoreInsertOptions,
  insert: (batch: Observation[]) => void | Promise<void>,
): Promise<PeerResult['checkpoints']> {
  const nextBatch = makeTraffic(o);
  const marks = readCheckpoints(o.n);
  const out: PeerResult['checkpoints'] = [];
  const start = performance.now();
  let last = { rows: 0, ms: start };
  let rows = 0;
  for (const mark of marks) {
    while (rows < mark) {
      const size = Math.min(o.batch, mark - rows);
      await insert(nextBatch(size));
      rows += size;
    }
    const now = performance.now();
    out.push({
      rows,
      rowsPerS: rows / ((now - start) / 1000),
      intervalRowsPerS: (rows - last.rows) / ((now - last.ms) / 1000),
    });
    last = { rows, ms: now };
  }
  return out;
}

/** Query tracks picked by the seed: whole history, then the middle 10% of the time. */
function pickQueries(o: StoreInsertOptions): { trackId: string; fromMs: number; toMs: number }[] {
  const random = createRandom(o.seed + 1);
  const spanMs = o.n; // ~1 ms a row on average
  return Array.from({ length: o.queries }, () => {
    const fromMs = T0_MS + Math.floor(random() * spanMs * 0.9);
    return {
      trackId: `mmsi:${272_000_000 + Math.floor(random() * o.tracks)}`,
      fromMs,
      toMs: fromMs + Math.floor(spanMs * 0.1),
    };
  });
}

async function timeQueries(
  o: StoreInsertOptions,
  query: (trackId: string, fromMs?: number, toMs?: number) => Promise<number> | number,
): Promise<Pick<PeerResult, 'trackQueryMs' | 'trackWindowQueryMs' | 'queryRows'>> {
  const qs = pickQueries(o);
  let queryRows = 0;
  let start = performance.now();
  for (const q of qs) queryRows += await query(q.trackId);
  const trackQueryMs = (performance.now() - start) / qs.length;
  start = performance.now();
  for (const q of qs) queryRows += await query(q.trackId, q.fromMs, q.toMs);
  const trackWindowQueryMs = (performance.now() - start) / qs.length;
  return { trackQueryMs, trackWindowQueryMs, queryRows };
}

function measureFileBytes(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      bytes += statSync(f).size;
    } catch {
      // No WAL after a checkpointing close: nothing to add.
    }
  }
  return bytes;
}

async function runOurs(o: StoreInsertOptions, dir: string): Promise<PeerResult> {
  const store = openSqliteStore({ dir });
  const checkpoints = await measureInserts(o, (batch) => store.appendObservations(batch));
  // Steady state for queries: the last rows indexed too, as after the next timer flush.
  store.flushObservationIndex();
  const q = await timeQueries(
    o,
    async (trackId, fromMs, toMs) =>
      (await store.queryObservations({ trackId, fromMs, toMs, limit: o.n })).length,
  );
  await store.close();
  return { checkpoints, ...q, fileBytes: measureFileBytes(store.file) };
}

async function runNaive(o: StoreInsertOptions, dir: string): Promise<PeerResult> {
  const file = join(dir, 'naive.db');
  const db = new Database(file);
  applyStorePragmas(db);
  db.exec(`
    CREATE TABLE observations (
      id INTEGER PRIMARY KEY, track_id TEXT NOT NULL, kind TEXT NOT NULL, t_ms INTEGER NOT NULL,
      source TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, alt_ft REAL, speed_kn REAL,
      course_deg REAL, heading_deg REAL, status TEXT, squawk TEXT, name TEXT, callsign TEXT
    );
    CREATE INDEX observations_track_t ON observations (track_id, t_ms);
  `);
  const insert = db.prepare(
    `INSERT INTO observations (track_id, kind, t_ms, source, lon, lat, alt_ft, speed_kn,
       course_deg, heading_deg, status, squawk, name, callsign)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertBatch = db.transaction((batch: Observation[]) => {
    for (const r of batch) {
      insert.run(
        r.trackId,
        r.kind,
        r.tMs,
        r.source,
        r.lon,
        r.lat,
        r.altFt ?? null,
        r.speedKn ?? null,
        r.courseDeg ?? null,
        r.headingDeg ?? null,
        r.status ?? null,
        r.squawk ?? null,
        r.name ?? null,
        r.callsign ?? null,
      );
    }
  });
  const checkpoints = await measureInserts(o, (batch) => insertBatch(batch));
  const select = db.prepare(
    `SELECT * FROM observations WHERE track_id = ? AND t_ms BETWEEN ? AND ?
     ORDER BY t_ms, id LIMIT ?`,
  );
  const q = await timeQueries(
    o,
    (trackId, fromMs, toMs) => select.all(trackId, fromMs ?? -8.64e15, toMs ?? 8.64e15, o.n).length,
  );
  db.close();
  return { checkpoints, ...q, fileBytes: measureFileBytes(file) };
}

function readSqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare('SELECT sqlite_version()').pluck().get() as string;
  } finally {
    db.close();
  }
}

export async function runStoreInsertBench(o: StoreInsertOptions): Promise<StoreInsertResult> {
  const dir = mkdtempSync(join(tmpdir(), 'truceline-bench-store-'));
  try {
    const ours = await runOurs(o, join(dir, 'ours'));
    const naive = await runNaive(o, dir);
    return { options: o, sqliteVersion: readSqliteVersion(), ours, naive };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function formatRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function formatRatio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`;
}

export function formatStoreInsertReport(r: StoreInsertResult): string {
  const { options: o, ours, naive } = r;
  const lines = [
    `store-insert: n=${formatInt(o.n)} tracks=${o.tracks} batch=${o.batch} seed=${o.seed} ` +
      `(node ${process.version}, SQLite ${r.sqliteVersion})`,
    '',
    'insert rate, rows/s (higher is better); "interval" is since the previous checkpoint',
    '',
    formatRow([
      'rows',
      'ours',
      'naive',
      'ours/naive',
      'ours interval',
      'naive interval',
      'ours/naive',
    ]),
    formatRow(['---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  ours.checkpoints.forEach((c, i) => {
    const n = naive.checkpoints[i]!;
    lines.push(
      formatRow([
        formatInt(c.rows),
        formatInt(c.rowsPerS),
        formatInt(n.rowsPerS),
        formatRatio(c.rowsPerS, n.rowsPerS),
        formatInt(c.intervalRowsPerS),
        formatInt(n.intervalRowsPerS),
        formatRatio(c.intervalRowsPerS, n.intervalRowsPerS),
      ]),
    );
  });
  lines.push(
    '',
    `per-track query, mean ms over ${o.queries} tracks (lower is better)`,
    '',
    formatRow(['query', 'ours', 'naive', 'ours/naive']),
    formatRow(['---', '---:', '---:', '---:']),
    formatRow([
      'whole history',
      ours.trackQueryMs.toFixed(3),
      naive.trackQueryMs.toFixed(3),
      formatRatio(ours.trackQueryMs, naive.trackQueryMs),
    ]),
    formatRow([
      '10% time window',
      ours.trackWindowQueryMs.toFixed(3),
      naive.trackWindowQueryMs.toFixed(3),
      formatRatio(ours.trackWindowQueryMs, naive.trackWindowQueryMs),
    ]),
    '',
    `rows returned by the queries: ours ${formatInt(ours.queryRows)}, ` +
      `naive ${formatInt(naive.queryRows)}` +
      (ours.queryRows === naive.queryRows ? ' (same)' : ' (DIFFERENT: a bug in one peer)'),
    `file size: ours ${(ours.fileBytes / 1e6).toFixed(1)} MB, ` +
      `naive ${(naive.fileBytes / 1e6).toFixed(1)} MB`,
  );
  return lines.join('\n');
}

function readOptions(argv: string[]): StoreInsertOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string', default: '1000000' },
      tracks: { type: 'string', default: '5000' },
      batch: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      queries: { type: 'string', default: '200' },
    },
  });
  const read = (name: keyof typeof values, min: number) => {
    const v = Number(String(values[name]).replaceAll('_', ''));
    if (!Number.isInteger(v) || v < min) {
      throw new Error(`--${name}: expected an integer >= ${min}, got ${values[name]}`);
    }
    return v;
  };
  return {
    n: read('n', 1),
    tracks: read('tracks', 1),
    batch: read('batch', 1),
    seed: read('seed', 0),
    queries: read('queries', 1),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runStoreInsertBench(readOptions(process.argv.slice(2)));
  console.log(formatStoreInsertReport(result));
}
