/**
 * A monitor files a report with a photo while offline: it waits in the
 * outbox, survives a reload (the page opens from its offline cache), and is
 * sent when the connection returns, once. The server then holds the report
 * and its photo exactly once, byte for byte.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FieldReportPageBody } from '../../src/api/wire-field-reports.js';
import { PNG_BYTES } from '../../src/incidents/field-report.fixture.js';
import type { Truceline } from '../../src/main.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
} from './browser-env.js';

describeInBrowser('field report form, offline', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    env = await openBrowserSession({
      screenshot: 'field-report-offline.png',
      // Fail at the step that hangs, inside the test's own timeout.
      stepTimeoutMs: 10_000,
      logInAs: 'monitor',
    });
    ({ app, context, page, watch } = env);
  });

  afterAll(() => env?.close());

  const outboxItem = () => page.locator('#fr-outbox li[data-report-id]');
  const outboxItemIn = (state: string) => page.locator(`#fr-outbox li[data-state="${state}"]`);

  async function fillMinimalReport(): Promise<void> {
    await page.getByLabel('Longitude').fill('34.1');
    await page.getByLabel('Latitude').fill('44.9');
    await page.getByLabel('Category').selectOption('drone_activity');
  }

  async function heldReportIds(): Promise<string[]> {
    const res = await context.request.get(`${app.url}/api/field-reports`);
    return ((await res.json()) as FieldReportPageBody).items.map((r) => r.id);
  }

  it('queues a report filed offline, keeps it across a reload, and sends it once when back online', async () => {
    await page.goto(`${app.url}/field-report.html`);
    await page.getByRole('button', { name: 'File report' }).waitFor();
    // Opened online once: the page and its assets are in the offline cache.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const cache = await caches.open('truceline-field-report-shell-v1');
          return (await cache.match('/field-report.html')) !== undefined;
        }),
      )
      .toBe(true);
    await page.evaluate(() => navigator.serviceWorker.ready);

    await context.setOffline(true);
    await page.getByLabel('Longitude').fill('33.521500');
    await page.getByLabel('Latitude').fill('45.071000');
    await page.getByLabel('Category').selectOption('shelling');
    await page.getByLabel('How many').fill('3');
    await page.getByLabel('Bearing from you').fill('120');
    await page.getByLabel('What you saw').fill('Three impacts south-east of the bridge.');
    await page.getByLabel('Add photos').setInputFiles({
      name: 'impact.png',
      mimeType: 'image/png',
      buffer: PNG_BYTES,
    });
    await expect.poll(() => page.locator('#fr-photo-list li').count()).toBe(1);
    await page.getByRole('button', { name: 'File report' }).click();

    await expect.poll(() => outboxItem().getAttribute('data-state')).toBe('queued');
    const reportId = (await outboxItem().getAttribute('data-report-id'))!;
    await expect.poll(() => outboxItem().textContent()).toContain('Offline');

    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole('button', { name: 'File report' }).waitFor();
    await expect.poll(() => outboxItem().getAttribute('data-state')).toBe('queued');
    expect(await outboxItem().getAttribute('data-report-id')).toBe(reportId);
    expect(await outboxItem().textContent()).toContain('1 photo, 0 sent');

    await context.setOffline(false);
    await expect
      .poll(() => outboxItem().getAttribute('data-state'), { timeout: 15_000 })
      .toBe('sent');
    expect(await outboxItem().textContent()).toContain('1 photo, 1 sent');
    await expect
      .poll(() => page.locator(`#fr-filed li[data-report-id="${reportId}"]`).count())
      .toBe(1);

    const res = await context.request.get(`${app.url}/api/field-reports`);
    const held = ((await res.json()) as FieldReportPageBody).items;
    expect(held.map((r) => r.id)).toEqual([reportId]);
    expect(held[0]).toMatchObject({
      reporterName: 'monitor',
      category: 'shelling',
      count: 3,
      bearingDeg: 120,
      distanceM: null,
      lon: 33.5215,
      lat: 45.071,
      text: 'Three impacts south-east of the bridge.',
    });
    expect(held[0]!.attachments).toHaveLength(1);
    const photo = held[0]!.attachments[0]!;
    const bytes = await context.request.get(
      `${app.url}/api/field-reports/${reportId}/attachments/${photo.id}`,
    );
    expect(Buffer.from(await bytes.body())).toEqual(PNG_BYTES);
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('keeps a report the server refuses, with its reason, until the monitor fixes it', async () => {
    // The form checks what the server checks, so the refusal is staged here.
    await page.route('**/api/field-reports', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            json: {
              error: {
                code: 'invalid_field_report',
                field: 'observedMs',
                message: "observedMs: is 9 min ahead of the server's clock",
              },
            },
          })
        : route.fallback(),
    );
    await page.goto(`${app.url}/field-report.html`);
    await fillMinimalReport();
    await page.getByRole('button', { name: 'File report' }).click();
    const refused = outboxItemIn('refused');
    await expect.poll(() => refused.count()).toBe(1);
    const refusedId = (await refused.getAttribute('data-report-id'))!;
    expect(await refused.getByRole('alert').textContent()).toContain('9 min ahead');

    await page.reload();
    await expect.poll(() => outboxItemIn('refused').count()).toBe(1);
    await page.unroute('**/api/field-reports');

    await outboxItemIn('refused').getByRole('button', { name: 'Edit and file again' }).click();
    await expect.poll(() => page.getByLabel('Longitude').inputValue()).toBe('34.1');
    expect(await page.getByLabel('Category').inputValue()).toBe('drone_activity');
    await expect.poll(() => outboxItemIn('refused').count()).toBe(0);
    await page.getByRole('button', { name: 'File report' }).click();
    const sent = page.locator('#fr-outbox li[data-state="sent"]').first();
    await expect.poll(() => sent.textContent()).toContain('Drone activity');
    const sentId = (await sent.getAttribute('data-report-id'))!;
    expect(sentId).not.toBe(refusedId);
    const held = await heldReportIds();
    expect(held).toContain(sentId);
    expect(held).not.toContain(refusedId);
  });

  it('keeps a report queued while the server fails, and sends it on request', async () => {
    await page.route('**/api/field-reports', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 503, json: { error: { code: 'internal', message: 'down' } } })
        : route.fallback(),
    );
    await page.goto(`${app.url}/field-report.html`);
    await fillMinimalReport();
    await page.getByRole('button', { name: 'File report' }).click();
    const queued = outboxItemIn('queued');
    await expect.poll(() => queued.textContent()).toContain('Server busy or failing (503)');
    const id = (await queued.getAttribute('data-report-id'))!;

    await page.unroute('**/api/field-reports');
    await queued.getByRole('button', { name: 'Send now' }).click();
    await expect
      .poll(() => page.locator(`#fr-outbox li[data-report-id="${id}"]`).getAttribute('data-state'))
      .toBe('sent');
    expect((await heldReportIds()).filter((held) => held === id)).toHaveLength(1);
  });
});
