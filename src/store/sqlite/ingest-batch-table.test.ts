import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../conflict-error.js';
import type { IngestBatchRecord } from '../ingest-batch-store.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import { makeObservation, T0_MS } from '../store-fixtures.js';
import { DEFAULT_INGEST_BATCH_RETENTION_MS } from './ingest-batch-table.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const DAY_MS = 24 * 3600_000;

function makeRecord(batchId: string, more: Partial<IngestBatchRecord> = {}): IngestBatchRecord {
  return {
    sender: 'token:t1',
    batchId,
    bodySha256: 'ab'.repeat(32),
    receivedMs: T0_MS,
    accepted: 1,
    rejected: [{ index: 1, field: 'lat', message: 'too big' }],
    ...more,
  };
}

describe('ingest batch records', () => {
  let dir: string;
  const opened: SqliteStore[] = [];
  const open = (opts: Omit<Parameters<typeof openSqliteStore>[0], 'dir'> = {}) => {
    const store = openSqliteStore({ dir, ...opts });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'truceline-ingest-batch-'));
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the record in the transaction of its observations, and keeps it across a reopen', async () => {
    const store = open();
    const reader = new Database(store.file, { readonly: true });
    const before = reader.pragma('data_version', { simple: true }) as number;
    const record = makeRecord('b-1');
    await store.appendObservations([makeObservation('mmsi:1', T0_MS)], { batchRecord: record });
    // data_version counts commits by other connections: rows and record, one commit.
    expect(reader.pragma('data_version', { simple: true })).toBe(before + 1);
    reader.close();
    await store.close();

    const again = open();
    expect(await again.ingestBatches.getIngestBatch('token:t1', 'b-1')).toEqual(record);
    expect(await again.queryObservations({ trackId: 'mmsi:1' })).toHaveLength(1);
  });

  it('stores the record of a batch with no observations (every item refused)', async () => {
    const store = open();
    const record = makeRecord('b-empty', { accepted: 0 });
    await store.appendObservations([], { batchRecord: record });
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'b-empty')).toEqual(record);
    expect((await store.stats()).observations).toBe(0);
  });

  it('matches a batch id only within its sender', async () => {
    const store = open();
    await store.appendObservations([], { batchRecord: makeRecord('b-1') });
    expect(await store.ingestBatches.getIngestBatch('token:t2', 'b-1')).toBeUndefined();
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'b-2')).toBeUndefined();
  });

  it('leaves neither observations nor record when the observations fail to commit', async () => {
    const store = open();
    // A trigger stands in for a failure inside the transaction (disk full, I/O error).
    const db = new Database(store.file);
    db.exec(`CREATE TRIGGER refuse_lat_99 BEFORE INSERT ON observations WHEN NEW.lat = 99
             BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
    const a = store.appendObservations([makeObservation('mmsi:1', T0_MS)], {
      batchRecord: makeRecord('b-a'),
    });
    const b = store.appendObservations([makeObservation('mmsi:2', T0_MS, { lat: 99 })]);
    await expect(a).rejects.toThrow(/refused by test trigger/);
    await expect(b).rejects.toThrow(/refused by test trigger/);
    db.close();
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'b-a')).toBeUndefined();
    expect((await store.stats()).observations).toBe(0);
  });

  it('leaves no observations when the record fails to commit', async () => {
    const store = open();
    const db = new Database(store.file);
    db.exec(`CREATE TRIGGER refuse_batch BEFORE INSERT ON ingest_batches
             BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
    await expect(
      store.appendObservations([makeObservation('mmsi:1', T0_MS)], {
        batchRecord: makeRecord('b-1'),
      }),
    ).rejects.toThrow(/refused by test trigger/);
    db.exec('DROP TRIGGER refuse_batch');
    db.close();
    expect(await store.queryObservations({})).toEqual([]);
    // The log's memory rolled back too: the next append gets the first rowid.
    await store.appendObservations([makeObservation('mmsi:2', T0_MS)]);
    expect((await store.stats()).observations).toBe(1);
    expect((await store.queryObservations({})).map((o) => o.trackId)).toEqual(['mmsi:2']);
  });

  it('stores neither when the process dies before the commit', async () => {
    const store = open();
    const pending = store.appendObservations([makeObservation('mmsi:1', T0_MS)], {
      batchRecord: makeRecord('b-1'),
    });
    store.abandonForTest();
    await expect(pending).rejects.toThrow(/simulated crash/);
    const again = open();
    expect(await again.ingestBatches.getIngestBatch('token:t1', 'b-1')).toBeUndefined();
    expect((await again.stats()).observations).toBe(0);
  });

  it('refuses a batch id already stored for the sender before enqueueing it', async () => {
    const store = open();
    await store.appendObservations([], { batchRecord: makeRecord('b-1') });
    const again = store.appendObservations([makeObservation('mmsi:1', T0_MS)], {
      batchRecord: makeRecord('b-1'),
    });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ field: 'batchId' });
    expect((await store.stats()).observations).toBe(0);
  });

  it('refuses a malformed record, naming its field', async () => {
    const store = open();
    const bad = store.appendObservations([], {
      batchRecord: makeRecord('b-1', { receivedMs: Number.NaN }),
    });
    await expect(bad).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(bad).rejects.toMatchObject({ field: 'batchRecord.receivedMs' });
  });

  it('drops records older than the retention when a newer one commits (7 days by default)', async () => {
    expect(DEFAULT_INGEST_BATCH_RETENTION_MS).toBe(7 * DAY_MS);
    const store = open();
    await store.appendObservations([], { batchRecord: makeRecord('old', { receivedMs: T0_MS }) });
    await store.appendObservations([], {
      batchRecord: makeRecord('edge', { receivedMs: T0_MS + DAY_MS }),
    });
    await store.appendObservations([], {
      batchRecord: makeRecord('new', { receivedMs: T0_MS + 8 * DAY_MS }),
    });
    const ids = ['old', 'edge', 'new'];
    const kept = [];
    for (const id of ids) {
      if ((await store.ingestBatches.getIngestBatch('token:t1', id)) !== undefined) kept.push(id);
    }
    expect(kept).toEqual(['edge', 'new']);
  });

  it('takes its retention from the store options', async () => {
    const store = open({ ingestBatchRetentionMs: 1000 });
    await store.appendObservations([], { batchRecord: makeRecord('a', { receivedMs: T0_MS }) });
    await store.appendObservations([], {
      batchRecord: makeRecord('b', { receivedMs: T0_MS + 1001 }),
    });
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'a')).toBeUndefined();
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'b')).toBeDefined();
    expect(() => openSqliteStore({ memory: true, ingestBatchRetentionMs: 0 })).toThrow(
      /ingestBatchRetentionMs >= 1/,
    );
  });

  it('prunes on demand those received before a time', async () => {
    const store = open();
    await store.appendObservations([], { batchRecord: makeRecord('a', { receivedMs: T0_MS }) });
    await store.appendObservations([], {
      batchRecord: makeRecord('b', { receivedMs: T0_MS + 10 }),
    });
    expect(await store.ingestBatches.deleteIngestBatchesBefore(T0_MS + 10)).toBe(1);
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'a')).toBeUndefined();
    expect(await store.ingestBatches.getIngestBatch('token:t1', 'b')).toBeDefined();
  });
});
