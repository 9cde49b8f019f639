/**
 * POST /api/what-if against the real server (simulator off): recorded
 * observations judged again under the agreement in force and under a draft
 * built from the demo agreement file, and the requests it refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DetectionsBody,
  ErrorBody,
  IngestBody,
  WhatIfBody,
  WhatIfErrorBody,
} from '../../src/api/wire.js';
import {
  type AgreementFileShape,
  demoDraftWithout,
  readDemoAgreementFile,
} from '../fixtures/demo-drafts.js';
import {
  asReader,
  asSensor,
  getJson,
  loginAs,
  makeDataDir,
  postJson,
  removeDataDir,
  type SessionLogin,
  startTruceline,
  type TestTruceline,
  waitFor,
} from './http-helpers.js';

const ZONE_ID = 'no-fly-south';
const TRACK_ID = 'icao:7e57a1';
const HOUR_MS = 3600_000;

describe('POST /api/what-if', () => {
  let dataDir: string;
  let app: TestTruceline;
  /** What-if runs are the analysts' (incident:review). */
  let analyst: SessionLogin;
  let t0: number;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-what-if-');
    app = await startTruceline(dataDir, { simulate: false });
    analyst = await loginAs(app.url, 'analyst');
    // An aircraft flying east into the southern no-fly zone (west edge 32.2° E).
    t0 = Date.now() - HOUR_MS;
    const observations = [31.9, 32.05, 32.35, 32.5].map((lon, i) => ({
      trackId: TRACK_ID,
      kind: 'aircraft',
      tMs: t0 + i * 60_000,
      lon,
      lat: 47.45,
      altFt: 12_000,
      speedKn: 300,
      courseDeg: 90,
    }));
    const ingest = await postJson<IngestBody>(
      `${app.url}/api/observations`,
      { observations },
      asSensor(app),
    );
    expect(ingest.body).toEqual({ accepted: 4, rejected: [] });
    // Live, the engine in force flags the entry: the what-if must find it too.
    await waitFor('the live detection', async () => {
      const { body } = await getJson<DetectionsBody>(
        `${app.url}/api/detections?track=${TRACK_ID}`,
        asReader(app),
      );
      return body.items.some((d) => d.zoneId === ZONE_ID) ? body : undefined;
    });
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) removeDataDir(dataDir);
  });

  it('finds the zone entry under the agreement in force and not under a draft without the zone', async () => {
    const { status, body } = await postJson<WhatIfBody>(
      `${app.url}/api/what-if`,
      {
        draft: demoDraftWithout(ZONE_ID),
      },
      analyst,
    );
    expect(status).toBe(200);
    expect(body.observations).toBe(4);
    expect(body.truncated).toBe(false);
    // Default period: the 24 h ending at the newest stored observation.
    expect(body.period).toEqual({ fromMs: t0 + 3 * 60_000 - 24 * HOUR_MS, toMs: t0 + 3 * 60_000 });
    expect(body.draftZones.map((z) => z.id)).not.toContain(ZONE_ID);
    expect(body.draftZones.length).toBe(readDemoAgreementFile().versions.at(-1)!.zones.length - 1);

    const c = body.comparison;
    expect(c.totals.a).toBeGreaterThan(0);
    expect(c.totals.b).toBe(0);
    expect(c.byZone).toContainEqual({ zoneId: ZONE_ID, a: c.totals.a, b: 0 });
    expect(c.onlyInA.map((k) => [k.trackId, k.zoneId])).toContainEqual([TRACK_ID, ZONE_ID]);
    expect(c.onlyInB).toEqual([]);
    expect(c.topTracksShare).toBe(1);
    const track = c.topTracks[0]!;
    expect(track).toMatchObject({ trackId: TRACK_ID, kind: 'aircraft', b: 0 });
    expect(track.samples.a[0]).toMatchObject({ zoneId: ZONE_ID, onlyHere: true });
    expect(track.samples.b).toEqual([]);
    expect(c.variants.a.agreementId).toBe('demo');
    expect(c.variants.b.pinVersion).toBe(body.draftVersion);
  });

  it('finds no difference when the draft is the agreement in force', async () => {
    const { status, body } = await postJson<WhatIfBody>(
      `${app.url}/api/what-if`,
      {
        draft: readDemoAgreementFile(),
        fromMs: t0,
        toMs: t0 + HOUR_MS,
      },
      analyst,
    );
    expect(status).toBe(200);
    expect(body.period).toEqual({ fromMs: t0, toMs: t0 + HOUR_MS });
    expect(body.comparison.totals.a).toBeGreaterThan(0);
    expect(body.comparison.totals).toMatchObject({ onlyInA: 0, onlyInB: 0 });
    expect(body.comparison.topTracks).toEqual([]);
  });

  it('names the field of a bad request body', async () => {
    const draft = readDemoAgreementFile();
    const badTime = await postJson<ErrorBody>(
      `${app.url}/api/what-if`,
      {
        draft,
        fromMs: 'yesterday',
      },
      analyst,
    );
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.code).toBe('invalid_body');
    expect(badTime.body.error.message).toMatch(/^fromMs: /);

    const noDraft = await postJson<ErrorBody>(`${app.url}/api/what-if`, { toMs: t0 }, analyst);
    expect(noDraft.status).toBe(400);
    expect(noDraft.body.error.message).toMatch(/^draft: /);

    const badVersion = await postJson<ErrorBody>(
      `${app.url}/api/what-if`,
      {
        draft,
        draftVersion: 99,
      },
      analyst,
    );
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.message).toMatch(/^draftVersion: the draft has version/);

    const badJson = await postJson<ErrorBody>(`${app.url}/api/what-if`, '{"draft": {', analyst);
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
  });

  it('refuses an invalid draft with 422, every problem naming its provision', async () => {
    const draft = readDemoAgreementFile();
    const last = draft.versions.at(-1)!;
    last.rules[0]!.zones = ['nowhere'];
    last.rules[1]!.zones = ['nowhere-else'];
    const { status, body } = await postJson<WhatIfErrorBody>(
      `${app.url}/api/what-if`,
      { draft },
      analyst,
    );
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_draft');
    const problems = body.error.problems ?? [];
    expect(problems.map((p) => p.provision)).toEqual(
      expect.arrayContaining([last.rules[0]!.id, last.rules[1]!.id]),
    );
    expect(problems.find((p) => p.provision === last.rules[0]!.id)!.reason).toContain('nowhere');
    expect(body.error.message).toContain(`provision '${last.rules[1]!.id}'`);
  });

  it('refuses a period longer than 7 days', async () => {
    const { status, body } = await postJson<ErrorBody>(
      `${app.url}/api/what-if`,
      {
        draft: readDemoAgreementFile(),
        fromMs: t0 - 8 * 24 * HOUR_MS,
        toMs: t0,
      },
      analyst,
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe('period_too_long');
    expect(body.error.message).toMatch(/^fromMs: .*at most 168 h/);

    const both = await postJson<ErrorBody>(
      `${app.url}/api/what-if`,
      {
        draft: readDemoAgreementFile(),
        fromMs: t0,
        durationMs: HOUR_MS,
      },
      analyst,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/^durationMs: /);
  });

  it('refuses a body over 5 MB', async () => {
    const draft = readDemoAgreementFile() as AgreementFileShape & { name: string };
    draft.name = 'x'.repeat(6 << 20);
    const { status, body } = await postJson<ErrorBody>(
      `${app.url}/api/what-if`,
      { draft },
      analyst,
    );
    expect(status).toBe(413);
    expect(body.error.code).toBe('body_too_large');
  });
});
