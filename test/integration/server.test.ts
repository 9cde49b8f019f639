/**
 * The whole process in one test file: the server on a free port with the demo
 * scenario and the simulator, seen through the HTTP API and the WebSocket the
 * way the web app and integrators see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type {
  AgreementBody,
  DetectionsBody,
  ErrorBody,
  HealthBody,
  IngestBody,
  LiveMessage,
  TracksBody,
} from '../../src/api/wire.js';
import {
  asReader,
  asSensor,
  authHeaders,
  getJson,
  makeDataDir,
  postJson,
  removeDataDir,
  startTruceline,
  type TestTruceline,
  waitFor,
} from './http-helpers.js';

const SIM = { seed: 7, vessels: 10, aircraft: 6, speed: 30 };
/** The simulator needs a while to produce tracks and detections. */
const SIM_WAIT = { timeoutMs: 60_000, pollMs: 250 };

describe('Truceline server with the demo scenario and simulator', () => {
  let dataDir: string;
  let app: TestTruceline;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-it-');
    app = await startTruceline(dataDir, { simulate: SIM });
  });

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('reports health with store counts and the simulator running', async () => {
    const { status, body } = await getJson<HealthBody>(`${app.url}/api/health`, asReader(app));
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.simulator).toMatchObject({ running: true, seed: SIM.seed });
    expect(body.engine).toMatchObject({ outOfOrder: expect.any(Number), duplicates: 0 });
    expect(body.engine!.observations).toBeGreaterThanOrEqual(body.engine!.tracks);
  });

  it('serves the agreement with the version in force now and one in the past', async () => {
    const now = await getJson<AgreementBody>(`${app.url}/api/agreement`, asReader(app));
    expect(now.body.agreement.illustrative).toBe(true);
    const latest = Math.max(...now.body.agreement.versions.map((v) => v.version));
    expect(now.body.inForce?.version).toBe(latest);
    const kinds = new Set(now.body.inForce?.zones.map((z) => z.kind));
    for (const k of ['corridor', 'buffer', 'no_fly', 'protected_site']) expect(kinds).toContain(k);
    const before = await getJson<AgreementBody>(
      `${app.url}/api/agreement?at=2000-01-01T00:00:00Z`,
      asReader(app),
    );
    expect(before.body.inForce).toBeNull();
  });

  it('shows simulated vessels and aircraft as tracks', async () => {
    const body = await waitFor(
      'tracks of both kinds',
      async () => {
        const { body } = await getJson<TracksBody>(`${app.url}/api/tracks`, asReader(app));
        const kinds = new Set(body.items.map((t) => t.kind));
        return kinds.has('vessel') && kinds.has('aircraft') ? body : undefined;
      },
      SIM_WAIT,
    );
    const vessel = body.items.find((t) => t.kind === 'vessel')!;
    expect(vessel.id).toMatch(/^mmsi:\d{9}$/);
    const only = await getJson<TracksBody>(`${app.url}/api/tracks?kind=aircraft`, asReader(app));
    expect(only.body.items.every((t) => t.kind === 'aircraft')).toBe(true);
  });

  it('pushes the live picture and a detection over the WebSocket', async () => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/live`, {
      headers: authHeaders(asReader(app)),
    });
    const seen: LiveMessage['type'][] = [];
    const detection = await new Promise<LiveMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no detection pushed; saw ${seen.join(',')}`)),
        60_000,
      );
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as LiveMessage;
        seen.push(msg.type);
        const hasDetection =
          (msg.type === 'detections' && msg.detections.length > 0) ||
          (msg.type === 'snapshot' && msg.detections.length > 0 && seen.includes('tracks'));
        if (hasDetection) {
          clearTimeout(timer);
          resolve(msg);
        }
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(seen[0]).toBe('snapshot');
    expect(seen).toContain('tracks');
    const d = detection.type === 'detections' ? detection.detections[0]! : undefined;
    if (d) {
      expect(d.summary.length).toBeGreaterThan(20);
      expect(d.evidence.length).toBeGreaterThan(0);
    }
  });

  it('lists detections through the API, filtered and paginated', async () => {
    const first = await waitFor(
      'two detections',
      async () => {
        const { body } = await getJson<DetectionsBody>(
          `${app.url}/api/detections?limit=1`,
          asReader(app),
        );
        return body.items.length === 1 && body.next !== null ? body : undefined;
      },
      SIM_WAIT,
    );
    const d = first.items[0]!;
    expect(d).toMatchObject({ agreementId: 'demo' });
    expect(d.citation).toMatch(/Art\./);
    const next = await getJson<DetectionsBody>(
      `${app.url}/api/detections?limit=1&cursor=${first.next}`,
      asReader(app),
    );
    expect(next.body.items[0]?.id).not.toBe(d.id);
    const byRule = await getJson<DetectionsBody>(
      `${app.url}/api/detections?rule=${encodeURIComponent(d.ruleId)}`,
      asReader(app),
    );
    expect(byRule.body.items.every((x) => x.ruleId === d.ruleId)).toBe(true);
    const byZone = await getJson<DetectionsBody>(
      `${app.url}/api/detections?zone=no-such-zone`,
      asReader(app),
    );
    expect(byZone.body.items).toEqual([]);
  });

  it('keeps the good items of a batch and names the field of each bad one', async () => {
    const now = Date.now();
    const { status, body } = await postJson<IngestBody>(
      `${app.url}/api/observations`,
      {
        source: 'it',
        observations: [
          {
            trackId: 'mmsi:272999001',
            kind: 'vessel',
            tMs: now,
            lon: 31.0,
            lat: 45.0,
            speedKn: 11,
          },
          { trackId: 'mmsi:272999002', kind: 'vessel', tMs: now, lon: 31.0, lat: 95.0 },
          { trackId: 'bad id', kind: 'vessel', tMs: now, lon: 31.0, lat: 45.0 },
          { trackId: 'icao:abc123', kind: 'spaceship', tMs: now, lon: 31.0, lat: 45.0 },
          {
            trackId: 'icao:abc124',
            kind: 'aircraft',
            time: new Date(now).toISOString(),
            lon: 31.0,
            lat: 45.0,
            altFt: 30000,
          },
          { trackId: 'icao:abc125', kind: 'aircraft', lon: 31.0, lat: 45.0 },
          'not an object',
        ],
      },
      asSensor(app),
    );
    expect(status).toBe(200);
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'lat'],
      [2, 'trackId'],
      [3, 'kind'],
      [5, 'tMs'],
      [6, '(item)'],
    ]);
    const track = await getJson<{ id: string; last: { source: string } }>(
      `${app.url}/api/tracks/mmsi:272999001`,
      asReader(app),
    );
    expect(track.body.last.source).toBe('api:it');
    const hist = await getJson<{ items: unknown[] }>(
      `${app.url}/api/tracks/mmsi:272999001/observations`,
      asReader(app),
    );
    expect(hist.body.items).toHaveLength(1);
  });

  it('answers bad requests with a 4xx error naming the problem', async () => {
    const badJson = await postJson<ErrorBody>(
      `${app.url}/api/observations`,
      '{"observations": [',
      asSensor(app),
    );
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');

    const noArray = await postJson<ErrorBody>(
      `${app.url}/api/observations`,
      { observations: 'x' },
      asSensor(app),
    );
    expect(noArray.status).toBe(400);
    expect(noArray.body.error.message).toMatch(/^observations:/);

    const huge = await postJson<ErrorBody>(
      `${app.url}/api/observations`,
      {
        observations: [],
        pad: 'x'.repeat(9 << 20),
      },
      asSensor(app),
    );
    expect(huge.status).toBe(413);

    const badQuery = await getJson<ErrorBody>(`${app.url}/api/detections?limit=0`, asReader(app));
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/^limit:/);

    const badTime = await getJson<ErrorBody>(
      `${app.url}/api/detections?from=yesterday`,
      asReader(app),
    );
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.message).toMatch(/^from:/);

    const unknownParam = await getJson<ErrorBody>(
      `${app.url}/api/tracks?colour=red`,
      asReader(app),
    );
    expect(unknownParam.status).toBe(400);

    const missing = await getJson<ErrorBody>(`${app.url}/api/tracks/mmsi:000000000`, asReader(app));
    expect(missing.status).toBe(404);
    const noHistory = await getJson<ErrorBody>(
      `${app.url}/api/tracks/mmsi:000000000/observations`,
      asReader(app),
    );
    expect(noHistory.status).toBe(404);
    const noRoute = await getJson<ErrorBody>(`${app.url}/api/nothing`, asReader(app));
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error.code).toBe('not_found');
  });

  it('keeps the history across a restart on the same data directory', async () => {
    const before = await getJson<HealthBody>(`${app.url}/api/health`, asReader(app));
    await app.close();
    app = await startTruceline(dataDir, { simulate: false });
    const after = await getJson<HealthBody>(`${app.url}/api/health`, asReader(app));
    expect(after.body.store.observations).toBeGreaterThanOrEqual(before.body.store.observations);
    expect(after.body.store.detections).toBeGreaterThanOrEqual(before.body.store.detections);
    const hist = await getJson<{ items: unknown[] }>(
      `${app.url}/api/tracks/mmsi:272999001/observations`,
      asReader(app),
    );
    expect(hist.body.items).toHaveLength(1);
  });
});
