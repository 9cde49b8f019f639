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
  type Detection,
  type DetectionType,
  type Observation,
  RULE_ACTIONS,
  type RuleAction,
  type Zone,
} from '../../src/core/types.js';
import { Replayer } from '../../src/engine/replay.js';
import {
  type ActorExpectation,
  createSimulator,
  DEMO_SCENARIO_DIR,
  loadScenario,
  type Scenario,
} from '../../src/ingest/simulator/index.js';

const V1_MS = Date.UTC(2026, 0, 1);
const V2_MS = Date.UTC(2026, 5, 1);
const HOUR_MS = 3_600_000;
/** Every scripted hit is due within this much simulated time: 15 min of wall time at 10x. */
const DUE_WITHIN_S = 2.5 * 3600;
/**
 * Actions the demo agreement leaves out: out_of_range needs a receiver
 * position, which the simulator's source has not; above_altitude and
 * below_speed are judged by the same code as below_altitude and above_speed,
 * which the demo shows.
 */
const NOT_IN_DEMO: readonly RuleAction[] = ['out_of_range', 'above_altitude', 'below_speed'];
/** Zone entries, exits, crossings and jumps happen again on every pass of an actor's route. */
const REPEATING: ReadonlySet<RuleAction> = new Set(['enter', 'exit', 'cross', 'jump']);
/** Conditions reported once when they start, however long they hold. */
const ONCE_PER_EPISODE: ReadonlySet<RuleAction> = new Set([
  'below_altitude',
  'above_speed',
  'emergency',
  'integrity_degraded',
  'loiter',
  'encounter',
]);

