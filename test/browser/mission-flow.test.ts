/**
 * The whole mission flow of issue 6 in one browser, through the pages only:
 * a monitor logs in and files a field report; an analyst logs in, opens the
 * incident it became and verifies it, and publishes the day's report; then,
 * logged out, a visitor downloads the signed report and the page's Verify
 * panel finds it valid. The downloaded file is also checked here, outside the
 * browser, against the server's key.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MissionKeyBody } from '../../src/api/wire.js';
import type { IncidentListBody } from '../../src/api/wire-incidents.js';
import { parseMissionPublicKeyPem } from '../../src/incidents/mission-key.js';
import { verifySignedDocument } from '../../src/incidents/report-signing.js';
import type { Truceline } from '../../src/main.js';
import { TEST_PASSWORD, waitFor } from '../integration/http-helpers.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
} from './browser-env.js';

const REPORT_TEXT = 'Four impacts on the ridge east of the checkpoint, from the north-east.';

describeInBrowser('mission flow: field report → verified incident → signed report', () => {
  let env: BrowserSession | undefined;
  let dataDir: string;
  let app: Truceline;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    // No simulator: the only incident is the one the monitor's report makes.
    env = await openBrowserSession({
      screenshot: 'mission-flow.png',
      acceptDownloads: true,
      stepTimeoutMs: 15_000,
    });
    ({ dataDir, app, page, watch } = env);
  });

  afterAll(() => env?.close());

  async function logInThroughPage(username: string, next: string): Promise<void> {
    await page.goto(`${app.url}/login.html?next=${encodeURIComponent(next)}`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${app.url}${next}`);
  }

  async function logOutThroughPage(): Promise<void> {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${app.url}/reports.html`);
  }

  it('runs from a monitor’s report to a report a logged-out visitor verifies', async () => {
    // A monitor files what they saw.
    await logInThroughPage('monitor', '/field-report.html');
    await page.getByLabel('Longitude').fill('33.612000');
    await page.getByLabel('Latitude').fill('45.188000');
    await page.getByLabel('Category').selectOption('shelling');
    await page.getByLabel('How many').fill('4');
    await page.getByLabel('What you saw').fill(REPORT_TEXT);
    await page.getByRole('button', { name: 'File report' }).click();
    const sent = page.locator('#fr-outbox li[data-state="sent"]');
    await sent.waitFor();
    const reportId = (await sent.getAttribute('data-report-id'))!;
    await logOutThroughPage();

    // An analyst finds the incident the report became and verifies it.
    await logInThroughPage('analyst', '/incidents.html');
    const incidentId = await waitFor('the incident grouped from the field report', async () => {
      const res = await page.request.get(`${app.url}/api/incidents`);
      const body = (await res.json()) as IncidentListBody;
      return body.items.find((i) => i.fieldReportIds.includes(reportId))?.id;
    });
    await page.reload();
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await row.locator('[data-testid="open-incident"]').click();
    await expect
      .poll(() => page.locator('#incident-evidence').textContent())
      .toContain(REPORT_TEXT);
    // The map gives the context: the agreement's zones as they were when it happened.
    await expect
      .poll(() => page.locator('#incident-map').getAttribute('data-agreement-version'))
      .not.toBeNull();
    await page.locator('#action-review').click();
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('under_review');
    await page.locator('#action-confidence').selectOption('high');
    await page.locator('#action-reason').fill('Monitor on site; impacts match the crater survey');
    await page.locator('#action-verify').click();
    await expect
      .poll(() => page.locator('#incident-state').getAttribute('data-state'))
      .toBe('verified');

    // … and publishes the day's report, which lists it.
    await page.goto(`${app.url}/reports.html`);
    await page.locator('#report-compose').waitFor();
    await page.getByTestId('compose-today').click();
    await page.getByTestId('compose-preview').click();
    await expect
      .poll(() => page.locator('#compose-preview-result').textContent())
      .toContain(incidentId);
    await page.getByTestId('compose-publish').click();
    await page.getByTestId('compose-published-link').waitFor();
    await logOutThroughPage();

    // Logged out: the published report is public, and checks out.
    await page.getByTestId('report-link').first().click();
    await page.locator('#report-title').waitFor();
    expect(await page.locator('#report-incidents').textContent()).toContain(incidentId);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-signed-json').click(),
    ]);
    const saved = path.join(dataDir, download.suggestedFilename());
    await download.saveAs(saved);
    await page.getByTestId('report-check').click();
    await page.locator('#verify-key-id').waitFor();
    await page.locator('#verify-files').setInputFiles(saved);
    const verdict = page.locator('#verify-results > .verify-item');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');

    // The same file against the served key, outside the browser.
    const keyRes = await fetch(`${app.url}/.well-known/truceline/mission-key`);
    const key = parseMissionPublicKeyPem(((await keyRes.json()) as MissionKeyBody).publicKeyPem);
    const check = verifySignedDocument(JSON.parse(await readFile(saved, 'utf8')), [key]);
    expect(check.ok).toBe(true);

    const published = (await (await fetch(`${app.url}/api/reports`)).json()) as {
      items: unknown[];
    };
    expect(published.items).toHaveLength(1);
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
});
