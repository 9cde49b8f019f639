import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIN_MS, makeDetection, T0_MS } from '../../incidents/incident-fixtures.js';
import { placeDetection } from '../../incidents/incident-grouping.js';
import { DEFAULT_GROUPING } from '../../incidents/incident-grouping-config.js';
import { openSqliteStore, type SqliteStore } from '../index.js';
import type { IncidentTable } from './incident-table.js';

const NOW_MS = T0_MS + 86_400_000;
const place = (...ds: Parameters<typeof makeDetection>[]) =>
  ds.map(([id, more]) => placeDetection(DEFAULT_GROUPING, makeDetection(id, more))!);

let store: SqliteStore;

beforeEach(() => {
  store = openSqliteStore({ memory: true });
});

afterEach(async () => {
  await store.close();
});

describe('IncidentTable.group', () => {
  it('leaves evidence already in an incident where it is, and never moves a cursor back', async () => {
    await store.appendDetections([makeDetection('d1'), makeDetection('d2', { trackId: 'mmsi:2' })]);
    const first = await store.incidents.group(
      'detection',
      2,
      place(['d1'], ['d2', { trackId: 'mmsi:2' }]),
      NOW_MS,
    );
    expect([first.created, first.joined]).toEqual([2, 0]);
    // A replay of the same items (a resend, a second run) changes nothing.
    const again = await store.incidents.group('detection', 1, place(['d1']), NOW_MS);
    expect(again).toEqual({ changed: [], created: 0, joined: 0 });
    expect((await store.incidents.pendingDetections(10)).items).toEqual([]);
  });

  it('moves the cursor with the evidence: a grouping refused by the audit log leaves both', async () => {
    await store.appendDetections([makeDetection('d1')]);
    // The audit table refuses through a trigger on the store's own connection.
    const { db } = store.incidents as IncidentTable;
    db.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END`,
    );
    await expect(store.incidents.group('detection', 1, place(['d1']), NOW_MS)).rejects.toThrow(
      'no',
    );
    db.exec('DROP TRIGGER refuse');
    expect((await store.incidents.pendingDetections(10)).items.map((d) => d.id)).toEqual(['d1']);
    expect((await store.incidents.list({})).total).toBe(0);
  });
});

describe('IncidentTable.list', () => {
  beforeEach(async () => {
    const ds = [0, 1, 2, 3].map((i) =>
      makeDetection(`d${i}`, { trackId: `mmsi:${i}`, tMs: T0_MS + (3 - i) * MIN_MS }),
    );
    await store.appendDetections(ds);
    await store.incidents.group(
      'detection',
      4,
      ds.map((d) => placeDetection(DEFAULT_GROUPING, d)!),
      NOW_MS,
    );
  });

  it('sorts by creation or evidence time either way, with the total across pages', async () => {
    const ids = async (q: Parameters<typeof store.incidents.list>[0]) =>
      (await store.incidents.list(q)).items.map((i) => i.id.slice(-1));
    expect(await ids({ sort: 'created' })).toEqual(['1', '2', '3', '4']);
    expect(await ids({ sort: '-created' })).toEqual(['4', '3', '2', '1']);
    expect(await ids({ sort: 'start' })).toEqual(['4', '3', '2', '1']);
    expect(await ids({ sort: 'created', limit: 2, offset: 1 })).toEqual(['2', '3']);
    expect((await store.incidents.list({ limit: 1 })).total).toBe(4);
  });

  it('refuses a limit or offset that is not a count, naming it', async () => {
    await expect(store.incidents.list({ limit: 0 })).rejects.toThrow('limit:');
    await expect(store.incidents.list({ offset: -1 })).rejects.toThrow('offset:');
  });
});
