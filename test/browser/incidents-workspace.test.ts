/**
 * The analyst workspace in a real browser against the real server: the
 * queue lists the incidents the server grouped at start from detections
 * stored before it (the crash catch-up), filters by zone, assigns to me;
 * the incident page shows the evidence on the map with the track's path,
 * takes it under review, refuses a verification without a confidence, and
 * verifies it with one, each move landing in the history.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import type { IncidentDetailBody } from '../../src/api/wire-incidents.js';
import type { Observation } from '../../src/core/types.js';
import { MIN_MS, makeDetection, T0_MS } from '../../src/incidents/incident-fixtures.js';
import type { Truceline } from '../../src/main.js';
import { openSqliteStore } from '../../src/store/index.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
} from './browser-env.js';

const PASSWORD = 'two sources agree on this';
const TRACK = 'mmsi:272000001';

/** The vessel's path: ten reports a minute apart, heading north-east into the zone. */
const PATH: Observation[] = Array.from({ length: 10 }, (_, i) => ({
  trackId: TRACK,
  kind: 'vessel',
  tMs: T0_MS + i * MIN_MS,
  lon: 33.4 + i * 0.01,
  lat: 45.1 + i * 0.01,
  source: 'test',
}));

/**
 * The analyst `ana`, and a vessel's reports and detections stored before the
 * server starts, as if it had crashed before grouping them.
 */
async function seedUngroupedDetections(dataDir: string): Promise<void> {
  const store = openSqliteStore({ dir: dataDir });
  await new AccountService(store).addUser('test', {
    username: 'ana',
    role: 'analyst',
    password: PASSWORD,
  });
  await store.appendObservations(PATH);
  await store.upsertTracks([
    {
      id: TRACK,
      kind: 'vessel',
      last: PATH.at(-1)!,
      firstSeenMs: T0_MS,
      observationCount: PATH.length,
      zoneIds: ['buffer-north'],
    },
    // Known, but with no reports around its incidents: no path to draw.
    {
      id: 'mmsi:2',
      kind: 'vessel',
      last: { ...PATH[0]!, trackId: 'mmsi:2', tMs: T0_MS - 600 * MIN_MS },
      firstSeenMs: T0_MS - 600 * MIN_MS,
      observationCount: 1,
      zoneIds: [],
    },
  ]);
  await store.appendDetections([
    makeDetection('d1', {
      tMs: T0_MS + 5 * MIN_MS,
      lon: 33.45,
      lat: 45.15,
      summary: 'Vessel entered buffer-north.',
    }),
    makeDetection('d2', {
      type: 'zone_dwell',
      tMs: T0_MS + 9 * MIN_MS,
      lon: 33.49,
      lat: 45.19,
      summary: 'Vessel stayed in buffer-north.',
    }),
    makeDetection('d3', { trackId: 'mmsi:2', zoneId: 'buffer-south', lon: 34, lat: 44.5 }),
    // Seven hours on: past the zone family's gap, so an incident of its own.
    makeDetection('d4', {
      trackId: 'mmsi:2',
      zoneId: 'buffer-south',
      tMs: T0_MS + 7 * 60 * MIN_MS,
      lon: 34.1,
      lat: 44.5,
    }),
  ]);
  await store.close();
}

