import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../incidents/audit-chain.js';
import { describeStoreContract } from '../store.contract.js';
import { makeObservation, T0_MS } from '../store-fixtures.js';
import { migrateSchema, readUserVersion, SCHEMA_VERSION } from './schema.js';
import { DB_FILE_NAME, openSqliteStore, type SqliteStore } from './sqlite-store.js';

function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'truceline-store-'));
}

describeStoreContract('SQLite file', () => {
  const dir = makeTempDir();
  return {
    persistent: true,
    open: () => openSqliteStore({ dir }),
    flushIndex: (store) => {
      (store as SqliteStore).flushObservationIndex();
    },
    crash: (store) => (store as SqliteStore).abandonForTest(),
    destroy: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeStoreContract('SQLite in-memory', () => ({
  persistent: false,
  open: () => openSqliteStore({ memory: true }),
  flushIndex: (store) => {
    (store as SqliteStore).flushObservationIndex();
  },
  destroy: () => {},
}));

describe('SQLite store', () => {
  let dir: string;
  const opened: SqliteStore[] = [];
  const open = (opts: Parameters<typeof openSqliteStore>[0] = {}) => {
    const store = openSqliteStore({ dir, ...opts });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = join(makeTempDir(), 'nested', 'data');
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(join(dir, '..', '..'), { recursive: true, force: true });
  });

  it('creates the data directory and truceline.db inside it', async () => {
    const store = open();
    expect(store.file).toBe(join(dir, DB_FILE_NAME));
    expect(existsSync(store.file)).toBe(true);
  });

  it('refuses options that name no database or more than one', () => {
    expect(() => openSqliteStore({})).toThrow(/exactly one of dir, file or memory/);
    expect(() => openSqliteStore({ dir, memory: true })).toThrow(/exactly one/);
  });

  it('runs its migrations once: reopening finds the latest schema and changes nothing', async () => {
    await open().close();
    const db = new Database(join(dir, DB_FILE_NAME));
    expect(readUserVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrateSchema(db)).toBe(0);
    db.close();
    await open().close();
    await open().close();
  });

  it('refuses a database written by a newer schema, naming both versions', () => {
    const store = open();
    store.abandonForTest();
    const db = new Database(store.file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => open()).toThrow(
      new RegExp(`version ${SCHEMA_VERSION + 1}, this build knows up to ${SCHEMA_VERSION}`),
    );
  });

  it('refuses UPDATE and DELETE on the audit log, until someone drops its triggers', async () => {
    const store = open();
    const entry = {
      tMs: T0_MS,
      actor: 'system',
      action: 'agreement.loaded',
      subjectType: 'agreement',
      subjectId: 'agr-1',
      details: {},
    } as const;
    await store.appendAudit(entry);
    const db = new Database(store.file);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'x'").run();
    db.close();
    expect(verifyAuditChain(await store.listAudit())).toMatchObject({
      ok: false,
      broken: { seq: 1, kind: 'edited' },
    });
  });

  it('chains audit entries from two connections to one file into one chain', async () => {
    const a = open();
    const b = open();
    const entry = (i: number) =>
      ({
        tMs: T0_MS + i,
        actor: i % 2 === 0 ? 'a' : 'b',
        action: 'incident.updated',
        subjectType: 'incident',
        subjectId: `inc-${i}`,
        details: { i },
      }) as const;
    for (let i = 0; i < 10; i++) await (i % 2 === 0 ? a : b).appendAudit(entry(i));
    const listed = await a.listAudit();
    expect(listed.map((e) => e.actor).join('')).toBe('abababababab'.slice(0, 10));
    expect(verifyAuditChain(listed)).toMatchObject({ ok: true, count: 10 });
    expect(await b.auditHead()).toEqual(await a.auditHead());
  });

  it('moves the tail into chunks at an index flush and advances the watermark', async () => {
    const store = open();
    await store.appendObservations([
      makeObservation('mmsi:1', T0_MS),
      makeObservation('mmsi:2', T0_MS + 1),
    ]);
    expect(store.observationIndexState()).toEqual({ indexedThroughRowid: 0, tailRows: 2 });
    expect(store.flushObservationIndex()).toBe(2);
    expect(store.observationIndexState()).toEqual({ indexedThroughRowid: 2, tailRows: 0 });
    expect(store.flushObservationIndex()).toBe(0);
  });

  it('flushes the index by itself once the tail reaches indexFlushMaxRows', async () => {
    const store = open({ indexFlushMaxRows: 10 });
    await store.appendObservations(
      Array.from({ length: 12 }, (_, i) => makeObservation('mmsi:1', T0_MS + i)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.observationIndexState()).toEqual({ indexedThroughRowid: 12, tailRows: 0 });
  });

  it('flushes the index on its wall-clock interval', async () => {
    const store = open({ indexFlushIntervalMs: 20 });
    await store.appendObservations([makeObservation('mmsi:1', T0_MS)]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(store.observationIndexState().tailRows).toBe(0);
  });

  it('indexes the tail of a crashed store again at open, from the table', async () => {
    const first = open();
    await first.appendObservations([makeObservation('mmsi:1', T0_MS)]);
    first.flushObservationIndex();
    await first.appendObservations([
      makeObservation('mmsi:1', T0_MS + 1),
      makeObservation('mmsi:2', T0_MS + 2),
    ]);
    first.abandonForTest();
    const second = open();
    expect(second.observationIndexState()).toEqual({ indexedThroughRowid: 1, tailRows: 2 });
    expect(await second.latestObservationTimeMs()).toBe(T0_MS + 2);
  });

  it('splits a track with more rows than one chunk holds and still honours the limit', async () => {
    const store = open();
    const rows = Array.from({ length: 2500 }, (_, i) => makeObservation('mmsi:1', T0_MS + i));
    await store.appendObservations(rows);
    store.flushObservationIndex();
    const got = await store.queryObservations({
      trackId: 'mmsi:1',
      fromMs: T0_MS + 1000,
      limit: 5,
    });
    expect(got.map((o) => o.tMs - T0_MS)).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect(await store.queryObservations({ trackId: 'mmsi:1' })).toHaveLength(2500);
  });

  it('shares one transaction among appends made in the same turn', async () => {
    const store = open();
    const db = new Database(store.file, { readonly: true });
    const before = db.pragma('data_version', { simple: true });
    await Promise.all([
      store.appendObservations([makeObservation('mmsi:1', T0_MS)]),
      store.appendObservations([makeObservation('mmsi:2', T0_MS)]),
      store.appendObservations([makeObservation('mmsi:3', T0_MS)]),
    ]);
    // data_version counts commits by other connections: one group, one commit.
    expect(db.pragma('data_version', { simple: true })).toBe((before as number) + 1);
    db.close();
  });

  it('rejects every batch of a failed transaction and forgets the track keys it made', async () => {
    const store = open();
    // A trigger stands in for a failure inside the transaction (disk full, I/O error).
    const db = new Database(store.file);
    db.exec(`CREATE TRIGGER refuse_lat_99 BEFORE INSERT ON observations WHEN NEW.lat = 99
             BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
    const a = store.appendObservations([makeObservation('mmsi:new', T0_MS)]);
    const b = store.appendObservations([makeObservation('mmsi:2', T0_MS, { lat: 99 })]);
    await expect(a).rejects.toThrow(/refused by test trigger/);
    await expect(b).rejects.toThrow(/refused by test trigger/);
    db.exec('DROP TRIGGER refuse_lat_99');
    db.close();
    await store.appendObservations([makeObservation('mmsi:new', T0_MS + 1)]);
    const got = await store.queryObservations({});
    expect(got.map((o) => `${o.trackId}@${o.tMs - T0_MS}`)).toEqual(['mmsi:new@1']);
    expect((await store.stats()).observations).toBe(1);
    await store.close();
    const again = open();
    expect(await again.queryObservations({ trackId: 'mmsi:new' })).toHaveLength(1);
  });

  it('loses nothing it acknowledged when its process is killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./append-until-killed.fixture.ts', import.meta.url)),
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let ackedRows = 0;
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) ackedRows = Number(line);
        if (ackedRows >= 20_000) child.kill('SIGKILL');
      });
    });
    expect(child.signalCode).toBe('SIGKILL');
    const store = open();
    const stored = (await store.stats()).observations;
    expect(stored).toBeGreaterThanOrEqual(ackedRows);
    // Rows are numbered by tMs in append order, so every acknowledged number must be there once.
    const all = await store.queryObservations({ limit: stored + 1 });
    expect(all.map((o) => o.tMs - T0_MS)).toEqual(Array.from({ length: stored }, (_, i) => i));
    const perTrack = await store.queryObservations({ trackId: 'mmsi:3', limit: stored });
    expect(perTrack.map((o) => o.tMs - T0_MS)).toEqual(
      Array.from({ length: stored }, (_, i) => i).filter((i) => i % 7 === 3),
    );
  }, 60_000);
});
