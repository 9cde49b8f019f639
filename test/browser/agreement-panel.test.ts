/**
 * The Agreement panel in a real browser against the real server: opened from
 * the header with the keyboard, the version in force marked and shown, rules
 * read as sentences (tied to zones, and anywhere), a zone one click from the
 * map, and Escape back to the header. Also the detection list's rows for the
 * newer detection types, and the web's copy of the threshold defaults.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementBody, IngestBody } from '../../src/api/wire.js';
import { parseAgreementDocument } from '../../src/core/agreement-file.js';
import type { Agreement, AgreementVersion, Rule, Zone } from '../../src/core/types.js';
import { DEFAULT_RANGE_NM, DEFAULT_THRESHOLDS } from '../../src/engine/rule-thresholds.js';
import type { Truceline } from '../../src/main.js';
import { describeRule, type NameLookup } from '../../web/src/agreement-sentences.js';
import {
  DEFAULT_JUMP_SPEED_KN,
  DEFAULT_RULE_THRESHOLDS,
  DEFAULT_RANGE_NM as WEB_RANGE_NM,
} from '../../web/src/agreement-thresholds.js';
import { authHeaders, type TestTokens } from '../integration/http-helpers.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
  REPO_DIR,
} from './browser-env.js';

const DEMO_FILE = path.join(REPO_DIR, 'scenarios/demo/agreement.json');
const SCREENSHOT = path.join(REPO_DIR, 'test-results/agreement-panel.png');
const MIN = 60_000;

function readDemoAgreement(): Agreement {
  return parseAgreementDocument(JSON.parse(readFileSync(DEMO_FILE, 'utf8')), DEMO_FILE);
}

function namesIn(version: AgreementVersion): NameLookup {
  return {
    zoneName: (id) => version.zones.find((z) => z.id === id)?.name ?? id,
    listName: (id) => version.lists?.find((l) => l.id === id)?.name ?? id,
  };
}

/** [west, south, east, north] of a polygon zone. */
function findPolygonBox(zone: Zone): [number, number, number, number] {
  if (zone.geometry.type !== 'Polygon') throw new Error(`${zone.id} is not a polygon`);
  const ring = zone.geometry.coordinates[0]!;
  const lons = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

describe('agreement sentences', () => {
  const demo = readDemoAgreement();
  const latest = demo.versions.at(-1)!;
  const rule = (id: string) => latest.rules.find((r) => r.id === id)!;

  it('reads a zone rule with its exemptions and an anywhere rule with its threshold', () => {
    expect(describeRule(rule('R-2'), namesIn(latest))).toBe(
      'Art. 4(1) (R-2): aircraft and ground units may not enter or be inside Illustrative buffer zone A. Exempt: Illustrative reassurance force assets (list), icao:f00a10.',
    );
    expect(describeRule(rule('R-13'), namesIn(latest))).toBe(
      'Art. 9(1) (R-13): vessels may not go silent for more than 20 min anywhere.',
    );
  });

  it('marks the thresholds a rule leaves to the detector as defaults', () => {
    expect(describeRule(rule('R-14'), namesIn(latest))).toBe(
      'Art. 9(2) (R-14): vessels, aircraft and ground units may not report a position they cannot have reached (faster than 60 kn for vessels, 1,500 kn for aircraft and 150 kn for ground units (default)) anywhere.',
    );
    expect(describeRule(rule('R-15'), namesIn(latest))).toBe(
      'Art. 10(1) (R-15): reported anywhere: aircraft that squawk 7500, 7600 or 7700 (default).',
    );
    const loiter: Rule = { ...rule('R-11'), thresholds: { loiterSpeedKn: 3 } };
    expect(describeRule(loiter, namesIn(latest))).toContain('below 3 kn for 1 h (default)');
  });

  it('says which way a directed crossing counts', () => {
    expect(describeRule(rule('R-8'), namesIn(latest))).toContain(
      'may not cross Illustrative line A from right to left',
    );
    expect(describeRule(rule('R-3'), namesIn(latest))).toContain(
      'cross Illustrative line A either way (default)',
    );
  });

  it('keeps the web’s threshold defaults equal to the engine’s', () => {
    const d = DEFAULT_THRESHOLDS;
    const w = DEFAULT_RULE_THRESHOLDS;
    expect({
      hysteresisM: w.hysteresisM,
      dwellMs: w.dwellMinutes * MIN,
      crossDirection: w.crossDirection,
      loiterSpeedKn: w.loiterSpeedKn,
      loiterMs: w.loiterHours * 60 * MIN,
      encounterDistanceM: w.encounterDistanceM,
      encounterMs: w.encounterHours * 60 * MIN,
      encounterSpeedKn: w.encounterSpeedKn,
      silenceMs: w.silenceMinutes * MIN,
      jumpSpeedKn: [
        DEFAULT_JUMP_SPEED_KN.vessel,
        DEFAULT_JUMP_SPEED_KN.aircraft,
        DEFAULT_JUMP_SPEED_KN.ground,
      ],
      squawks: [...w.squawks],
      nacpBelow: w.nacpBelow,
      clusterMinAircraft: w.clusterMinAircraft,
      clusterWindowMs: w.clusterWindowMinutes * MIN,
    }).toEqual({
      hysteresisM: d.hysteresisM,
      dwellMs: d.dwellMs,
      crossDirection: d.crossDirection,
      loiterSpeedKn: d.loiterSpeedKn,
      loiterMs: d.loiterMs,
      encounterDistanceM: d.encounterDistanceM,
      encounterMs: d.encounterMs,
      encounterSpeedKn: d.encounterSpeedKn,
      silenceMs: d.silenceMs,
      jumpSpeedKn: [...d.jumpSpeedKn],
      squawks: [...d.squawks],
      nacpBelow: d.nacpBelow,
      clusterMinAircraft: d.clusterMinAircraft,
      clusterWindowMs: d.clusterWindowMs,
    });
    expect(WEB_RANGE_NM).toEqual(DEFAULT_RANGE_NM);
  });
});

/** A vessel's reports every `stepMin` minutes from `t0`, drifting east at sea. */
function sail(
  trackId: string,
  t0: number,
  count: number,
  stepMin: number,
  at: [number, number],
  speedKn: number,
) {
  return Array.from({ length: count }, (_, i) => ({
    trackId,
    kind: 'vessel',
    tMs: t0 + i * stepMin * MIN,
    lon: at[0] + i * stepMin * speedKn * 0.00046,
    lat: at[1],
    speedKn,
    courseDeg: 90,
  }));
}

async function postObservations(
  url: string,
  tokens: TestTokens,
  source: string,
  observations: object[],
): Promise<void> {
  const res = await fetch(`${url}/api/observations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders({ bearer: tokens.ingest }) },
    body: JSON.stringify({ source, observations }),
  });
  expect(((await res.json()) as IngestBody).rejected).toEqual([]);
}

describeInBrowser('agreement panel in the browser', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let page: Page;
  let watch: PageWatch;
  let body: AgreementBody;
  let inForce: AgreementVersion;

  beforeAll(async () => {
    env = await openBrowserSession({ viewport: { width: 1440, height: 900 }, logInAs: 'analyst' });
    ({ app, page, watch } = env);
    const tokens = env.app.tokens;
    body = (await (
      await fetch(`${app.url}/api/agreement`, { headers: authHeaders({ bearer: tokens.read }) })
    ).json()) as AgreementBody;
    inForce = body.inForce!;
    // An hour of recorded traffic, judged on data time: feed B carries one
    // vessel and stops (a feed outage); feed A carries one that goes silent
    // while the feed goes on, and two that lie together (an encounter).
    const t0 = Date.now() - 2 * 3600_000;
    await postObservations(
      app.url,
      tokens,
      'test-feed-b',
      sail('mmsi:271000301', t0, 6, 2, [31.4, 43.6], 10),
    );
    await postObservations(
      app.url,
      tokens,
      'test-feed-a',
      [
        ...sail('mmsi:271000302', t0, 6, 2, [31.6, 43.4], 10),
        // Every 2 min: the feed never goes 5 min without a report.
        ...sail('mmsi:271000303', t0, 28, 2, [31.2, 43.2], 10),
        ...sail('mmsi:271000304', t0, 12, 5, [31.9, 43.0], 0.5),
        ...sail('mmsi:271000305', t0, 12, 5, [31.901, 43.0], 0.5),
      ].sort((a, b) => a.tMs - b.tMs),
    );
    await page.goto(app.url);
    await page.locator('.agreement-summary .agreement-version').waitFor();
  });

  afterAll(() => env?.close());

  it('opens from the header’s in-force line with the keyboard, at its title', async () => {
    const toggle = page.locator('#agreement-open');
    // The first stop of the tab order: nothing comes before it in the header.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('agreement-open');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.getAttribute('aria-controls')).toBe('agreement-panel');
    await page.keyboard.press('Enter');
    await page.locator('#agreement-panel').waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('agreement-panel-title');
  });

  it('names the agreement, warns it is illustrative, and marks the version in force', async () => {
    const panel = page.locator('#agreement-panel');
    expect(await panel.locator('.agreement-panel-name').textContent()).toBe(body.agreement.name);
    expect(await panel.locator('.agreement-illustrative').count()).toBe(
      body.agreement.illustrative ? 1 : 0,
    );
    const versions = panel.locator('.agreement-version-row');
    expect(await versions.count()).toBe(body.agreement.versions.length);
    const marked = panel.locator('.agreement-version-row.is-in-force');
    expect(await marked.getAttribute('data-version')).toBe(String(inForce.version));
    expect(await marked.textContent()).toContain('in force now');
    expect(await page.locator('#agreement-version').inputValue()).toBe(String(inForce.version));
    expect(await panel.locator('.agreement-version-heading').textContent()).toContain(
      `Version ${inForce.version}`,
    );
    expect(await panel.locator('.agreement-download').getAttribute('href')).toBe('/api/agreement');
  });

  it('reads a zone rule and an anywhere rule as sentences, each in its group', async () => {
    const names = namesIn(inForce);
    const zoneRule = inForce.rules.find((r) => r.zoneIds.length > 0)!;
    const anywhereRule = inForce.rules.find((r) => r.zoneIds.length === 0)!;
    const sentence = (r: Rule) =>
      page.locator(`.agreement-rule[data-rule-id="${r.id}"] .agreement-rule-sentence`);

    const zoneText = await sentence(zoneRule).textContent();
    expect(zoneText).toBe(describeRule(zoneRule, names));
    expect(zoneText).toMatch(
      new RegExp(`^${escapeRegExp(`${zoneRule.citation} (${zoneRule.id}):`)}`),
    );
    expect(zoneText).toContain(names.zoneName(zoneRule.zoneIds[0]!));
    const anywhereText = await sentence(anywhereRule).textContent();
    expect(anywhereText).toBe(describeRule(anywhereRule, names));
    expect(anywhereText).toContain('anywhere');

    // Grouped: every rule once, those with zones under "Zones and lines".
    const zoneGroup = page.locator('#agreement-rules-zones + .agreement-rules .agreement-rule');
    const anywhereGroup = page.locator(
      '#agreement-rules-anywhere + .agreement-rules .agreement-rule',
    );
    expect(
      await zoneGroup.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule-id'))),
    ).toEqual(inForce.rules.filter((r) => r.zoneIds.length > 0).map((r) => r.id));
    expect(await anywhereGroup.count()).toBe(
      inForce.rules.filter((r) => r.zoneIds.length === 0).length,
    );
  });

  it('lists the lists and the pre-notifications with their status by the clock', async () => {
    for (const list of inForce.lists ?? []) {
      const row = page.locator(`.agreement-list[data-list-id="${list.id}"]`);
      expect(await row.textContent()).toContain(list.name);
      expect(await row.locator('.agreement-count').textContent()).toBe(
        `${list.trackIds.length} ${list.trackIds.length === 1 ? 'track' : 'tracks'}`,
      );
    }
    const now = Date.now();
    for (const n of inForce.notifications ?? []) {
      const expected = now < n.fromMs ? 'upcoming' : now >= n.toMs ? 'expired' : 'in-force';
      const row = page.locator(`.agreement-notification[data-notification-id="${n.id}"]`);
      expect(await row.locator('.agreement-status').getAttribute('data-status')).toBe(expected);
      expect(await row.textContent()).toContain(n.trackIds[0]!);
    }
  });

  it('fits the map to a zone picked from the list and opens its popup', async () => {
    // The smallest polygon, so the fit is plainly a zoom in on it.
    const zone = inForce.zones
      .filter((z) => z.geometry.type === 'Polygon')
      .map((z) => ({ z, box: findPolygonBox(z) }))
      .sort((a, b) => area(a.box) - area(b.box))[0]!;
    const before = await viewBounds(page);
    await page.locator(`.agreement-zone[data-zone-id="${zone.z.id}"]`).click();
    const popup = page.locator(`.leaflet-popup .zone-popup[data-zone-id="${zone.z.id}"]`);
    await popup.waitFor({ timeout: 10_000 });
    expect(await popup.locator('strong').textContent()).toBe(zone.z.name);
    const after = await viewBounds(page);
    const [w, s, e, n] = zone.box;
    expect(after[0]).toBeLessThanOrEqual(w);
    expect(after[1]).toBeLessThanOrEqual(s);
    expect(after[2]).toBeGreaterThanOrEqual(e);
    expect(after[3]).toBeGreaterThanOrEqual(n);
    expect(after[2]! - after[0]!).toBeLessThan((before[2]! - before[0]!) / 4);
    // The picture to check by eye: the panel from its top, beside the zone on the map.
    await page.locator('#agreement-panel').evaluate((el) => el.scrollTo(0, 0));
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, animations: 'disabled' });
  });

  it('shows another version on request, and the version in force again', async () => {
    const other = body.agreement.versions.find((v) => v.version !== inForce.version);
    if (!other) return;
    await page.locator('#agreement-version').selectOption(String(other.version));
    const panel = page.locator('#agreement-panel');
    expect(await panel.locator('.agreement-version-heading').textContent()).toBe(
      `Version ${other.version}`,
    );
    expect(await panel.locator('.agreement-version-head .agreement-warning').count()).toBe(1);
    expect(await panel.locator('.agreement-zone').count()).toBe(other.zones.length);
    expect(await panel.locator('.agreement-rule').count()).toBe(other.rules.length);
    await page.locator('#agreement-version').selectOption(String(inForce.version));
    expect(await panel.locator('.agreement-zone').count()).toBe(inForce.zones.length);
  });

  it('closes with Escape and gives the focus back to the header', async () => {
    await page.locator('.agreement-zone').first().focus();
    await page.keyboard.press('Escape');
    await page.locator('#agreement-panel').waitFor({ state: 'hidden' });
    expect(await page.locator('#agreement-open').getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('agreement-open');
  });

  it('gives way to the what-if panel, and takes its place back', async () => {
    await page.locator('#agreement-open').click();
    await page.locator('#what-if-open').click();
    await page.locator('#what-if-panel').waitFor({ state: 'visible' });
    expect(await page.locator('#agreement-panel').isHidden()).toBe(true);
    await page.locator('#agreement-open').click();
    await page.locator('#agreement-panel').waitFor({ state: 'visible' });
    expect(await page.locator('#what-if-panel').isHidden()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('shows silence, encounter and feed-outage rows readably', async () => {
    const silence = page.locator('.detection-row--silence').first();
    await silence.waitFor({ timeout: 10_000 });
    expect(await silence.locator('.det-duration').textContent()).toMatch(/^\d+ min$/);
    expect(await silence.locator('.det-zone').textContent()).toBe('anywhere');

    const encounter = page.locator('.detection-row--encounter').first();
    await encounter.waitFor({ timeout: 10_000 });
    expect(await encounter.locator('.det-other').textContent()).toMatch(/^with mmsi:27100030[45]$/);

    // API batches are sources of their own, `api:<source>`.
    const outage = page
      .locator('.detection-row--feed_outage')
      .filter({ hasText: 'Source api:test-feed-b' })
      .first();
    await outage.waitFor({ timeout: 10_000 });
    expect(await outage.locator('.det-source').textContent()).toBe('Source api:test-feed-b');
    expect(await outage.locator('.det-id').count()).toBe(0);
    expect(await outage.locator('svg').count()).toBe(0);
  });

  it('does not select a track when a feed-outage row is activated', async () => {
    const outage = page.locator('.detection-row--feed_outage').first();
    await outage.focus();
    await page.keyboard.press('Enter');
    await outage.click();
    expect(await page.locator('#track-details').isHidden()).toBe(true);
  });

  it('raises no page errors and asks nothing of the internet', () => {
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.badResponses).toEqual([]);
  });
});

function area([w, s, e, n]: readonly [number, number, number, number]): number {
  return (e - w) * (n - s);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** [west, south, east, north] the map shows (main.ts exposes it for tests and the console). */
function viewBounds(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (window as unknown as { truceline: { viewBounds(): number[] } }).truceline.viewBounds(),
  );
}
