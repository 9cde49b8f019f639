/**
 * Child process for the SIGKILL test in sqlite-store.test.ts: appends
 * numbered observations (tMs = T0 + n, track n % 7) and prints the count
 * acknowledged so far after each resolved append, until it is killed. Small
 * index-flush limits make kills land before, during and after index flushes.
 */
import type { Observation } from '../../core/types.js';
import { openSqliteStore } from './sqlite-store.js';

const T0_MS = Date.UTC(2025, 5, 1, 12, 0, 0);
const BATCH = 250;
/** Stop on our own eventually if nobody kills us. */
const MAX_ROWS = 2_000_000;

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: append-until-killed.fixture.ts <dir>');
const store = openSqliteStore({ dir, indexFlushMaxRows: 3000, indexFlushIntervalMs: 50 });

function makeBatch(first: number): Observation[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    trackId: `mmsi:${(first + i) % 7}`,
    kind: 'vessel',
    tMs: T0_MS + first + i,
    lon: 33,
    lat: 35,
    source: 'kill-test',
  }));
}

let next = 0;
while (next < MAX_ROWS) {
  // Two batches per turn, so kills also land on shared group commits.
  const a = store.appendObservations(makeBatch(next));
  const b = store.appendObservations(makeBatch(next + BATCH));
  await Promise.all([a, b]);
  next += 2 * BATCH;
  process.stdout.write(`${next}\n`);
}
await store.close();
