/**
 * The demo scenario holds together: the agreement is well formed and says it
 * is illustrative, vessels stay at sea, generated traffic keeps the rules, and
 * each scripted actor breaks the rules it is written to break, early.
 * Rule hits are found by the real engine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Agreement,
  DETECTION_TYPE_OF,
  type DetectionType,
  type Observation,
  RULE_ACTIONS,
  type RuleAction,
  type Zone,
} from '../../src/core/types.js';
import { Engine } from '../../src/engine/index.js';
import {
  createSimulator,
  DEMO_SCENARIO_DIR,
  loadScenario,
  type Scenario,
} from '../../src/ingest/simulator/index.js';

const V1_MS = Date.UTC(2026, 0, 1);
const V2_MS = Date.UTC(2026, 5, 1);
const HOUR_MS = 3_600_000;

interface Hit {
  ruleId: string;
  zoneId: string;
  action: RuleAction;
  tMs: number;
  trackId: string;
}

let scenario: Scenario;
beforeAll(async () => {
  scenario = await loadScenario(DEMO_SCENARIO_DIR);
});

describe('the demo agreement', () => {
  it('says everywhere that it is illustrative', () => {
    const { agreement } = scenario;
    expect(agreement.id).toBe('demo');
    expect(agreement.illustrative).toBe(true);
    expect(agreement.name).toMatch(/illustrative/i);
    for (const v of agreement.versions) {
      expect(v.title).toMatch(/illustrative/i);
      for (const z of v.zones) {
        expect(z.name).toMatch(/illustrative/i);
        expect(z.description).toMatch(/not a real or proposed line/i);
      }
      for (const r of v.rules) expect(r.description).toMatch(/illustrative/i);
    }
  });

  it('has version 1 from 2026-01-01 and version 2 from 2026-06-01 adding site B and its rule', () => {
    const [v1, v2] = scenario.agreement.versions;
    expect(v1?.inForceFromMs).toBe(V1_MS);
    expect(v2?.inForceFromMs).toBe(V2_MS);
    const ids = (zs: { id: string }[] | undefined) => (zs ?? []).map((z) => z.id);
    expect(ids(v2?.zones)).toEqual([...ids(v1?.zones), 'site-b']);
    expect(ids(v2?.rules)).toEqual([...ids(v1?.rules), 'R-6']);
    // Zones and rules kept across versions are the same objects, so ids stay meaningful.
    for (const z of v1?.zones ?? []) expect(v2?.zones.find((x) => x.id === z.id)).toEqual(z);
  });

  it('has one zone of each kind, rules naming zones of their own version, and closed rings', () => {
    for (const v of scenario.agreement.versions) {
      const kinds = new Set(v.zones.map((z) => z.kind));
      expect([...kinds].sort()).toEqual(['buffer', 'corridor', 'line', 'no_fly', 'protected_site']);
      const zoneIds = new Set(v.zones.map((z) => z.id));
      for (const r of v.rules) for (const id of r.zoneIds) expect(zoneIds.has(id)).toBe(true);
      for (const z of v.zones) {
        for (const ring of ringsOf(z)) {
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(ring.length).toBeGreaterThanOrEqual(4);
        }
      }
    }
    const nfz = zoneById(scenario.agreement, 'no-fly-south');
    expect(ringsOf(nfz)).toHaveLength(2);
  });

  it('exempts the force aircraft from the no-fly zone and buffer zone rules', () => {
    const force = scenario.traffic.actors.find((a) => a.role === 'force');
    const v1 = scenario.agreement.versions[0]!;
    for (const id of ['R-1', 'R-2']) {
      expect(v1.rules.find((r) => r.id === id)?.exemptTrackIds).toContain(force?.id);
    }
  });
});

describe('two hours of demo traffic', () => {
  let observations: Observation[];
  beforeAll(() => {
    const sim = createSimulator({ script: scenario.traffic, seed: 1, startMs: V2_MS });
    observations = sim.step(V2_MS + 2 * HOUR_MS);
  });

  it('keeps every vessel inside the Black Sea and off the land', () => {
    const land = loadLandPolygons();
    // The check itself tells Crimea and Constanta's hinterland from open sea.
    expect(isOnLand(land, 34.1, 45.1)).toBe(true);
    expect(isOnLand(land, 28.3, 44.3)).toBe(true);
    expect(isOnLand(land, 31.5, 43.5)).toBe(false);
    const vessels = observations.filter((o) => o.kind === 'vessel');
    expect(vessels.length).toBeGreaterThan(40 * 600);
    const onLand = vessels.filter((o) => isOnLand(land, o.lon, o.lat));
    expect(onLand.slice(0, 3)).toEqual([]);
    for (const o of vessels) {
      expect(o.lon).toBeGreaterThan(27.4);
      expect(o.lon).toBeLessThan(41.8);
      expect(o.lat).toBeGreaterThan(40.9);
      expect(o.lat).toBeLessThan(46.7);
    }
  });

  it('finds no rule broken by generated traffic, the force patrol or the airfield circuit', () => {
    const actors = new Map(scenario.traffic.actors.map((a) => [a.id, a]));
    const clean = observations.filter((o) => {
      const a = actors.get(o.trackId);
      return a === undefined || a.expect.length === 0;
    });
    expect(findRuleHits(scenario.agreement, clean)).toEqual([]);
  });

  it('gives every scripted violator its expected hit within the promised time', () => {
    const hits = findRuleHits(scenario.agreement, observations);
    for (const actor of scenario.traffic.actors) {
      for (const e of actor.expect) {
        const first = hits.find(
          (h) => h.trackId === actor.id && h.ruleId === e.ruleId && h.action === e.action,
        );
        expect(first, `${actor.id} ${e.ruleId} ${e.action}`).toBeDefined();
        expect(first!.zoneId).toBe(e.zoneId);
        expect((first!.tMs - V2_MS) / 1000).toBeLessThanOrEqual(e.withinS);
      }
    }
  });

  it('repeats each violation, so a late visitor still sees one within half an hour', () => {
    const hits = findRuleHits(scenario.agreement, observations);
    for (const actor of scenario.traffic.actors) {
      for (const e of actor.expect) {
        const times = hits
          .filter((h) => h.trackId === actor.id && h.ruleId === e.ruleId && h.action === e.action)
          .map((h) => h.tMs);
        expect(times.length, `${actor.id} ${e.ruleId}`).toBeGreaterThanOrEqual(4);
        for (let i = 1; i < times.length; i++) {
          expect(times[i]! - times[i - 1]!).toBeLessThan(HOUR_MS / 2);
        }
      }
    }
  });
});

describe('before version 2', () => {
  it('does not count overflights of protected site B', () => {
    const startMs = Date.UTC(2026, 2, 1);
    const sim = createSimulator({
      script: scenario.traffic,
      seed: 1,
      startMs,
      vessels: 0,
      aircraft: 0,
    });
    const hits = findRuleHits(scenario.agreement, sim.step(startMs + HOUR_MS));
    expect(hits.filter((h) => h.zoneId === 'site-b')).toEqual([]);
    expect(hits.some((h) => h.zoneId === 'site-a')).toBe(true);
  });
});

const ACTION_OF = new Map<DetectionType, RuleAction>(
  RULE_ACTIONS.map((a) => [DETECTION_TYPE_OF[a], a]),
);

/** Every rule hit the engine finds in these observations, oldest first. */
function findRuleHits(agreement: Agreement, observations: Observation[]): Hit[] {
  const engine = new Engine(agreement);
  const hits: Hit[] = [];
  for (const o of observations) {
    for (const d of engine.step(o)) {
      hits.push({
        ruleId: d.ruleId,
        zoneId: d.zoneId,
        action: ACTION_OF.get(d.type)!,
        tMs: d.tMs,
        trackId: d.trackId,
      });
    }
  }
  return hits.sort((x, y) => x.tMs - y.tMs);
}

