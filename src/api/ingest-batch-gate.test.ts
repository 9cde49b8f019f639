import { describe, expect, it } from 'vitest';
import type { IngestBatchRecord, IngestBatchStore } from '../store/ingest-batch-store.js';
import type { Principal } from './access.js';
import { ApiError } from './api-error.js';
import { hashBatchBody, IngestBatchGate, type StoreFirstSend } from './ingest-batch-gate.js';
import type { IngestBody } from './wire.js';

const SENSOR: Principal = { kind: 'token', tokenId: 't1', name: 'rx', scopes: ['ingest'] };
const OTHER: Principal = { kind: 'token', tokenId: 't2', name: 'rx2', scopes: ['ingest'] };
const BATCH_ID = '0f8c2a4e-9a51-4d0e-8f3a-1c2b3d4e5f60';
const BODY = { batchId: BATCH_ID, observations: [{ trackId: 'mmsi:1', lat: 1 }] };

/** An in-memory IngestBatchStore, as the SQLite one behaves once a record commits. */
function makeBatchStore(): IngestBatchStore & { records: Map<string, IngestBatchRecord> } {
  const records = new Map<string, IngestBatchRecord>();
  return {
    records,
    getIngestBatch: async (sender, batchId) => records.get(`${sender} ${batchId}`),
    deleteIngestBatchesBefore: async () => 0,
  };
}

/**
 * A first send that stores only when `release` is called, standing in for a
 * batch waiting on its group commit, and counts how often it ran.
 */
function makeSlowFirstSend(store: ReturnType<typeof makeBatchStore>) {
  let release!: (fail?: Error) => void;
  const committed = new Promise<void>((resolve, reject) => {
    release = (fail) => (fail === undefined ? resolve() : reject(fail));
  });
  const runs = { count: 0 };
  const storeFirst: StoreFirstSend = async (recordOf) => {
    runs.count++;
    const record = recordOf({ accepted: 1, rejected: [] });
    if (runs.count === 1) await committed;
    store.records.set(`${record.sender} ${record.batchId}`, record);
    return { accepted: 1, rejected: [] };
  };
  return { storeFirst, release, runs };
}

/** Lets every promise callback queued so far run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('IngestBatchGate', () => {
  it('makes a second send of an id wait for the first to commit, then answers it from the record', async () => {
    const store = makeBatchStore();
    const gate = new IngestBatchGate(store, () => 1000);
    const slow = makeSlowFirstSend(store);
    const first = gate.send(SENSOR, BATCH_ID, BODY, slow.storeFirst);
    const second = gate.send(SENSOR, BATCH_ID, BODY, slow.storeFirst);
    await settle();
    expect(slow.runs.count).toBe(1);
    slow.release();
    expect(await first).toEqual({ accepted: 1, rejected: [] });
    expect(await second).toEqual<IngestBody>({ accepted: 1, rejected: [], duplicate: true });
    expect(slow.runs.count).toBe(1);
    expect([...store.records.values()]).toEqual([
      {
        sender: 'token:t1',
        batchId: BATCH_ID,
        bodySha256: hashBatchBody(BODY),
        receivedMs: 1000,
        accepted: 1,
        rejected: [],
      },
    ]);
  });

  it('lets the waiting send store the batch when the first failed to', async () => {
    const store = makeBatchStore();
    const gate = new IngestBatchGate(store, () => 1000);
    const slow = makeSlowFirstSend(store);
    const first = gate.send(SENSOR, BATCH_ID, BODY, slow.storeFirst);
    const second = gate.send(SENSOR, BATCH_ID, BODY, slow.storeFirst);
    slow.release(new Error('disk full'));
    await expect(first).rejects.toThrow(/disk full/);
    expect(await second).toEqual({ accepted: 1, rejected: [] });
    expect(slow.runs.count).toBe(2);
  });

  it('does not hold up another sender using the same id', async () => {
    const store = makeBatchStore();
    const gate = new IngestBatchGate(store, () => 1000);
    const slow = makeSlowFirstSend(store);
    const first = gate.send(SENSOR, BATCH_ID, BODY, slow.storeFirst);
    expect(await gate.send(OTHER, BATCH_ID, BODY, slow.storeFirst)).toEqual({
      accepted: 1,
      rejected: [],
    });
    slow.release();
    await first;
    expect(store.records.size).toBe(2);
  });

  it('refuses a known id with other content with a 409 naming batchId', async () => {
    const store = makeBatchStore();
    const gate = new IngestBatchGate(store, () => 1000);
    const slow = makeSlowFirstSend(store);
    slow.release();
    await gate.send(SENSOR, BATCH_ID, BODY, slow.storeFirst);
    const changed = { ...BODY, observations: [{ trackId: 'mmsi:1', lat: 2 }] };
    const refused = gate.send(SENSOR, BATCH_ID, changed, slow.storeFirst);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 409, details: { field: 'batchId' } });
  });
});

describe('hashBatchBody', () => {
  it('ignores the order of keys at every level, and nothing else', () => {
    const a = { source: 's', observations: [{ lat: 1, lon: 2 }, { lat: 3 }] };
    const b = { observations: [{ lon: 2, lat: 1 }, { lat: 3 }], source: 's' };
    expect(hashBatchBody(a)).toBe(hashBatchBody(b));
    expect(hashBatchBody(a)).toMatch(/^[0-9a-f]{64}$/);
    const swapped = { source: 's', observations: [{ lat: 3 }, { lat: 1, lon: 2 }] };
    expect(hashBatchBody(swapped)).not.toBe(hashBatchBody(a));
    expect(hashBatchBody({ ...a, source: 't' })).not.toBe(hashBatchBody(a));
  });
});
