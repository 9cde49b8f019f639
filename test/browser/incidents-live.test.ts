/**
 * The analyst workspace follows the incidents live, in a real browser
 * against the real server: with the queue open, a monitor files a field
 * report over HTTP and its incident appears in the queue without a reload;
 * verifying it over the API changes the row's state in place. On the
 * incident's own page, a move made elsewhere redraws the state and history
 * while the reason being typed stays.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IncidentBody, IncidentListBody } from '../../src/api/wire-incidents.js';
import {
  getJson,
  loginAs,
  postJson,
  type SessionLogin,
  type TestTruceline,
  waitFor,
} from '../integration/http-helpers.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
} from './browser-env.js';

describeInBrowser('incident workspace, live', () => {
  let env: BrowserSession | undefined;
  let app: TestTruceline;
  let page: Page;
  let watch: PageWatch;
  /** The analyst's other session: "someone else" acting over the API. */
  let elsewhere: SessionLogin;
  let incidentId: string;

  beforeAll(async () => {
    env = await openBrowserSession({ screenshot: 'incidents-live.png', logInAs: 'analyst' });
    ({ app, page, watch } = env);
    elsewhere = await loginAs(app.url, 'analyst');
  });

  afterAll(() => env?.close());

  const row = (id: string) =>
    page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);

  async function fileReport(text: string): Promise<string> {
    const id = randomUUID();
    const filed = await postJson(
      `${app.url}/api/field-reports`,
      {
        id,
        observedMs: Date.now() - 60_000,
        lon: 33.6,
        lat: 45.3,
        category: 'explosion',
        count: 1,
        text,
      },
      await loginAs(app.url, 'monitor'),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    return id;
  }

  async function move(action: string, body: object): Promise<void> {
    const moved = await postJson<IncidentBody>(
      `${app.url}/api/incidents/${incidentId}/${action}`,
      body,
      elsewhere,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }

  it('shows a new incident from a field report without a reload, then its verification in place', async () => {
    await page.goto(`${app.url}/incidents.html`);
    await expect.poll(() => page.locator('#live-status').getAttribute('data-state')).toBe('live');
    await expect
      .poll(() => page.locator('#queue-status').textContent())
      .toBe('No incidents match.');
    // Gone if the page reloads.
    await page.evaluate(() => Object.assign(window, { keptSinceLoad: true }));

    const reportId = await fileReport('One blast near the ford');
    incidentId = (
      await waitFor('the report to become an incident', async () => {
        const list = await getJson<IncidentListBody>(`${app.url}/api/incidents`, elsewhere);
        return list.body.items.find((i) => i.fieldReportIds.includes(reportId));
      })
    ).id;
    await expect.poll(() => row(incidentId).getAttribute('data-state')).toBe('open');
    expect(await page.locator('#queue-status').textContent()).toBe('1 incident(s).');
    const shownRow = await row(incidentId).elementHandle();

    await move('review', {});
    await move('verify', { confidence: 'high', reason: 'Heard and seen by two monitors' });
    await expect.poll(() => row(incidentId).getAttribute('data-state')).toBe('verified');
    expect(await row(incidentId).locator('td').nth(1).textContent()).toBe('Verified');
    // The same row element, on the same page load.
    expect(await shownRow!.evaluate((el) => el.isConnected)).toBe(true);
    expect(await page.evaluate(() => 'keptSinceLoad' in window)).toBe(true);
  });

  it('drops a row that no longer matches the filter, and adds one that now does', async () => {
    await page.goto(`${app.url}/incidents.html?state=verified`);
    await expect.poll(() => row(incidentId).count()).toBe(1);
    await expect.poll(() => page.locator('#live-status').getAttribute('data-state')).toBe('live');
    await move('reopen', { reason: 'A third monitor disagrees' });
    await expect.poll(() => row(incidentId).count()).toBe(0);
    expect(await page.locator('#queue-status').textContent()).toBe('No incidents match.');
    await move('verify', { confidence: 'medium', reason: 'The third monitor was further off' });
    await expect.poll(() => row(incidentId).count()).toBe(1);
  });

  it('redraws the incident page on a move made elsewhere, keeping the reason being typed', async () => {
    await page.goto(`${app.url}/incidents.html?id=${incidentId}`);
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('verified');
    await expect.poll(() => page.locator('#live-status').getAttribute('data-state')).toBe('live');
    const historyBefore = await page.locator('#incident-history li').count();
    await page.locator('#action-reason').fill('Half-typed: the crater is');

    await move('reopen', { reason: 'Photos came in' });
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('under_review');
    expect(await page.locator('#incident-history li').count()).toBe(historyBefore + 1);
    expect(await page.locator('#action-reason').inputValue()).toBe('Half-typed: the crater is');
    // The moves the new state allows.
    expect(await page.locator('#action-verify').count()).toBe(1);
  });

  it('reached nothing beyond the server, threw nothing and was refused nothing', () => {
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.badResponses).toEqual([]);
  });
});
