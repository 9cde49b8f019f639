/**
 * The live map in a real browser against the real server: zones drawn and
 * labelled, vessels and aircraft moving over the WebSocket, detections
 * arriving, a track's details one click away, and nothing fetched from the
 * internet.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgreementBody } from '../../src/api/wire.js';
import type { Truceline } from '../../src/main.js';
import { authHeaders, type TestTokens } from '../integration/http-helpers.js';
import {
  type BrowserSession,
  describeInBrowser,
  openBrowserSession,
  type PageWatch,
} from './browser-env.js';

describeInBrowser('live map in the browser', () => {
  let env: BrowserSession | undefined;
  let app: Truceline;
  let page: Page;
  let watch: PageWatch;
  let agreement: AgreementBody;
  let tokens: TestTokens;

  beforeAll(async () => {
    env = await openBrowserSession({
      // Always, so a failed run leaves a picture of what the analyst would have seen.
      screenshot: 'live-map.png',
      truceline: { simulate: { seed: 20260101, vessels: 24, aircraft: 10, speed: 20 } },
      viewport: { width: 1440, height: 900 },
      logInAs: 'analyst',
    });
    ({ app, page, watch } = env);
    tokens = env.app.tokens;
    agreement = (await (
      await fetch(`${app.url}/api/agreement`, { headers: authHeaders({ bearer: tokens.read }) })
    ).json()) as AgreementBody;
    await page.goto(app.url);
  });

  afterAll(() => env?.close());

  it('labels every zone of the agreement version in force', async () => {
    const zones = agreement.inForce?.zones ?? [];
    expect(zones.length).toBeGreaterThan(0);
    for (const zone of zones) {
      const label = page.locator(`.zone-label [data-zone-id="${zone.id}"]`);
      await expect.poll(() => label.count(), { timeout: 10_000 }).toBe(1);
      expect(await label.textContent()).toBe(zone.name);
    }
    await expect
      .poll(() => page.locator('.agreement-summary').textContent())
      .toContain(agreement.agreement.name);
    if (agreement.agreement.illustrative) {
      expect(await page.locator('#illustrative-note').isVisible()).toBe(true);
    }
  });

  it('draws vessels and aircraft with their own symbols', async () => {
    await expect.poll(() => page.locator('#connection-state').textContent()).toBe('live');
    // Symbols are canvas pixels: sample each drawn track's centre for its kind's colour.
    await expect
      .poll(
        async () => {
          const tracks = await fetchTracks(app.url, tokens);
          const found = await page.evaluate(
            (items) => {
              const canvas = document.querySelector<HTMLCanvasElement>('canvas.track-canvas')!;
              const ctx = canvas.getContext('2d')!;
              const dpr = canvas.width / canvas.clientWidth;
              const kinds = new Set<string>();
              for (const t of items) {
                const p = window.truceline.locateTrack(t.id);
                if (!p) continue;
                const [r, g, b] = ctx.getImageData(p.x * dpr, p.y * dpr, 1, 1).data;
                // Vessels teal (#0f766e), aircraft near-black (#111827).
                if (t.kind === 'vessel' && g! > 90 && r! < 60) kinds.add('vessel');
                if (t.kind === 'aircraft' && r! < 40 && g! < 50 && b! < 60) kinds.add('aircraft');
              }
              return [...kinds].sort();
            },
            tracks.map((t) => ({ id: t.id, kind: t.kind })),
          );
          return found;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toEqual(['aircraft', 'vessel']);
  });

  it('moves symbols as the WebSocket reports new positions', async () => {
    const ids = (await fetchTracks(app.url, tokens)).map((t) => t.id);
    const first = await locateTracks(page, ids);
    expect(first.size).toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          const now = await locateTracks(page, ids);
          return [...now].filter(([id, p]) => {
            const before = first.get(id);
            return before && (Math.abs(before.x - p.x) >= 1 || Math.abs(before.y - p.y) >= 1);
          }).length;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBeGreaterThan(0);
  });

  it('lists detections as the simulator breaks the rules', { timeout: 45_000 }, async () => {
    const row = page.locator('.detection-row[data-detection-id]').first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.det-summary').textContent()).not.toBe('');
    expect(await row.locator('.det-time').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    await expect
      .poll(() => page.locator('#detection-count').textContent())
      .toMatch(/^[1-9]\d* detections?$/);
  });

  it('shows a track’s details when its symbol is clicked', async () => {
    const { id, x, y } = await findClickableTrack(page, await fetchTracks(app.url, tokens));
    await page.mouse.click(x, y);
    const details = page.locator('#track-details');
    await details.waitFor({ state: 'visible' });
    expect(await details.locator('.details-id').textContent()).toBe(id);
    expect(await details.textContent()).toContain('Last report');
  });

  it('selects a detection’s track when its row is activated', async () => {
    // New rows arrive on top all the time: hold on to one row by its id. A
    // feed outage names a source, not a track, and selects nothing.
    const first = page.locator('.detection-row:not(.detection-row--feed_outage)').first();
    const id = await first.getAttribute('data-detection-id');
    const row = page.locator(`.detection-row[data-detection-id="${id}"]`);
    const detection = (await (
      await fetch(`${app.url}/api/detections?limit=200`, {
        headers: authHeaders({ bearer: tokens.read }),
      })
    ).json()) as {
      items: { id: string; trackId: string }[];
    };
    const trackId = detection.items.find((d) => d.id === id)?.trackId;
    await row.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#track-details .details-id').textContent()).toBe(trackId);
  });

  it('lists the simulator among the sources, running, with its rate and no warning', async () => {
    const row = page.locator('.source-row[data-source-id="sim"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-state')).toBe('running');
    await expect
      .poll(() => row.locator('.source-rate').textContent(), { timeout: 10_000 })
      .toMatch(/^[1-9][\d.]* msg\/s$/);
    expect(await page.locator('#source-alarm').isHidden()).toBe(true);
    expect(await page.locator('#source-warning').isHidden()).toBe(true);
  });

  it('makes an aircraft squawking 7700 stand out: red marker, header badge, meaning in details', async () => {
    const tracks = (await (
      await fetch(`${app.url}/api/tracks`, { headers: authHeaders({ bearer: tokens.read }) })
    ).json()) as {
      items: { last: { lat: number; lon: number; tMs: number } }[];
    };
    // Beside a simulated track, so it is inside the map's view.
    const near = tracks.items[0]!.last;
    const trackId = 'icao:4ca7e1';
    const res = await fetch(`${app.url}/api/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders({ bearer: tokens.ingest }) },
      body: JSON.stringify({
        source: 'browser-test',
        observations: [
          {
            trackId,
            kind: 'aircraft',
            tMs: Math.max(Date.now(), near.tMs + 1),
            lat: near.lat + 0.02,
            lon: near.lon + 0.02,
            altFt: 31000,
            speedKn: 440,
            courseDeg: 270,
            callsign: 'EIN77X',
            squawk: '7700',
            status: 'emergency 7700 (general emergency)',
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const marker = page.locator(`.track-emergency[data-track-id="${trackId}"]`);
    await marker.waitFor({ timeout: 10_000 });
    expect(await marker.getAttribute('data-emergency')).toBe('squawk 7700: general emergency');
    expect(await marker.getAttribute('title')).toContain('FL310');
    // The demo has its own aircraft in distress (DEMO07, squawking 7700): the
    // badge counts every one on the map and names ours among them.
    const badge = page.locator('#emergency-badge');
    const markers = page.locator('.track-emergency');
    await expect
      .poll(async () => Number(await badge.getAttribute('data-count')))
      .toBe(await markers.count());
    expect(await badge.getAttribute('title')).toContain('EIN77X');
    await badge.click();
    const emergencyIds = await markers.evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-track-id')),
    );
    const selected = page.locator('#track-details .details-id');
    await expect.poll(() => selected.textContent(), { timeout: 5000 }).toBeTruthy();
    expect(emergencyIds).toContain(await selected.textContent());
    await marker.dispatchEvent('click');
    await expect.poll(() => selected.textContent(), { timeout: 5000 }).toBe(trackId);
    expect(await page.locator('#track-details .details-emergency').textContent()).toBe(
      'squawk 7700: general emergency',
    );
    expect(await page.locator('#track-details').textContent()).toContain('FL310 (31,000 ft)');
  });

  it('raises no page errors and asks nothing of the internet', () => {
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.badResponses).toEqual([]);
  });
});

interface TrackItem {
  id: string;
  kind: string;
}

async function fetchTracks(url: string, tokens: TestTokens): Promise<TrackItem[]> {
  const res = await fetch(`${url}/api/tracks`, { headers: authHeaders({ bearer: tokens.read }) });
  return ((await res.json()) as { items: TrackItem[] }).items;
}

/** Where the page drew each track, in the map container's pixels. */
async function locateTracks(
  page: Page,
  ids: readonly string[],
): Promise<Map<string, { x: number; y: number }>> {
  const found = await page.evaluate(
    (list) =>
      list.flatMap((id) => {
        const p = window.truceline.locateTrack(id);
        return p ? [[id, p] as const] : [];
      }),
    [...ids],
  );
  return new Map(found);
}

/**
 * A track the pointer can reach, in page pixels: well clear of other tracks
 * (they move) and with nothing but the map above it (not the legend or a control).
 */
async function findClickableTrack(page: Page, tracks: readonly TrackItem[]) {
  const drawn = await locateTracks(
    page,
    tracks.filter((t) => t.kind !== 'ground').map((t) => t.id),
  );
  const box = (await page.locator('#map').boundingBox())!;
  const points = [...drawn];
  for (const [id, p] of points) {
    const clear = points.every(
      ([other, q]) => other === id || Math.hypot(p.x - q.x, p.y - q.y) > 30,
    );
    if (!clear) continue;
    const x = box.x + p.x;
    const y = box.y + p.y;
    const onMap = await page.evaluate(
      ([px, py]) => {
        const el = document.elementFromPoint(px!, py!);
        return !!el?.closest('#map') && !el.closest('.leaflet-control, .leaflet-tooltip');
      },
      [x, y],
    );
    if (onMap) return { id, x, y };
  }
  throw new Error(`no clickable track among ${points.length} drawn`);
}

declare global {
  interface Window {
    truceline: { locateTrack(id: string): { x: number; y: number } | null };
  }
}
