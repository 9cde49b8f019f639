/**
 * The What-if panel in a real browser against the real server: a draft
 * agreement file uploaded, run over recorded traffic, read as a headline,
 * tables and a track list, drawn on the map over the live picture, and
 * cleared again. An invalid draft is refused with each problem's provision.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IngestBody } from '../../src/api/wire.js';
import type { Truceline } from '../../src/main.js';
import { demoDraftWithout, readDemoAgreementFile } from '../fixtures/demo-drafts.js';
import { authHeaders } from '../integration/http-helpers.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
  REPO_DIR,
} from './browser-env.js';

const SCREENSHOT = path.join(REPO_DIR, 'test-results/what-if.png');
const ZONE_ID = 'no-fly-south';
const TRACK_ID = 'icao:7e57b2';

function asFile(name: string, doc: unknown) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) };
}

describeInBrowser('what-if panel in the browser', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    env = await openBrowserSession({
      viewport: { width: 1440, height: 900 },
      // What-if runs are the analysts' (docs/accounts.md).
      logInAs: 'analyst',
    });
    ({ app, page, watch } = env);
    const tokens = env.app.tokens;
    // Two aircraft flying east into the southern no-fly zone, one a vessel in its corridor.
    const t0 = Date.now() - 3600_000;
    const leg = (trackId: string, lat: number) =>
      [31.9, 32.05, 32.35, 32.5, 32.7].map((lon, i) => ({
        trackId,
        kind: 'aircraft',
        tMs: t0 + i * 60_000,
        lon,
        lat,
        altFt: 12_000,
        speedKn: 300,
        courseDeg: 90,
      }));
    const res = await fetch(`${app.url}/api/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders({ bearer: tokens.ingest }) },
      body: JSON.stringify({
        source: 'browser-test',
        observations: [...leg(TRACK_ID, 47.45), ...leg('icao:7e57b3', 47.1)],
      }),
    });
    expect(((await res.json()) as IngestBody).rejected).toEqual([]);
    await page.goto(app.url);
  });

  afterAll(() => env?.close());

  it('opens from the header with its title, and closes with Escape back to the button', async () => {
    const toggle = page.locator('#what-if-open');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('#what-if-panel');
    await panel.waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#what-if-title').textContent()).toBe(
      'Test a draft agreement against recorded traffic',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('what-if-title');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('what-if-open');
  });

  it('lists every problem of an invalid draft with its provision', async () => {
    await page.locator('#what-if-open').click();
    const draft = readDemoAgreementFile();
    const last = draft.versions.at(-1)!;
    last.rules[0]!.zones = ['nowhere'];
    await page.locator('#what-if-file').setInputFiles(asFile('broken.json', draft));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const problems = page.locator('.what-if-problems li');
    await problems.first().waitFor();
    expect(await problems.first().textContent()).toContain(`Provision ${last.rules[0]!.id}`);
    expect(await problems.first().textContent()).toContain('nowhere');
  });

  it('runs a draft without the no-fly zone and shows the headline, the tables and the tracks', async () => {
    await page
      .locator('#what-if-file')
      .setInputFiles(asFile('draft-no-south.json', demoDraftWithout(ZONE_ID)));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const headline = page.locator('#what-if-headline');
    await headline.waitFor({ timeout: 15_000 });
    expect(await headline.textContent()).toMatch(
      /^The agreement in force would have produced [1-9]\d* detections?, the draft 0; these 2 tracks account for 100% of the difference\.$/,
    );
    expect(await page.locator('.what-if-problems').count()).toBe(0);
    const ruleRow = page.locator('.what-if-table tr[data-key="R-1"]');
    const cells = await ruleRow.locator('td').allTextContents();
    expect(cells[1]).toBe('0');
    expect(Number(cells[0])).toBeGreaterThan(0);
    expect(cells[2]).toBe(`−${cells[0]}`);
    expect(await page.locator(`.what-if-track[data-track-id="${TRACK_ID}"]`).count()).toBe(1);
  });

  it('draws the draft’s zones and each variant’s detections in a layer of their own', async () => {
    expect(await page.locator('path.what-if-zone').count()).toBeGreaterThan(0);
    const inForceOnly = page.locator(
      `.what-if-glyph[data-variant="a"][data-only-here="true"][data-track-id="${TRACK_ID}"]`,
    );
    expect(await inForceOnly.count()).toBeGreaterThan(0);
    expect(await page.locator('.what-if-glyph[data-variant="b"]').count()).toBe(0);
    expect(await page.locator('.what-if-legend').textContent()).toContain('Only in force');
    // The picture to check by eye: the panel beside the whole region with the layer on it.
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('pans to a track’s detections when it is picked from the list', async () => {
    await page.locator(`.what-if-track[data-track-id="${TRACK_ID}"]`).click();
    // Marked once the map has flown there.
    await expect
      .poll(() => page.locator('.what-if-point.is-focused').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // …and the track's detections sit in the middle of the map.
    const map = (await page.locator('#map').boundingBox())!;
    const mark = (await page.locator('.what-if-point.is-focused').first().boundingBox())!;
    expect(Math.abs(mark.x + mark.width / 2 - (map.x + map.width / 2))).toBeLessThan(map.width / 4);
    expect(Math.abs(mark.y + mark.height / 2 - (map.y + map.height / 2))).toBeLessThan(
      map.height / 4,
    );
  });

  it('clears the layer and the result, back to the live picture', async () => {
    await page.locator('.what-if-legend-clear').click();
    expect(await page.locator('.what-if-legend').count()).toBe(0);
    expect(await page.locator('.what-if-glyph').count()).toBe(0);
    expect(await page.locator('path.what-if-zone').count()).toBe(0);
    expect(await page.locator('#what-if-headline').count()).toBe(0);
    // The live zones are still there.
    expect(await page.locator(`.zone-label [data-zone-id="${ZONE_ID}"]`).count()).toBe(1);
  });

  it('raises no page errors and asks nothing of the internet', () => {
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    // The invalid draft's 422 is the one refusal the page asked for.
    expect(watch.badResponses.map((r) => r.replace(/ http\S+\/api/, ' /api'))).toEqual([
      '422 /api/what-if',
    ]);
  });
});
