/**
 * A store opened with `observationLog: false` beside one that owns the
 * observation log, on one file through two connections: what the offline CLI
 * tools do next to a running `serve`. The owner keeps an unindexed tail the
 * whole time; the point is that the second store never indexes it, while the
 * tables both write (users, tokens, audit log) stay whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountService } from '../../accounts/account-service.js';
import type { Observation } from '../../core/types.js';
import { verifyAuditChain } from '../../incidents/audit-chain.js';
import { makeObservation, summarizeObservations, T0_MS } from '../store-fixtures.js';
import { DB_FILE_NAME, openSqliteStore, type SqliteStore } from './sqlite-store.js';

/** Cheap hashing: the test is about the tables, not the password policy. */
const TEST_SCRYPT = { N: 2 ** 4, r: 8, p: 1 };
/** No timer flush during a test: the tail stays pending until the test flushes or closes. */
const NEVER_MS = 3_600_000;

/** `n` observations from `first` on (tMs = T0 + i), over five tracks. */
function makeBatch(first: number, n: number): Observation[] {
  return Array.from({ length: n }, (_, i) =>
    makeObservation(`mmsi:${(first + i) % 5}`, T0_MS + first + i),
  );
}

/** Rows in the observation index tables, read around the stores. */
function countChunkRows(file: string): { track: number; time: number } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      track: db.prepare('SELECT count(*) FROM obs_track_chunks').pluck().get() as number,
      time: db.prepare('SELECT count(*) FROM obs_time_chunks').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('SQLite store opened with observationLog: false', () => {
  let dir: string;
  const opened: SqliteStore[] = [];
  const openOwner = () => {
    const s = openSqliteStore({ dir, indexFlushIntervalMs: NEVER_MS, indexFlushMaxRows: 1e9 });
    opened.push(s);
    return s;
  };
  const openBeside = () => {
    const s = openSqliteStore({ dir, observationLog: false });
    opened.push(s);
    return s;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'truceline-beside-'));
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes accounts and audit entries beside an owner with a pending tail, and the index keeps each observation once', async () => {
    const owner = openOwner();
    const appended: Observation[] = [];
    const append = async (batch: Observation[]) => {
      await owner.appendObservations(batch);
      appended.push(...batch);
    };
    await append(makeBatch(0, 400));
    owner.flushObservationIndex();
    await append(makeBatch(400, 300));
    expect(owner.observationIndexState()).toEqual({ indexedThroughRowid: 400, tailRows: 300 });

    const tool = openBeside();
    const toolAccounts = new AccountService(tool, { scrypt: TEST_SCRYPT });
    const ownerAccounts = new AccountService(owner, { scrypt: TEST_SCRYPT });
    // Both sides write at once: the owner appends observations and audits a
    // user of its own while the tool adds users and a token.
    await Promise.all([
      append(makeBatch(700, 200)),
      toolAccounts.addUser('cli:ops', { username: 'carol', role: 'analyst' }),
      append(makeBatch(900, 200)),
      ownerAccounts.addUser('admin', { username: 'dave', role: 'monitor' }),
      toolAccounts.addUser('cli:ops', { username: 'erin', role: 'observer' }),
      toolAccounts.createToken('cli:ops', { name: 'ais-north', scopes: ['ingest'] }),
      append(makeBatch(1100, 100)),
    ]);
    expect(owner.observationIndexState().tailRows).toBe(800);
    // The tool sees the owner's rows in its count without reading the log.
    expect((await tool.stats()).observations).toBe(1200);

    const chunksBefore = countChunkRows(owner.file);
    await tool.close();
    expect(countChunkRows(owner.file)).toEqual(chunksBefore);
    expect(owner.observationIndexState()).toEqual({ indexedThroughRowid: 400, tailRows: 800 });
    await owner.close();

    const reopened = openOwner();
    expect(reopened.observationIndexState()).toEqual({ indexedThroughRowid: 1200, tailRows: 0 });
    const all = await reopened.queryObservations({ limit: 10_000 });
    expect(summarizeObservations(all)).toEqual(summarizeObservations(appended));
    const oneTrack = await reopened.queryObservations({ trackId: 'mmsi:3', limit: 10_000 });
    expect(summarizeObservations(oneTrack)).toEqual(
      summarizeObservations(appended.filter((o) => o.trackId === 'mmsi:3')),
    );
    expect((await reopened.listUsers()).map((u) => u.username).sort()).toEqual([
      'carol',
      'dave',
      'erin',
    ]);
    expect((await reopened.listTokens()).map((t) => t.name)).toEqual(['ais-north']);
    const audit = await reopened.listAudit({ limit: 1000 });
    expect(verifyAuditChain(audit)).toMatchObject({ ok: true, count: 4 });
    expect(new Set(audit.map((e) => e.actor))).toEqual(new Set(['cli:ops', 'admin']));
  });

  it('refuses the observation log, naming the mode, and answers everything else', async () => {
    const owner = openOwner();
    await owner.appendObservations(makeBatch(0, 3));
    const tool = openBeside();
    const refused = /observationLog: false .*: queryObservations needs that log/;
    await expect(tool.queryObservations({})).rejects.toThrow(refused);
    await expect(tool.appendObservations(makeBatch(3, 1))).rejects.toThrow(/appendObservations/);
    await expect(tool.latestObservationTimeMs()).rejects.toThrow(/latestObservationTimeMs/);
    expect(() => tool.flushObservationIndex()).toThrow(/observationLog: false/);
    expect(() => tool.observationIndexState()).toThrow(/observationLog: false/);
    expect(await tool.stats()).toEqual({ observations: 3, tracks: 0, detections: 0 });
    expect(await tool.auditHead()).toEqual(await owner.auditHead());
    // Nothing the tool refused reached the file.
    expect(await owner.queryObservations({})).toHaveLength(3);
  });

  it('creates and migrates a fresh database, which an owner then opens', async () => {
    const tool = openBeside();
    expect(tool.file).toBe(join(dir, DB_FILE_NAME));
    await new AccountService(tool, { scrypt: TEST_SCRYPT }).addUser('cli:ops', {
      username: 'admin',
      role: 'admin',
    });
    expect(await tool.stats()).toEqual({ observations: 0, tracks: 0, detections: 0 });
    await tool.close();
    const owner = openOwner();
    await owner.appendObservations(makeBatch(0, 2));
    expect(await owner.getUser('admin')).toMatchObject({ role: 'admin' });
  });

  it('rejects an observationLog that is not a boolean', () => {
    expect(() => openSqliteStore({ dir, observationLog: 'no' as never })).toThrow(
      /expected observationLog true or false, got "no"/,
    );
  });
});
