import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../incidents/audit-chain.js';
import { ConflictError } from '../conflict-error.js';
import { openSqliteStore, type SqliteStore } from '../index.js';
import type { PublishedReportRecord } from '../published-report-store.js';

let dir: string;
let store: SqliteStore;

function record(id: string, publishedMs: number): PublishedReportRecord {
  return {
    id,
    title: `Report ${id}`,
    fromMs: 0,
    toMs: 86_400_000,
    publishedMs,
    publishedBy: 'ana',
    keyId: '0123456789abcdef',
    incidentIds: ['INC-1', 'INC-2'],
    payloadSha256: 'a'.repeat(64),
    fileSha256: { 'report.csv': 'b'.repeat(64) },
    hasPdf: true,
    summary: 'Two incidents.',
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'truceline-published-'));
  store = openSqliteStore({ dir });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('PublishedReportTable', () => {
  it('keeps a report as given and lists reports newest first', async () => {
    await store.publishedReports.insert(record('RPT-20260101-00000001', 1000), 'ana');
    await store.publishedReports.insert(record('RPT-20260102-00000002', 2000), 'bob');
    expect(await store.publishedReports.get('RPT-20260101-00000001')).toEqual(
      record('RPT-20260101-00000001', 1000),
    );
    expect((await store.publishedReports.list()).map((r) => r.id)).toEqual([
      'RPT-20260102-00000002',
      'RPT-20260101-00000001',
    ]);
    expect(await store.publishedReports.list({ limit: 1 })).toHaveLength(1);
    expect(await store.publishedReports.get('RPT-nope')).toBeUndefined();
  });

  it('appends one chained report.published audit entry per report', async () => {
    await store.publishedReports.insert(record('RPT-20260101-00000001', 1000), 'ana');
    const entries = await store.listAudit();
    expect(entries.map((e) => [e.action, e.subjectType, e.subjectId, e.actor])).toEqual([
      ['report.published', 'report', 'RPT-20260101-00000001', 'ana'],
    ]);
    expect(verifyAuditChain(entries).ok).toBe(true);
  });

  it('refuses an id published before, with neither a second row nor a second audit entry', async () => {
    await store.publishedReports.insert(record('RPT-20260101-00000001', 1000), 'ana');
    await expect(
      store.publishedReports.insert(record('RPT-20260101-00000001', 2000), 'ana'),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await store.publishedReports.list()).toHaveLength(1);
    expect(await store.listAudit()).toHaveLength(1);
  });

  it('writes no row when its audit entry fails (one transaction)', async () => {
    const other = new Database(join(dir, 'truceline.db'));
    other.exec(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    );
    other.close();
    await expect(
      store.publishedReports.insert(record('RPT-20260101-00000001', 1000), 'ana'),
    ).rejects.toThrow(/audit refused/);
    expect(await store.publishedReports.list()).toEqual([]);
  });

  it('rejects a bad page size as a query error', async () => {
    await expect(store.publishedReports.list({ limit: 0 })).rejects.toThrow(/limit/);
  });
});
