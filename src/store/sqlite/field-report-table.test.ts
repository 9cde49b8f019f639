import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NewAuditEntry, verifyAuditChain } from '../../incidents/audit-chain.js';
import { makeReportInput, NOW_MS } from '../../incidents/field-report.fixture.js';
import type { AttachmentMeta, FieldReport } from '../../incidents/field-report-types.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

function makeReport(more: Partial<FieldReport> = {}): FieldReport {
  return {
    ...makeReportInput(),
    receivedMs: NOW_MS,
    reporterId: 'u-alice',
    reporterName: 'alice',
    attachments: [],
    ...more,
  };
}

function auditFor(id: string, action = 'field_report.filed'): NewAuditEntry {
  return {
    tMs: NOW_MS,
    actor: 'alice',
    action,
    subjectType: 'field_report',
    subjectId: id,
    details: {},
  };
}

function makeAttachment(i: number): AttachmentMeta {
  return {
    id: crypto.randomUUID(),
    mediaType: 'image/png',
    bytes: 100 + i,
    sha256: i.toString(16).padStart(64, '0'),
    fileName: `p${i}.png`,
  };
}

describe('FieldReportTable (SQLite)', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'truceline-frt-'));
    store = openSqliteStore({ dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a report and its audit entry once, however often the same id arrives at once', async () => {
    const report = makeReport({ bearingDeg: null, distanceM: null });
    const results = await Promise.all(
      [1, 2, 3].map(() => store.fieldReports.insertReport(report, auditFor(report.id))),
    );
    expect(results.map((r) => r.created)).toEqual([true, false, false]);
    expect(results[2]!.report).toEqual(report);
    const audit = await store.listAudit();
    expect(audit.map((e) => e.subjectId)).toEqual([report.id]);
    expect(verifyAuditChain(audit).ok).toBe(true);
  });

  it('writes neither the report nor its audit entry when the audit entry is refused', async () => {
    const report = makeReport();
    const badAudit = { ...auditFor(report.id), details: { lon: 33.5 } };
    await expect(store.fieldReports.insertReport(report, badAudit)).rejects.toThrow(TypeError);
    expect(await store.fieldReports.getReport(report.id)).toBeUndefined();
    expect(await store.listAudit()).toEqual([]);
  });

  it('keeps reports, their photos in order and the audit across a reopen', async () => {
    const report = makeReport();
    await store.fieldReports.insertReport(report, auditFor(report.id));
    const photos = [makeAttachment(1), makeAttachment(2)];
    for (const p of photos) {
      const r = await store.fieldReports.insertAttachment(report.id, p, {
        maxPerReport: 8,
        audit: auditFor(report.id, 'field_report.photo_added'),
      });
      expect(r.outcome).toBe('created');
    }
    await store.close();
    store = openSqliteStore({ dir });
    expect(await store.fieldReports.getReport(report.id)).toEqual({
      ...report,
      attachments: photos,
    });
    expect(await store.fieldReports.getAttachment(report.id, photos[1]!.id)).toEqual(photos[1]);
    expect(await store.fieldReports.getAttachment('other', photos[1]!.id)).toBeUndefined();
    expect(await store.listAudit()).toHaveLength(3);
  });

  it('counts the photo limit inside the transaction and audits only what it stored', async () => {
    const report = makeReport();
    await store.fieldReports.insertReport(report, auditFor(report.id));
    const outcomes = await Promise.all(
      [1, 2, 3].map((i) =>
        store.fieldReports.insertAttachment(report.id, makeAttachment(i), {
          maxPerReport: 2,
          audit: auditFor(report.id, 'field_report.photo_added'),
        }),
      ),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'created', 'limit']);
    expect(await store.listAudit()).toHaveLength(3);
  });

  it('says which report holds an attachment id that is already taken, and when a report is missing', async () => {
    const a = makeReport();
    await store.fieldReports.insertReport(a, auditFor(a.id));
    const photo = makeAttachment(1);
    const opts = { maxPerReport: 8, audit: auditFor(a.id, 'field_report.photo_added') };
    await store.fieldReports.insertAttachment(a.id, photo, opts);
    expect(await store.fieldReports.insertAttachment('b', photo, opts)).toEqual({
      outcome: 'exists',
      attachment: photo,
      reportId: a.id,
    });
    expect(await store.fieldReports.insertAttachment('b', makeAttachment(2), opts)).toEqual({
      outcome: 'no_report',
    });
  });

  it('refuses a cursor it did not make and a limit below 1, naming the field', async () => {
    await expect(store.fieldReports.listReports({ cursor: 'nonsense' })).rejects.toMatchObject({
      name: 'InvalidQueryError',
      field: 'cursor',
    });
    await expect(store.fieldReports.listReports({ limit: 0 })).rejects.toMatchObject({
      field: 'limit',
    });
  });

  it('pages reports of the same millisecond without skipping or repeating any', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = makeReport({ observedMs: NOW_MS - 1000 });
      await store.fieldReports.insertReport(r, auditFor(r.id));
      ids.push(r.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.fieldReports.listReports({
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual([...ids].sort().reverse());
  });
});
