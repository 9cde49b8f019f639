import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/index.js';
import { openSqliteStore, type SqliteStore } from '../store/index.js';
import { verifyAuditChain } from './audit-chain.js';
import {
  GIF_BYTES,
  JPEG_BYTES,
  makeReportInput,
  NOW_MS,
  PNG_BYTES,
  WEBP_BYTES,
} from './field-report.fixture.js';
import { sha256OfBytes, sniffImageType } from './field-report-attachments.js';
import {
  type AttachmentUpload,
  FieldReportService,
  hashReportContent,
} from './field-report-service.js';
import type { FieldReport } from './field-report-types.js';

const ALICE = { userId: 'u-alice', username: 'alice' };
const BOB = { userId: 'u-bob', username: 'bob' };
const ANALYST = { userId: 'u-ana', readsAll: true };

function upload(bytes: Buffer, more: Partial<AttachmentUpload> = {}): AttachmentUpload {
  return {
    attachmentId: crypto.randomUUID(),
    declaredType: sniffImageType(bytes),
    fileName: 'crater.png',
    bytes,
    ...more,
  };
}

describe('FieldReportService', () => {
  let dataDir: string;
  let store: SqliteStore;
  let service: FieldReportService;
  let published: FieldReport[][];

  const openService = () => {
    store = openSqliteStore({ dir: dataDir });
    const bus = new InProcessBus();
    published = [];
    bus.subscribe('fieldReports', (batch) => published.push([...batch]));
    service = new FieldReportService({ store, bus, dataDir, now: () => NOW_MS });
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'truceline-fr-'));
    openService();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('filing', () => {
    it('stores a new report as the reporter, audits it and tells the bus once', async () => {
      const input = makeReportInput();
      const { report, created } = await service.fileReport(input, ALICE);
      expect(created).toBe(true);
      expect(report).toEqual({
        ...input,
        receivedMs: NOW_MS,
        reporterId: 'u-alice',
        reporterName: 'alice',
        attachments: [],
      });
      expect(await service.getReport(input.id, { userId: 'u-alice', readsAll: false })).toEqual(
        report,
      );
      expect(published).toEqual([[report]]);
      const audit = await store.listAudit();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: 'alice',
        action: 'field_report.filed',
        subjectType: 'field_report',
        subjectId: input.id,
        details: {
          category: 'shelling',
          count: 4,
          lonLat: '33.52,45.07',
          contentSha256: hashReportContent(input),
        },
      });
      expect(verifyAuditChain(audit).ok).toBe(true);
    });

    it('fills in count 1, no estimates and no text when they are left out', async () => {
      const { id, observedMs, lon, lat } = makeReportInput();
      const { report } = await service.fileReport(
        { id, observedMs, lon, lat, category: 'explosion' },
        ALICE,
      );
      expect(report).toMatchObject({ count: 1, bearingDeg: null, distanceM: null, text: '' });
    });

    it('answers a resend with the stored report, storing, auditing and publishing nothing more', async () => {
      const input = makeReportInput();
      const first = await service.fileReport(input, ALICE);
      const later = new FieldReportService({ ...service.opts, now: () => NOW_MS + 60_000 });
      const again = await later.fileReport({ ...input }, ALICE);
      expect(again).toEqual({ report: first.report, created: false });
      expect(await store.listAudit()).toHaveLength(1);
      expect(published).toHaveLength(1);
      expect((await store.fieldReports.listReports({})).items).toHaveLength(1);
    });

    it('refuses the same id with other content, or from someone else, naming id', async () => {
      const input = makeReportInput();
      await service.fileReport(input, ALICE);
      await expect(service.fileReport({ ...input, count: 5 }, ALICE)).rejects.toMatchObject({
        kind: 'conflict',
        field: 'id',
      });
      await expect(service.fileReport(input, BOB)).rejects.toMatchObject({
        kind: 'conflict',
        field: 'id',
      });
      expect((await service.getReport(input.id, ANALYST)).count).toBe(4);
    });

    it.each([
      ['id', { id: 'report-1' }],
      ['observedMs', { observedMs: NOW_MS + 6 * 60_000 }],
      ['observedMs', { observedMs: NOW_MS - 31 * 24 * 3600_000 }],
      ['observedMs', { observedMs: 1.5 }],
      ['lon', { lon: 180.5 }],
      ['lat', { lat: -90.01 }],
      ['category', { category: 'rumour' }],
      ['count', { count: 0 }],
      ['count', { count: 10_001 }],
      ['count', { count: 2.5 }],
      ['bearingDeg', { bearingDeg: 361 }],
      ['bearingDeg', { bearingDeg: -1 }],
      ['distanceM', { distanceM: 100_001 }],
      ['text', { text: 'x'.repeat(4001) }],
      ['bearing', { bearing: 45 }],
    ])('refuses a bad %s, naming it', async (field, change) => {
      const input = { ...makeReportInput(), ...change };
      await expect(service.fileReport(input, ALICE)).rejects.toMatchObject({
        name: 'FieldReportError',
        kind: 'invalid',
        field,
      });
      expect(await store.listAudit()).toHaveLength(0);
      expect(published).toHaveLength(0);
    });

    it('refuses a body that is not an object', async () => {
      await expect(service.fileReport('hello', ALICE)).rejects.toMatchObject({
        kind: 'invalid',
        field: 'body',
      });
    });

    it('accepts a time a little ahead of the server clock, and the limits themselves', async () => {
      const input = makeReportInput({
        observedMs: NOW_MS + 4 * 60_000,
        count: 10_000,
        bearingDeg: 360,
        distanceM: 100_000,
        text: 'x'.repeat(4000),
        lon: -180,
        lat: 90,
      });
      expect((await service.fileReport(input, ALICE)).created).toBe(true);
    });
  });

  describe('photos', () => {
    let reportId: string;
    beforeEach(async () => {
      reportId = (await service.fileReport(makeReportInput(), ALICE)).report.id;
    });

    it.each([
      ['image/png', PNG_BYTES],
      ['image/jpeg', JPEG_BYTES],
      ['image/webp', WEBP_BYTES],
    ])('keeps a %s under its SHA-256 and lists it with the report', async (type, bytes) => {
      const { attachment, created } = await service.addAttachment(reportId, upload(bytes), ALICE);
      expect(created).toBe(true);
      expect(attachment).toMatchObject({
        mediaType: type,
        bytes: bytes.length,
        sha256: sha256OfBytes(bytes),
        fileName: 'crater.png',
      });
      const onDisk = service.files.pathOf(attachment.sha256);
      expect(readFileSync(onDisk)).toEqual(bytes);
      expect((await service.getReport(reportId, ANALYST)).attachments).toEqual([attachment]);
      const audit = await store.listAudit();
      expect(audit.at(-1)).toMatchObject({
        action: 'field_report.photo_added',
        subjectId: reportId,
        details: { attachmentId: attachment.id, sha256: attachment.sha256 },
      });
    });

    it('has the file durable on disk before the row that names it is written', async () => {
      const table = store.fieldReports;
      const original = table.insertAttachment.bind(table);
      let fileWhenRowWritten: Buffer | undefined;
      table.insertAttachment = async (id, attachment, opts) => {
        const path = service.files.pathOf(attachment.sha256);
        fileWhenRowWritten = existsSync(path) ? readFileSync(path) : undefined;
        return original(id, attachment, opts);
      };
      await service.addAttachment(reportId, upload(PNG_BYTES), ALICE);
      expect(fileWhenRowWritten).toEqual(PNG_BYTES);
    });

    it('still has an acknowledged photo after the store is reopened', async () => {
      const sent = upload(JPEG_BYTES);
      await service.addAttachment(reportId, sent, ALICE);
      await store.close();
      openService();
      const { attachment, stream } = await service.openAttachment(reportId, sent.attachmentId, {
        userId: 'u-alice',
        readsAll: false,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks)).toEqual(JPEG_BYTES);
      expect(attachment.mediaType).toBe('image/jpeg');
    });

    it('answers a resend of the same photo with what it stored, and refuses other bytes under its id', async () => {
      const sent = upload(PNG_BYTES);
      const first = await service.addAttachment(reportId, sent, ALICE);
      const again = await service.addAttachment(reportId, { ...sent }, ALICE);
      expect(again).toEqual({ attachment: first.attachment, created: false });
      await expect(
        service.addAttachment(
          reportId,
          { ...sent, bytes: JPEG_BYTES, declaredType: 'image/jpeg' },
          ALICE,
        ),
      ).rejects.toMatchObject({ kind: 'conflict', field: 'attachmentId' });
      expect((await service.getReport(reportId, ANALYST)).attachments).toHaveLength(1);
    });

    it('refuses bytes that are not an accepted photo, naming the body', async () => {
      await expect(
        service.addAttachment(reportId, upload(GIF_BYTES, { declaredType: 'image/png' }), ALICE),
      ).rejects.toMatchObject({ kind: 'unsupported_media_type', field: 'body' });
    });

    it('refuses bytes of another type than declared, naming content-type', async () => {
      await expect(
        service.addAttachment(reportId, upload(PNG_BYTES, { declaredType: 'image/jpeg' }), ALICE),
      ).rejects.toMatchObject({ kind: 'unsupported_media_type', field: 'content-type' });
    });

    it('refuses a photo over 10 MiB before writing anything', async () => {
      const big = Buffer.concat([PNG_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
      await expect(service.addAttachment(reportId, upload(big), ALICE)).rejects.toMatchObject({
        kind: 'too_large',
        field: 'body',
      });
      expect(existsSync(service.files.pathOf(sha256OfBytes(big)))).toBe(false);
    });

    it('keeps at most 8 photos per report', async () => {
      for (let i = 0; i < 8; i++) {
        const bytes = Buffer.concat([PNG_BYTES, Buffer.from([i])]);
        await service.addAttachment(reportId, upload(bytes), ALICE);
      }
      await expect(
        service.addAttachment(reportId, upload(JPEG_BYTES), ALICE),
      ).rejects.toMatchObject({ kind: 'attachment_limit', field: 'attachments' });
      expect((await service.getReport(reportId, ANALYST)).attachments).toHaveLength(8);
    });

    it("lets only the report's reporter add photos", async () => {
      await expect(service.addAttachment(reportId, upload(PNG_BYTES), BOB)).rejects.toMatchObject({
        kind: 'not_found',
        field: 'id',
      });
    });

    it('refuses an attachment id that is not a UUID', async () => {
      await expect(
        service.addAttachment(reportId, upload(PNG_BYTES, { attachmentId: 'a1' }), ALICE),
      ).rejects.toMatchObject({ kind: 'invalid', field: 'attachmentId' });
    });

    it('keeps only the file name, without path or control characters', async () => {
      const { attachment } = await service.addAttachment(
        reportId,
        upload(PNG_BYTES, { fileName: '../../etc/"x"\u0000.png' }),
        ALICE,
      );
      expect(attachment.fileName).toBe('x.png');
      const unnamed = await service.addAttachment(
        reportId,
        upload(JPEG_BYTES, { fileName: undefined }),
        ALICE,
      );
      expect(unnamed.attachment.fileName).toBe('photo.jpeg');
    });
  });

  describe('reading', () => {
    const monitor = (userId: string) => ({ userId, readsAll: false });

    it("hides someone else's report and photos from a monitor, as if they did not exist", async () => {
      const { report } = await service.fileReport(makeReportInput(), ALICE);
      const photo = upload(PNG_BYTES);
      await service.addAttachment(report.id, photo, ALICE);
      await expect(service.getReport(report.id, monitor('u-bob'))).rejects.toMatchObject({
        kind: 'not_found',
      });
      await expect(
        service.openAttachment(report.id, photo.attachmentId, monitor('u-bob')),
      ).rejects.toMatchObject({ kind: 'not_found' });
      expect(await service.getReport(report.id, ANALYST)).toMatchObject({ id: report.id });
    });

    it('lists only their own reports to a monitor, whatever the filters ask', async () => {
      await service.fileReport(makeReportInput(), ALICE);
      const bobs = await service.fileReport(makeReportInput(), BOB);
      const page = await service.listReports({ reporterName: 'alice' }, monitor('u-bob'));
      expect(page.items).toEqual([]);
      const own = await service.listReports({}, monitor('u-bob'));
      expect(own.items.map((r) => r.id)).toEqual([bobs.report.id]);
    });

    it('lists every report to an analyst, newest observed first, filtered and paged', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const input = makeReportInput({
          observedMs: NOW_MS - (10 - i) * 60_000,
          category: i % 2 === 0 ? 'shelling' : 'drone_activity',
        });
        await service.fileReport(input, i < 3 ? ALICE : BOB);
        ids.push(input.id);
      }
      const first = await service.listReports({ limit: 2 }, ANALYST);
      expect(first.items.map((r) => r.id)).toEqual([ids[4], ids[3]]);
      const second = await service.listReports({ limit: 2, cursor: first.next! }, ANALYST);
      expect(second.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      const third = await service.listReports({ limit: 2, cursor: second.next! }, ANALYST);
      expect(third).toEqual({ items: [expect.objectContaining({ id: ids[0] })], next: null });

      const shelling = await service.listReports({ category: 'shelling' }, ANALYST);
      expect(shelling.items.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0]]);
      const bobsOnly = await service.listReports({ reporterName: 'BOB' }, ANALYST);
      expect(bobsOnly.items.map((r) => r.id)).toEqual([ids[4], ids[3]]);
      const window = await service.listReports(
        { fromMs: NOW_MS - 9 * 60_000, toMs: NOW_MS - 7 * 60_000 },
        ANALYST,
      );
      expect(window.items.map((r) => r.id)).toEqual([ids[3], ids[2], ids[1]]);
    });
  });
});
