/**
 * The whole path a daily report takes on a real server, with the real
 * incident service: a monitor files a field report, it becomes an incident,
 * an analyst verifies it and publishes the day's report, the incident is then
 * published under that report, and anyone can download and check the report.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetailBody, IncidentListBody } from '../../src/api/wire-incidents.js';
import type {
  PublishedReportList,
  PublishReportResponse,
  ReportPreview,
} from '../../src/api/wire-reports.js';
import { utcDayOf } from '../../src/incidents/report-period.js';
import { verifySignedDocument } from '../../src/incidents/report-signing.js';
import { loadOrCreateMissionKey } from '../../src/incidents/signing-key-file.js';
import {
  getJson,
  loginAs,
  makeDataDir,
  postJson,
  removeDataDir,
  startTruceline,
  type TestTruceline,
  waitFor,
} from './http-helpers.js';

describe('publishing the day’s report on a real server', () => {
  let dataDir: string;
  let app: TestTruceline;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-report-flow-');
    app = await startTruceline(dataDir, { simulate: false });
  });

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('publishes a verified incident from a field report in a signed report anyone can check', async () => {
    const monitor = await loginAs(app.url, 'monitor');
    const analyst = await loginAs(app.url, 'analyst');
    const reportId = randomUUID();
    const filed = await postJson(
      `${app.url}/api/field-reports`,
      {
        id: reportId,
        // Within today (UTC) even a minute after midnight.
        observedMs: Math.max(utcDayOf(Date.now()).fromMs, Date.now() - 60_000),
        lon: 33.6,
        lat: 45.3,
        category: 'shelling',
        count: 3,
        text: 'Impacts north of the bridge',
      },
      monitor,
    );
    expect(filed.status).toBe(201);

    const incident = await waitFor('the report to become an incident', async () => {
      const list = await getJson<IncidentListBody>(`${app.url}/api/incidents`, analyst);
      return list.body.items?.find((i) => i.fieldReportIds.includes(reportId));
    });
    for (const [action, body] of [
      ['review', {}],
      ['verify', { confidence: 'high', reason: 'Three impacts, seen and heard' }],
    ] as const) {
      const moved = await postJson(
        `${app.url}/api/incidents/${incident.id}/${action}`,
        body,
        analyst,
      );
      expect(moved.status, `${action}: ${JSON.stringify(moved.body)}`).toBe(200);
    }

    const preview = await getJson<ReportPreview>(`${app.url}/api/reports/preview`, analyst);
    expect(preview.body.content.totals.count).toBe(1);
    const { fromMs, toMs } = utcDayOf(Date.now());
    const published = await postJson<PublishReportResponse>(
      `${app.url}/api/reports`,
      { fromMs, toMs },
      analyst,
    );
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.newlyPublished).toBe(1);

    const after = await getJson<IncidentDetailBody>(
      `${app.url}/api/incidents/${incident.id}`,
      analyst,
    );
    expect(after.body.incident).toMatchObject({
      state: 'published',
      reportId: published.body.report.id,
    });

    // Logged out: the list, the envelope, and the check against the served key.
    const list = await getJson<PublishedReportList>(`${app.url}/api/reports`);
    expect(list.body.items.map((r) => r.id)).toEqual([published.body.report.id]);
    const envelope = await (
      await fetch(`${app.url}${published.body.report.links.signedJson}`)
    ).json();
    const key = await loadOrCreateMissionKey(dataDir);
    expect(verifySignedDocument(envelope, [key.publicKey])).toMatchObject({ ok: true });
    expect(envelope.payload.incidents[0]).toMatchObject({
      id: incident.id,
      kind: 'shelling',
      confidence: 'high',
    });
  });
});
