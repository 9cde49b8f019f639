/**
 * The reports page in a real browser against the real API: anonymous visitors
 * see the published list, open a report (narrative, counts, map, incidents,
 * downloads), download its signed JSON and check it in the page's Verify
 * panel; an analyst previews today's report and publishes it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { buildApiServer } from '../../src/api/server.js';
import { InProcessBus } from '../../src/bus/index.js';
import { describeMissionKey, generateMissionKey } from '../../src/incidents/mission-key.js';
import {
  FakeIncidentSource,
  HOUR_MS,
  makeIncident,
  makeReportAgreement,
} from '../../src/incidents/report-fixtures.js';
import { DAY_MS, utcDayOf } from '../../src/incidents/report-period.js';
import { ReportService } from '../../src/incidents/report-service.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { TEST_SCRYPT } from '../integration/access-fixture.js';
import { TEST_PASSWORD } from '../integration/http-helpers.js';
import {
  describeInBrowser,
  launchChromium,
  openWatchedPage,
  type PageWatch,
  REPO_DIR,
  requireBuiltWebApp,
} from './browser-env.js';

const SCREENSHOT = path.join(REPO_DIR, 'test-results/reports-page.png');

describeInBrowser('reports page in the browser', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let incidents: FakeIncidentSource;
  let publishedId: string;

  beforeAll(async () => {
    requireBuiltWebApp();
    dir = await mkdtemp(path.join(tmpdir(), 'truceline-reports-browser-'));
    store = openSqliteStore({ dir });
    await store.saveAgreement(makeReportAgreement());
    const now = Date.now;
    const today = utcDayOf(now());
    const yesterday = today.fromMs - DAY_MS;
    const accounts = new AccountService(store, { now, scrypt: TEST_SCRYPT });
    await accounts.addUser('test', {
      username: 'analyst',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    incidents = new FakeIncidentSource([
      makeIncident('INC-Y1', yesterday + HOUR_MS, {
        title: 'Shelling near <Point 7> & the bridge',
        kind: 'shelling',
        trackKinds: [],
      }),
      makeIncident('INC-Y2', yesterday + 2 * HOUR_MS, { kind: 'loiter', lon: 33.8, lat: 45.4 }),
      makeIncident('INC-T1', today.fromMs, {
        kind: 'drone_activity',
        trackKinds: [],
        lon: 33.2,
        lat: 45.1,
      }),
    ]);
    const key = generateMissionKey(now()).key;
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
      webDir: path.join(REPO_DIR, 'dist/web'),
    }));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    publishedId = (await reports.publish({ fromMs: yesterday, toMs: today.fromMs }, 'analyst'))
      .report.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function openAs(login: boolean): Promise<void> {
    await context?.close();
    ({ context, page, watch } = await openWatchedPage(browser, url, { acceptDownloads: true }));
    if (login) {
      const res = await page.request.post(`${url}/api/login`, {
        data: { username: 'analyst', password: TEST_PASSWORD },
      });
      expect(res.status()).toBe(200);
    }
    await page.goto(`${url}/reports.html`);
  }

  it('shows anonymous visitors the published list and no compose section', async () => {
    await openAs(false);
    const links = page.getByTestId('report-link');
    await expect.poll(() => links.count()).toBe(1);
    expect(await links.first().textContent()).toMatch(/^Daily report \d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('#report-compose').count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });

  it('shows one report with its figures, map and incidents, and verifies its downloaded signed JSON', async () => {
    await page.getByTestId('report-link').first().click();
    await page.waitForURL(/reports\.html\?id=/);
    await page.locator('#report-title').waitFor();
    expect(await page.locator('#report-title').textContent()).toMatch(/^Daily report/);
    expect(await page.locator('#report-narrative p').first().textContent()).toContain(
      '2 verified incidents were recorded',
    );
    expect(await page.getByTestId('report-total').textContent()).toBe(
      'Verified incidents: 2 (previous period 0, +2)',
    );
    // Text from data stays text.
    expect(await page.locator('#report-incidents').textContent()).toContain(
      'Shelling near <Point 7> & the bridge',
    );
    await expect
      .poll(() =>
        page.locator('#report-map').evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await page.locator('#download-pdf').count()).toBe(0);
    for (const id of [
      'download-csv',
      'download-csv-sig',
      'download-geojson',
      'download-geojson-sig',
    ]) {
      expect(await page.getByTestId(id).getAttribute('href')).toContain(publishedId);
    }

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-signed-json').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`truceline-${publishedId}-report.signed.json`);
    const saved = path.join(dir, download.suggestedFilename());
    await download.saveAs(saved);

    await page.getByTestId('report-check').click();
    await page.locator('#verify-key-id').waitFor();
    await page.locator('#verify-files').setInputFiles(saved);
    const verdict = page.locator('#verify-results > .verify-item');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('lets an analyst preview today and publish it', async () => {
    await openAs(true);
    await page.locator('#report-compose').waitFor();
    // Today (UTC) is the default period.
    const today = new Date(utcDayOf(Date.now()).fromMs).toISOString().slice(0, 16);
    expect(await page.locator('#compose-from').inputValue()).toBe(today);
    expect(await page.getByTestId('compose-publish').isDisabled()).toBe(true);

    await page.getByTestId('compose-preview').click();
    await page.locator('#compose-preview-result #report-title').waitFor();
    expect(await page.locator('#compose-preview-result').textContent()).toContain('drone activity');
    expect(incidents.published).toHaveLength(1);

    await page.getByTestId('compose-publish').click();
    const link = page.getByTestId('compose-published-link');
    await link.waitFor();
    await expect.poll(() => page.getByTestId('report-link').count()).toBe(2);
    expect(incidents.published.at(-1)).toMatchObject({ ids: ['INC-T1'], actor: 'analyst' });
    await link.click();
    await page.waitForURL(/reports\.html\?id=RPT-/);
    await page.locator('#report-title').waitFor();
    expect(await page.locator('#report-incidents').textContent()).toContain('INC-T1');
    expect(watch.errors).toEqual([]);
  });

  it('names the field when the period is refused', async () => {
    await page.goto(`${url}/reports.html`);
    await page.locator('#compose-from').fill('2026-01-02T00:00');
    await page.locator('#compose-to').fill('2026-01-01T00:00');
    await page.getByTestId('compose-preview').click();
    await expect
      .poll(() => page.locator('#compose-status').textContent())
      .toMatch(/^Not done: to: /);
    expect(await page.locator('#compose-to').getAttribute('aria-invalid')).toBe('true');
  });
});