interface Hit {
  ruleId: string;
  zoneId: string;
  action: RuleAction;
  tMs: number;
  trackId: string;
  /** Every track the hit involves: the other vessel of an encounter, the aircraft of a cluster. */
  trackIds: ReadonlySet<string>;
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
    expect(ids(v2?.rules).filter((id) => id !== 'R-6')).toEqual(ids(v1?.rules));
    expect(ids(v2?.rules)).toContain('R-6');
    // Zones and rules kept across versions are the same objects, so ids stay meaningful.
    for (const z of v1?.zones ?? []) expect(v2?.zones.find((x) => x.id === z.id)).toEqual(z);
    for (const r of v1?.rules ?? []) expect(v2?.rules.find((x) => x.id === r.id)).toEqual(r);
  });

  it('has one zone of each kind, rules naming zones of their own version, and closed rings', () => {
    for (const v of scenario.agreement.versions) {
      const kinds = new Set(v.zones.map((z) => z.kind));
      expect([...kinds].sort()).toEqual([
        'buffer',
        'corridor',
        'line',
        'no_fly',
        'port',
        'protected_site',
      ]);
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

describe('the demo traffic script', () => {
  it('has an actor due to break a rule of each action within 2.5 simulated hours', () => {
    const v2 = scenario.agreement.versions[1]!;
    const forbidden = new Set(v2.rules.flatMap((r) => r.forbids));
    const expected = new Set<RuleAction>();
    for (const a of scenario.traffic.actors) {
      for (const e of a.expect) {
        expect(e.withinS, `${a.id} ${e.ruleId}`).toBeLessThanOrEqual(DUE_WITHIN_S);
        expected.add(e.action);
      }
    }
    const shown = RULE_ACTIONS.filter((a) => !NOT_IN_DEMO.includes(a));
    expect([...forbidden].sort()).toEqual([...shown].sort());
    expect([...expected].sort()).toEqual([...shown].sort());
  });
});

describe('two hours of demo traffic', () => {
  const endMs = V2_MS + 2 * HOUR_MS;
  let observations: Observation[];
  let hits: Hit[];
  beforeAll(() => {
    const sim = createSimulator({ script: scenario.traffic, seed: 1, startMs: V2_MS });
    observations = sim.step(endMs);
    hits = findRuleHits(scenario.agreement, observations, endMs);
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
    expect(findRuleHits(scenario.agreement, clean, endMs)).toEqual([]);
  });

  it('gives every scripted violator its expected hit within the promised time', () => {
    for (const actor of scenario.traffic.actors) {
      for (const e of actor.expect) {
        const first = hitsOf(hits, actor.id, e)[0];
        expect(first, `${actor.id} ${e.ruleId} ${e.action}`).toBeDefined();
        expect(first!.zoneId).toBe(e.zoneId ?? '');
        expect((first!.tMs - V2_MS) / 1000).toBeLessThanOrEqual(e.withinS);
      }
    }
  });

  it("finds the vessel that goes dark only once it has been silent for the rule's 20 minutes", () => {
    const dark = scenario.traffic.actors.find((a) => a.silence !== undefined)!;
    const silences = hits.filter((h) => h.trackId === dark.id && h.action === 'silence');
    const own = observations.filter((o) => o.trackId === dark.id);
    expect(silences.length).toBeGreaterThanOrEqual(1);
    for (const s of silences) {
      const lastMs = own.filter((o) => o.tMs < s.tMs).at(-1)!.tMs;
      expect(s.tMs - lastMs).toBe(20 * 60_000);
    }
  });

  it('counts only the northward crossings of line A under R-8, and both ways under R-3', () => {
    const crosser = 'icao:f00a02';
    const both = hits.filter((h) => h.trackId === crosser && h.ruleId === 'R-3');
    const north = hits.filter((h) => h.trackId === crosser && h.ruleId === 'R-8');
    expect(north.length).toBeGreaterThanOrEqual(4);
    expect(both.length - north.length).toBeGreaterThanOrEqual(north.length - 1);
    expect(both.length - north.length).toBeLessThanOrEqual(north.length);
    // DEMO02 starts south of the line: its first crossing is northward.
    expect(north[0]!.tMs).toBe(both[0]!.tMs);
  });

  it('reports each lasting condition once, not at every report while it holds', () => {
    for (const actor of scenario.traffic.actors) {
      for (const e of actor.expect) {
        if (!ONCE_PER_EPISODE.has(e.action)) continue;
        expect(hitsOf(hits, actor.id, e), `${actor.id} ${e.ruleId}`).toHaveLength(1);
      }
    }
  });

  it('repeats each zone violation and jump, so a late visitor still sees one within half an hour', () => {
    for (const actor of scenario.traffic.actors) {
      for (const e of actor.expect) {
        if (!REPEATING.has(e.action)) continue;
        const times = hitsOf(hits, actor.id, e).map((h) => h.tMs);
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
    const hits = findRuleHits(scenario.agreement, sim.step(startMs + HOUR_MS), startMs + HOUR_MS);
    expect(hits.filter((h) => h.zoneId === 'site-b')).toEqual([]);
    expect(hits.some((h) => h.zoneId === 'site-a')).toBe(true);
  });
});

const ACTION_OF = new Map<DetectionType, RuleAction>(
  RULE_ACTIONS.map((a) => [DETECTION_TYPE_OF[a], a]),
);

/**
 * Every rule hit the engine finds in these observations (in time order) up
 * to endMs, oldest first. The replayer advances the engine's clock to each
 * observation's time first, so timers (dwell, silence) fire as they would
 * live, and to endMs at the end.
 */
function findRuleHits(agreement: Agreement, observations: Observation[], endMs: number): Hit[] {
  const replayer = new Replayer(agreement);
  const hits: Hit[] = [];
  const add = (ds: readonly Detection[]) => {
    for (const d of ds) {
      const trackIds = new Set([d.trackId, ...d.evidence.map((o) => o.trackId)]);
      if (d.otherTrackId !== undefined) trackIds.add(d.otherTrackId);
      hits.push({
        ruleId: d.ruleId,
        zoneId: d.zoneId,
        action: ACTION_OF.get(d.type)!,
        tMs: d.tMs,
        trackId: d.trackId,
        trackIds,
      });
    }
  };
  for (const o of observations) add(replayer.push(o));
  add(replayer.finish(endMs));
  return hits.sort((x, y) => x.tMs - y.tMs);
}

/** The hits of one expectation that involve the actor, oldest first. */
function hitsOf(hits: readonly Hit[], actorId: string, e: ActorExpectation): Hit[] {
  return hits.filter(
    (h) => h.trackIds.has(actorId) && h.ruleId === e.ruleId && h.action === e.action,
  );
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