function ringsOf(zone: Zone): Position[][] {
  const g = zone.geometry;
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

function zoneById(agreement: Agreement, id: string): Zone {
  const zone = agreement.versions[0]!.zones.find((z) => z.id === id);
  if (!zone) throw new Error(`no zone ${id}`);
  return zone;
}

/** Land edges bucketed by latitude band, so a ray cast reads only the edges near the point. */
interface LandIndex {
  bands: Map<number, number[]>;
}

const BAND_DEG = 0.05;

/** Natural Earth 1:10m land near the Black Sea. */
function loadLandPolygons(): LandIndex {
  const file = createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  const land = feature(topology, topology.objects.land!) as unknown as {
    features: { geometry: Polygon | MultiPolygon }[];
  };
  const bands = new Map<number, number[]>();
  for (const f of land.features) {
    const polygons =
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (let i = 1; i < ring.length; i++) {
        const [x1, y1] = ring[i - 1] as [number, number];
        const [x2, y2] = ring[i] as [number, number];
        if (Math.max(y1, y2) < 38 || Math.min(y1, y2) > 50) continue;
        const lo = Math.floor(Math.min(y1, y2) / BAND_DEG);
        const hi = Math.floor(Math.max(y1, y2) / BAND_DEG);
        for (let b = lo; b <= hi; b++) {
          const edges = bands.get(b) ?? [];
          edges.push(x1, y1, x2, y2);
          bands.set(b, edges);
        }
      }
    }
  }
  return { bands };
}

/**
 * Even-odd ray cast to the east over every land edge at once: holes (lakes,
 * seas inside land) count back out on their own.
 */
function isOnLand(land: LandIndex, lon: number, lat: number): boolean {
  const edges = land.bands.get(Math.floor(lat / BAND_DEG)) ?? [];
  let inside = false;
  for (let i = 0; i < edges.length; i += 4) {
    const x1 = edges[i]!;
    const y1 = edges[i + 1]!;
    const x2 = edges[i + 2]!;
    const y2 = edges[i + 3]!;
    if (y1 > lat !== y2 > lat && lon < ((x2 - x1) * (lat - y1)) / (y2 - y1) + x1) inside = !inside;
  }
  return inside;
}
