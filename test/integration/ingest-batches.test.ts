/**
 * POST /api/observations with a batchId: a receiver that timed out and sends
 * its batch again gets the first answer back, marked `duplicate`, and the
 * server stores the batch once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, IngestBody, ObservationScanBody } from '../../src/api/wire.js';
import {
  asReader,
  asSensor,
  getJson,
  makeDataDir,
  postJson,
  removeDataDir,
  startTruceline,
  type TestTruceline,
} from './http-helpers.js';

/** One bad item beside the good ones, so the remembered `rejected` is tested too. */
function makeItems(trackId: string, tMs: number, good = 2): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < good; i++) {
    items.push({ trackId, kind: 'vessel', tMs: tMs + i * 1000, lon: 31 + i / 100, lat: 45 });
  }
  items.push({ trackId, kind: 'vessel', tMs, lon: 31, lat: 95 });
  return items;
}

describe('POST /api/observations with a batchId', () => {
  let dataDir: string;
  let app: TestTruceline;
  let nextTrack = 0;
  const t0Ms = Date.now() - 3600_000;

  /** A track id no other test uses, so that counting its rows counts this test's. */
  const freshTrack = () => `mmsi:27299${String(nextTrack++).padStart(4, '0')}`;

  const post = (body: unknown) =>
    postJson<IngestBody & ErrorBody>(`${app.url}/api/observations`, body, asSensor(app));

  /** How many observations of this track the server stored. */
  async function countStored(trackId: string): Promise<number> {
    const { status, body } = await getJson<ObservationScanBody>(
      `${app.url}/api/observations?from=${t0Ms - 1}&limit=10000`,
      asReader(app),
    );
    expect(status).toBe(200);
    return body.items.filter((o) => o.trackId === trackId).length;
  }

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-batch-');
    app = await startTruceline(dataDir, { simulate: false });
  });

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('stores a resent batch once and answers the resend with the first answer, marked duplicate', async () => {
    const track = freshTrack();
    const body = { source: 'rx1', batchId: randomUUID(), observations: makeItems(track, t0Ms) };
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body.accepted).toBe(2);
    expect(first.body.rejected).toEqual([{ index: 2, field: 'lat', message: expect.any(String) }]);
    expect(first.body.duplicate).toBeUndefined();

    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(await countStored(track)).toBe(2);
  });

  it('knows a resend whose keys come in another order, and an id in upper case', async () => {
    const track = freshTrack();
    const batchId = randomUUID();
    const observations = makeItems(track, t0Ms);
    await post({ source: 'rx1', batchId, observations });
    const reordered = observations.map((o) => Object.fromEntries(Object.entries(o).reverse()));
    const again = await post({
      observations: reordered,
      batchId: batchId.toUpperCase(),
      source: 'rx1',
    });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(await countStored(track)).toBe(2);
  });

  it('remembers a batch of which every item was refused', async () => {
    const track = freshTrack();
    const body = { batchId: randomUUID(), observations: makeItems(track, t0Ms, 0) };
    const first = await post(body);
    expect(first.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, field: 'lat' }] });
    const again = await post(body);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
  });

  it('refuses the same batchId with other content with a 409 naming batchId, storing nothing', async () => {
    const track = freshTrack();
    const batchId = randomUUID();
    await post({ batchId, observations: makeItems(track, t0Ms) });
    const changed = await post({ batchId, observations: makeItems(track, t0Ms + 60_000) });
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'conflict', field: 'batchId' });
    expect(changed.body.error.message).toMatch(/^batchId:/);
    const otherSource = await post({
      batchId,
      source: 'rx2',
      observations: makeItems(track, t0Ms),
    });
    expect(otherSource.status).toBe(409);
    expect(await countStored(track)).toBe(2);
  });

  it('refuses a batchId that is not a UUID with a 400 naming it', async () => {
    const track = freshTrack();
    for (const batchId of ['batch-1', '', 42]) {
      const res = await post({ batchId, observations: makeItems(track, t0Ms) });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_body', field: 'batchId' });
      expect(res.body.error.message).toMatch(/^batchId:/);
    }
    expect(await countStored(track)).toBe(0);
  });

  it('stores a batch once when two sends of it arrive together', async () => {
    const track = freshTrack();
    const body = { batchId: randomUUID(), observations: makeItems(track, t0Ms) };
    const answers = await Promise.all([post(body), post(body), post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(2);
    for (const a of answers) expect(a.body.accepted).toBe(2);
    expect(await countStored(track)).toBe(2);
  });

  it('stores every send of a batch without a batchId, as before', async () => {
    const track = freshTrack();
    const body = { observations: makeItems(track, t0Ms) };
    const first = await post(body);
    const second = await post(body);
    expect(first.body).toEqual(second.body);
    expect(first.body.duplicate).toBeUndefined();
    expect(await countStored(track)).toBe(4);
  });
});
