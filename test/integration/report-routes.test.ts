/**
 * The report endpoints through the real server and real logins: analysts
 * preview and publish, anyone lists and downloads, the signatures hold over
 * the bytes served, and bad periods are refused naming the field.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { buildApiServer } from '../../src/api/server.js';
import type { ErrorBody } from '../../src/api/wire.js';
import type {
  PublishedReportList,
  PublishedReportSummary,
  PublishReportResponse,
  ReportPreview,
} from '../../src/api/wire-reports.js';
import { InProcessBus } from '../../src/bus/index.js';
import { runCli } from '../../src/cli/main.js';
import { describeMissionKey, generateMissionKey } from '../../src/incidents/mission-key.js';
import {
  DAY0_MS,
  FakeIncidentSource,
  HOUR_MS,
  makeIncident,
  makeReportAgreement,
} from '../../src/incidents/report-fixtures.js';
import { DAY_MS } from '../../src/incidents/report-period.js';
import { ReportService } from '../../src/incidents/report-service.js';
import {
  verifyDetachedSignature,
  verifySignedDocument,
} from '../../src/incidents/report-signing.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { TEST_SCRYPT } from './access-fixture.js';
import { getJson, loginAs, postJson, type SessionLogin, TEST_PASSWORD } from './http-helpers.js';

const NOW_MS = DAY0_MS + 12 * HOUR_MS;
const key = generateMissionKey(DAY0_MS).key;

let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let url: string;
let analyst: SessionLogin;
let monitor: SessionLogin;
let incidents: FakeIncidentSource;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'truceline-report-routes-'));
  store = openSqliteStore({ dir });
  await store.saveAgreement(makeReportAgreement());
  const now = () => NOW_MS;
  const accounts = new AccountService(store, { now, scrypt: TEST_SCRYPT });
  for (const role of ['analyst', 'monitor'] as const) {
    await accounts.addUser('test', { username: role, role, password: TEST_PASSWORD });
  }
  incidents = new FakeIncidentSource([
    makeIncident('INC-1', DAY0_MS + HOUR_MS, { title: 'Shelling & <fire>', kind: 'shelling' }),
    makeIncident('INC-2', DAY0_MS + 2 * HOUR_MS),
  ]);
  const reports = new ReportService({
    store,
    incidents,
    missionKey: key,
    dataDir: dir,
    now,
    chromiumPath: null,
  });
  ({ app } = await buildApiServer({
    store,
    bus: new InProcessBus(),
    accounts,
    reports,
    ingest: async () => {},
    getAgreement: () => makeReportAgreement(),
    liveTracks: () => [],
    simulatorInfo: () => ({ running: false }),
    missionPublicKey: () => describeMissionKey(key),
    version: 'test',
    now,
  }));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  analyst = await loginAs(url, 'analyst');
  monitor = await loginAs(url, 'monitor');
});

afterAll(async () => {
  await app.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const DAY = { fromMs: DAY0_MS, toMs: DAY0_MS + DAY_MS };

describe('report routes', () => {
  it('lets only report writers preview and publish', async () => {
    expect((await getJson(`${url}/api/reports/preview`)).status).toBe(401);
    expect((await getJson(`${url}/api/reports/preview`, monitor)).status).toBe(403);
    expect((await postJson(`${url}/api/reports`, DAY)).status).toBe(401);
    expect((await postJson(`${url}/api/reports`, DAY, monitor)).status).toBe(403);
  });

  it('previews today (UTC) by default, and any period given as ms or ISO times', async () => {
    const today = await getJson<ReportPreview>(`${url}/api/reports/preview`, analyst);
    expect(today.status).toBe(200);
    expect(today.body.content.period).toMatchObject(DAY);
    expect(today.body.content.totals.count).toBe(2);
    expect(today.body.mapSvg).toMatch(/^<svg/);
    const iso = await getJson<ReportPreview>(
      `${url}/api/reports/preview?from=2025-12-31T00:00:00Z&to=${DAY0_MS}`,
      analyst,
    );
    expect(iso.body.content.period).toMatchObject({ fromMs: DAY0_MS - DAY_MS, toMs: DAY0_MS });
    expect(incidents.published).toEqual([]);
  });

  it('refuses an empty, too long or half-given period with a 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/reports', { fromMs: DAY0_MS, toMs: DAY0_MS }, 'toMs'],
      ['/api/reports', { fromMs: DAY0_MS, toMs: DAY0_MS + 40 * DAY_MS }, 'toMs'],
      ['/api/reports', { fromMs: NOW_MS + DAY_MS, toMs: NOW_MS + 2 * DAY_MS }, 'fromMs'],
      ['/api/reports', { fromMs: 'yesterday', toMs: DAY0_MS }, 'fromMs'],
      ['/api/reports', { toMs: DAY0_MS }, 'fromMs'],
      ['/api/reports', { ...DAY, title: 'x'.repeat(201) }, 'title'],
      ['/api/reports', { ...DAY, colour: 'red' }, 'colour'],
    ];
    for (const [path, body, field] of cases) {
      const res = await postJson<ErrorBody & { error: { field: string } }>(
        `${url}${path}`,
        body,
        analyst,
      );
      expect([res.status, res.body.error.field], JSON.stringify(body)).toEqual([400, field]);
      expect(res.body.error.message).toContain(field);
    }
    const half = await getJson<ErrorBody>(`${url}/api/reports/preview?from=${DAY0_MS}`, analyst);
    expect(half.status).toBe(400);
    expect(half.body.error.message).toMatch(/^to: /);
    const empty = await getJson<ErrorBody & { error: { field: string } }>(
      `${url}/api/reports/preview?from=${DAY0_MS}&to=${DAY0_MS}`,
      analyst,
    );
    expect([empty.status, empty.body.error.field]).toEqual([400, 'to']);
    expect(await store.publishedReports.list()).toEqual([]);
  });

  describe('once published', () => {
    let published: PublishReportResponse;
    beforeAll(async () => {
      const res = await postJson<PublishReportResponse>(
        `${url}/api/reports`,
        { ...DAY, title: 'Daily report, 1 January' },
        analyst,
      );
      expect(res.status).toBe(201);
      published = res.body;
    });

    it('answers with the report, its links, and why there is no PDF', () => {
      expect(published.report).toMatchObject({
        title: 'Daily report, 1 January',
        publishedBy: 'analyst',
        incidentCount: 2,
        hasPdf: false,
      });
      expect(published.newlyPublished).toBe(2);
      expect(published.pdfNote).toMatch(/chromium/);
      expect(incidents.published[0]).toMatchObject({
        reportId: published.report.id,
        actor: 'analyst',
      });
    });

    it('lists it publicly, newest first', async () => {
      const list = await getJson<PublishedReportList>(`${url}/api/reports`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((r) => r.id)).toEqual([published.report.id]);
      const one = await getJson<PublishedReportSummary>(
        `${url}/api/reports/${published.report.id}/summary`,
      );
      expect(one.body).toEqual(published.report);
    });

    it('serves the signed envelope as a named download that verifies', async () => {
      const res = await fetch(`${url}${published.report.links.signedJson}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="truceline-${published.report.id}-report.signed.json"`,
      );
      const envelope = await res.json();
      expect(verifySignedDocument(envelope, [key.publicKey])).toMatchObject({
        ok: true,
        payloadType: 'report/v1',
      });
      expect(envelope.payload.title).toBe('Daily report, 1 January');
    });

    it('serves CSV and GeoJSON whose detached signatures verify over the bytes served', async () => {
      const l = published.report.links;
      for (const [file, sig] of [
        [l.csv, l.csvSig],
        [l.geojson, l.geojsonSig],
      ] as const) {
        const bytes = new Uint8Array(await (await fetch(`${url}${file}`)).arrayBuffer());
        const signature = await (await fetch(`${url}${sig}`)).json();
        expect(verifyDetachedSignature(signature, bytes, [key.publicKey]).ok).toBe(true);
        // `.sig` names the same signature.
        const short = await (await fetch(`${url}${sig.replace(/\.sig\.json$/, '.sig')}`)).json();
        expect(short).toEqual(signature);
      }
      const csv = await fetch(`${url}${l.csv}`);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await csv.text()).toContain('Shelling & <fire>');
    });

    it('lets `truceline report verify` check every file under the name it was downloaded as', async () => {
      const pem = join(dir, 'mission.pub.pem');
      await writeFile(pem, key.publicKey.publicKeyPem);
      const l = published.report.links;
      const saved: string[] = [];
      for (const link of [l.signedJson, l.csv, l.csvSig, l.geojson, l.geojsonSig]) {
        const res = await fetch(`${url}${link}`);
        const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')![1]!;
        const file = join(dir, name);
        await writeFile(file, new Uint8Array(await res.arrayBuffer()));
        saved.push(file);
      }
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        for (const file of [saved[0]!, saved[1]!, saved[3]!]) {
          expect(await runCli(['report', 'verify', file, '--key', pem]), file).toBe(0);
        }
      } finally {
        out.mockRestore();
      }
    });

    it('serves the standalone page and the map, and 404s what does not exist', async () => {
      const page = await fetch(`${url}${published.report.links.html}`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('Shelling &amp; &lt;fire&gt;');
      expect(html).toContain('<svg');
      expect((await fetch(`${url}/api/reports/${published.report.id}/report.pdf`)).status).toBe(
        404,
      );
      expect((await fetch(`${url}/api/reports/${published.report.id}/record.json`)).status).toBe(
        404,
      );
      expect((await fetch(`${url}/api/reports/RPT-20990101-00000000`)).status).toBe(404);
      expect((await fetch(`${url}/api/reports/..%2F..%2Ftruceline.db`)).status).toBe(404);
    });

    it('lists it in the JSON Feed and the Atom feed with absolute links', async () => {
      const json = await fetch(`${url}/feed.json`);
      expect(json.headers.get('content-type')).toMatch(/^application\/feed\+json/);
      const feed = await json.json();
      expect(feed.items[0].url).toBe(`${url}/reports.html?id=${published.report.id}`);
      const atom = await fetch(`${url}/feed.atom`);
      expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
      const text = await atom.text();
      expect(text).toContain(`<id>urn:truceline:report:${published.report.id}</id>`);
      expect(text).toContain('<title>Daily report, 1 January</title>');
    });
  });
});