describeInBrowser('incident workspace', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    env = await openBrowserSession({
      screenshot: 'incidents-workspace.png',
      seed: seedUngroupedDetections,
    });
    ({ app, page, watch } = env);
    const login = await env.context.request.post(`${app.url}/api/login`, {
      data: { username: 'ana', password: PASSWORD },
    });
    expect(login.status()).toBe(200);
  });

  afterAll(() => env?.close());

  const rows = () => page.locator('[data-testid="incident-row"]');
  const row = (id: string) =>
    page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);

  it('lists the incidents grouped at start, filters by zone and assigns one to me', async () => {
    await page.goto(`${app.url}/incidents.html`);
    await expect.poll(() => rows().count()).toBe(3);
    await page.locator('#filter-zone').fill('buffer-north');
    await page.locator('#incident-filters button[type="submit"]').click();
    await page.waitForURL(/zone=buffer-north/);
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => row('INC-000001').locator('td').nth(5).textContent()).toBe('2');
    await row('INC-000001').locator('[data-testid="assign-to-me"]').click();
    await expect.poll(() => row('INC-000001').locator('td').nth(7).textContent()).toBe('ana');
    await expect
      .poll(() => row('INC-000001').locator('[data-testid="assign-to-me"]').count())
      .toBe(0);
  });

  it('opens the incident with its evidence on the map and the track’s path around it', async () => {
    await row('INC-000001').locator('[data-testid="open-incident"]').click();
    await page.waitForURL(/\?id=INC-000001/);
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('open');
    const evidence = page.locator('#incident-evidence [data-evidence-type="detection"]');
    await expect.poll(() => evidence.count()).toBe(2);
    expect(await evidence.first().textContent()).toContain('Vessel entered buffer-north.');
    await expect
      .poll(() => page.locator('#incident-map').getAttribute('data-track-paths'))
      .toBe('1');
    expect(await page.locator('#incident-map').getAttribute('data-evidence-points')).toBe('2');
  });

  it('takes it under review, refuses to verify without a confidence, then verifies with one', async () => {
    await page.locator('#action-review').click();
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('under_review');
    await page.locator('#action-reason').fill('AIS track and zone geometry agree');
    await page.locator('#action-verify').click();
    await expect.poll(() => page.locator('#action-error').textContent()).toContain('confidence');
    await page.locator('#action-confidence').selectOption('high');
    await page.locator('#action-verify').click();
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('verified');
    const history = page.locator('#incident-history li');
    await expect.poll(() => history.count()).toBe(4);
    expect(await history.last().textContent()).toContain('AIS track and zone geometry agree');
    expect(await history.last().textContent()).toContain('confidence High');

    const res = await page.request.get(`${app.url}/api/incidents/INC-000001`);
    const { incident } = (await res.json()) as IncidentDetailBody;
    expect(incident).toMatchObject({ state: 'verified', confidence: 'high', assignee: 'ana' });
    expect(incident.history.map((e) => [e.actor, e.action])).toEqual([
      ['system', 'created'],
      ['ana', 'assigned'],
      ['ana', 'state_changed'],
      ['ana', 'state_changed'],
    ]);
  });

  it('merges another incident into one, then splits a piece off into a new one', async () => {
    await page.goto(`${app.url}/incidents.html?id=INC-000002`);
    await expect.poll(() => page.locator('#incident-evidence [data-evidence-id]').count()).toBe(1);
    await page.locator('#merge-ids').fill('INC-000003');
    await page.locator('#action-reason').fill('the same vessel, one visit');
    await page.locator('#action-merge').click();
    await expect.poll(() => page.locator('#incident-evidence [data-evidence-id]').count()).toBe(2);
    expect(await page.locator('#incident-history li').last().getAttribute('data-action')).toBe(
      'merged',
    );

    await page
      .locator('#incident-evidence [data-evidence-id="d4"] [data-testid="split-choice"]')
      .check();
    await page.locator('#action-reason').fill('two visits after all');
    await page.locator('#action-split').click();
    await page.waitForURL(/\?id=INC-000004/);
    await expect.poll(() => page.locator('#incident-evidence [data-evidence-id]').count()).toBe(1);
    expect(
      await page.locator('#incident-evidence [data-evidence-id]').getAttribute('data-evidence-id'),
    ).toBe('d4');
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('open');
  });

  it('reached nothing beyond the server and threw nothing', () => {
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    // The one refusal asked for: verify without a confidence.
    expect(watch.badResponses).toEqual([`400 ${app.url}/api/incidents/INC-000001/verify`]);
  });
});
