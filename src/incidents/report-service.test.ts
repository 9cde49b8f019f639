import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/index.js';
import { IncidentError } from './incident-error.js';
import { generateMissionKey, type MissionKey } from './mission-key.js';
import {
  DAY0_MS,
  FakeIncidentSource,
  HOUR_MS,
  makeIncident,
  makeReportAgreement,
} from './report-fixtures.js';
import { findChromium } from './report-pdf.js';
import { DAY_MS, ReportPeriodError } from './report-period.js';
import { ReportConflictError, ReportService } from './report-service.js';
import { verifyDetachedSignature, verifySignedDocument } from './report-signing.js';

const NOW_MS = DAY0_MS + DAY_MS + 6 * HOUR_MS;
const DAY = { fromMs: DAY0_MS, toMs: DAY0_MS + DAY_MS };

let dir: string;
let store: SqliteStore;
let key: MissionKey;
let incidents: FakeIncidentSource;

function makeService(chromiumPath: string | null = null): ReportService {
  return new ReportService({
    store,
    incidents,
    missionKey: key,
    dataDir: dir,
    now: () => NOW_MS,
    chromiumPath,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'truceline-reports-'));
  store = openSqliteStore({ dir });
  await store.saveAgreement(makeReportAgreement());
  key = generateMissionKey(DAY0_MS).key;
  incidents = new FakeIncidentSource([
    makeIncident('INC-1', DAY0_MS + HOUR_MS, { kind: 'shelling', title: 'Shelling, "north" <b>' }),
    makeIncident('INC-2', DAY0_MS + 2 * HOUR_MS, {
      state: 'published',
      reportId: 'RPT-20251231-00000000',
    }),
    makeIncident('INC-3', DAY0_MS + 3 * HOUR_MS, { state: 'under_review' }),
    makeIncident('INC-0', DAY0_MS - HOUR_MS),
  ]);
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ReportService.publish', () => {
  it('signs the report JSON as an envelope that verifies, and a change to it does not', async () => {
    const { report } = await makeService().publish(DAY, 'ana');
    const envelope = JSON.parse(
      await readFile(join(dir, 'reports', report.id, 'report.signed.json'), 'utf8'),
    );
    expect(verifySignedDocument(envelope, [key.publicKey])).toMatchObject({
      ok: true,
      payloadType: 'report/v1',
    });
    expect(envelope.payload).toMatchObject({
      id: report.id,
      totals: { count: 2, previous: 1, delta: 1 },
    });
    expect(envelope.payload.incidents.map((i: { id: string }) => i.id)).toEqual(['INC-1', 'INC-2']);

    envelope.payload.totals.count = 1;
    expect(verifySignedDocument(envelope, [key.publicKey])).toMatchObject({
      ok: false,
      failure: 'payload_changed',
    });
  });

  it('signs the exact stored bytes of the CSV and GeoJSON, and a changed byte fails', async () => {
    const { report } = await makeService().publish(DAY, 'ana');
    const files = join(dir, 'reports', report.id);
    for (const name of ['report.csv', 'report.geojson']) {
      const bytes = await readFile(join(files, name));
      const sig = JSON.parse(await readFile(join(files, `${name}.sig.json`), 'utf8'));
      expect(verifyDetachedSignature(sig, bytes, [key.publicKey])).toMatchObject({
        ok: true,
        payloadType: name,
      });
      const changed = Buffer.from(bytes);
      changed[changed.length - 3]! ^= 1;
      expect(verifyDetachedSignature(sig, changed, [key.publicKey])).toMatchObject({
        ok: false,
        failure: 'payload_changed',
      });
      sig.signedAt = '2026-01-01T00:00:00.000Z';
      expect(verifyDetachedSignature(sig, bytes, [key.publicKey])).toMatchObject({
        ok: false,
        failure: 'bad_signature',
      });
    }
  });

  it('marks only the verified incidents published, under the report id, by the publisher', async () => {
    const { report, newlyPublished } = await makeService().publish(DAY, 'ana');
    expect(newlyPublished).toBe(1);
    expect(incidents.published).toEqual([{ ids: ['INC-1'], reportId: report.id, actor: 'ana' }]);
    expect(incidents.incidents.find((i) => i.id === 'INC-3')!.state).toBe('under_review');
  });

  it('stores the row with a report.published audit entry naming its files and digests', async () => {
    const { report } = await makeService().publish({ ...DAY, title: 'Daily report' }, 'ana');
    const stored = await store.publishedReports.get(report.id);
    expect(stored).toMatchObject({
      id: report.id,
      title: 'Daily report',
      publishedBy: 'ana',
      incidentIds: ['INC-1', 'INC-2'],
      hasPdf: false,
    });
    const audit = (await store.listAudit()).filter((e) => e.action === 'report.published');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'ana',
      subjectType: 'report',
      subjectId: report.id,
      details: { payloadSha256: report.payloadSha256, incidentIds: ['INC-1', 'INC-2'] },
    });
    expect(Object.keys((audit[0]!.details as { files: object }).files).sort()).toEqual([
      'report.csv',
      'report.geojson',
    ]);
  });

  it('renders a standalone page: no script, nothing fetched, the map inline, text escaped', async () => {
    const { report } = await makeService().publish(DAY, 'ana');
    const html = (await makeService().readFile(report.id, 'report.html'))!.toString();
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    // The only URL is the SVG namespace.
    expect(html.match(/https?:\/\/[^"'\s<]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain('<svg');
    expect(html).toContain('Shelling, &quot;north&quot; &lt;b&gt;');
    expect(html).toContain(report.payloadSha256);
  });

  it('publishes without a PDF when there is no chromium, and says so', async () => {
    const answer = await makeService(null).publish(DAY, 'ana');
    expect(answer.report.hasPdf).toBe(false);
    expect(answer.report.links.pdf).toBeNull();
    expect(answer.pdfNote).toMatch(/chromium is not installed/);
    expect(await readdir(join(dir, 'reports', answer.report.id))).not.toContain('report.pdf');
  });

  it.skipIf(findChromium() === null)(
    'prints a PDF with chromium and signs its bytes',
    { timeout: 120_000 },
    async () => {
      const answer = await makeService(findChromium()).publish(DAY, 'ana');
      expect(answer.pdfNote).toBeNull();
      const service = makeService();
      const pdf = (await service.readFile(answer.report.id, 'report.pdf'))!;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const sig = JSON.parse(
        (await service.readFile(answer.report.id, 'report.pdf.sig.json'))!.toString(),
      );
      expect(verifyDetachedSignature(sig, pdf, [key.publicKey])).toMatchObject({
        ok: true,
        payloadType: 'report.pdf',
      });
    },
  );

  it('refuses an empty, reversed, too long or future period, naming the field', async () => {
    const service = makeService();
    const refusal = (fromMs: number, toMs: number) =>
      service.publish({ fromMs, toMs }, 'ana').catch((e) => e);
    expect(await refusal(DAY0_MS, DAY0_MS)).toMatchObject({ field: 'toMs' });
    expect(await refusal(DAY0_MS, DAY0_MS - 1)).toBeInstanceOf(ReportPeriodError);
    expect(await refusal(DAY0_MS, DAY0_MS + 32 * DAY_MS)).toMatchObject({ field: 'toMs' });
    expect(await refusal(NOW_MS + 1, NOW_MS + DAY_MS)).toMatchObject({ field: 'fromMs' });
    expect(await store.publishedReports.list()).toEqual([]);
  });

  it('publishes nothing when an incident changed state while the report was made', async () => {
    const service = makeService();
    const original = incidents.markPublished.bind(incidents);
    incidents.markPublished = async () => {
      throw new IncidentError('conflict', 'INC-1 is under review, not verified');
    };
    await expect(service.publish(DAY, 'ana')).rejects.toBeInstanceOf(ReportConflictError);
    incidents.markPublished = original;
    expect(await store.publishedReports.list()).toEqual([]);
    expect(await readdir(join(dir, 'reports'))).toEqual([]);
  });

  it('finishes a publication that a crash cut off after its files were written', async () => {
    const first = await makeService().publish(DAY, 'ana');
    // As if the process died before the row committed: the directory is
    // there, the row is not, and the incident was not marked.
    const copy = join(dir, 'reports', 'RPT-20260101-deadbeef');
    const record = JSON.parse(
      await readFile(join(dir, 'reports', first.report.id, 'record.json'), 'utf8'),
    );
    await mkdir(join(dir, 'reports', '.staging-RPT-20260101-00000bad'));
    await cp(join(dir, 'reports', first.report.id), copy, { recursive: true });
    incidents.incidents.push(makeIncident('INC-4', DAY0_MS + 4 * HOUR_MS));
    await writeFile(
      join(copy, 'record.json'),
      JSON.stringify({
        ...record,
        id: 'RPT-20260101-deadbeef',
        incidentIds: [...record.incidentIds, 'INC-4'],
      }),
    );

    const restarted = makeService();
    expect(await restarted.resumeUnfinished()).toEqual(['RPT-20260101-deadbeef']);
    expect(await store.publishedReports.get('RPT-20260101-deadbeef')).toBeDefined();
    expect(incidents.published.at(-1)).toEqual({
      ids: ['INC-4'],
      reportId: 'RPT-20260101-deadbeef',
      actor: 'ana',
    });
    expect(await readdir(join(dir, 'reports'))).not.toContain('.staging-RPT-20260101-00000bad');
  });
});

describe('ReportService recovery', () => {
  it('logs a report directory it cannot finish and goes on serving the others', async () => {
    const ok = await makeService().publish(DAY, 'ana');
    await mkdir(join(dir, 'reports', 'RPT-20260101-0badf00d'));
    await writeFile(join(dir, 'reports', 'RPT-20260101-0badf00d', 'record.json'), '{ not json');
    const logged: string[] = [];
    const service = new ReportService({
      store,
      incidents,
      missionKey: key,
      dataDir: dir,
      now: () => NOW_MS,
      chromiumPath: null,
      logError: (_err, message) => logged.push(message),
    });
    expect((await service.list()).map((r) => r.id)).toEqual([ok.report.id]);
    expect(logged).toEqual([expect.stringMatching(/^report RPT-20260101-0badf00d: /)]);
  });
});

describe('ReportService reading', () => {
  it('lists published reports newest first and serves only their own files', async () => {
    const service = makeService();
    const a = await service.publish(DAY, 'ana');
    const b = await service.publish({ fromMs: DAY0_MS - DAY_MS, toMs: DAY0_MS }, 'ana');
    expect((await service.list()).map((r) => r.id).sort()).toEqual(
      [a.report.id, b.report.id].sort(),
    );
    expect(await service.readFile(a.report.id, 'report.csv')).toBeInstanceOf(Buffer);
    expect(await service.readFile(a.report.id, 'record.json')).toBeUndefined();
    expect(await service.readFile(a.report.id, '../truceline.db')).toBeUndefined();
    expect(await service.readFile('RPT-20990101-00000000', 'report.csv')).toBeUndefined();
    expect(await service.get('../../etc')).toBeUndefined();
  });

  it('previews a period without publishing or marking anything', async () => {
    const preview = await makeService().preview(DAY.fromMs, DAY.toMs, 'Draft');
    expect(preview.content).toMatchObject({ id: 'preview', title: 'Draft', totals: { count: 2 } });
    expect(preview.mapSvg.startsWith('<svg')).toBe(true);
    expect(preview.mapSvg).toContain('<text');
    expect(incidents.published).toEqual([]);
    expect(await store.publishedReports.list()).toEqual([]);
  });
});
