import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAgreementFile } from '../cli/replay-command.js';
import type { Agreement, Detection, Observation, TrackKind } from '../core/types.js';
import { compareDetections, DetectionComparer } from './compare-detections.js';
import { Engine } from './engine.js';
import { Replayer, replayObservations } from './replay.js';

const DEMO_AGREEMENT = fileURLToPath(
  new URL('../../scenarios/demo/agreement.json', import.meta.url),
);
/** 2026-02-01T10:00Z: version 1 of the demo agreement is in force (version 2 from June). */
const T0 = Date.UTC(2026, 1, 1, 10);
const MIN = 60_000;

function obs(trackId: string, kind: TrackKind, tMs: number, lon: number, lat: number): Observation {
  return { trackId, kind, tMs, lon, lat, source: 'test' };
}

/**
 * Hand-made traffic across the demo zones, in time order: an aircraft flies
 * north through the no-fly zone, into the buffer and across line A; a vessel
 * leaves the corridor; a ground unit is first seen inside the buffer; the
 * force's patrol aircraft (exempt) flies the same path as the first.
 */
function demoTraffic(): Observation[] {
  const out: Observation[] = [];
  [46.8, 47.1, 47.5, 47.8, 48.15, 48.3, 48.5].forEach((lat, i) => {
    out.push(obs('icao:a1b2c3', 'aircraft', T0 + i * 5 * MIN, 32.5, lat));
    out.push(obs('icao:f00a10', 'aircraft', T0 + i * 5 * MIN + 1000, 32.5, lat));
  });
  [30.05, 30.15, 30.25, 30.35].forEach((lon, i) => {
    out.push(obs('mmsi:272000001', 'vessel', T0 + i * 15 * MIN, lon, 44.4));
  });
  out.push(obs('sim:unit-1', 'ground', T0 + 5 * MIN, 32.6, 48.2));
  return out.sort((a, b) => a.tMs - b.tMs);
}

/** The demo agreement without the no-fly zone (and the rule that needs it): a what-if draft. */
function withoutNoFlyZone(agreement: Agreement): Agreement {
  return {
    ...agreement,
    versions: agreement.versions.map((v) => {
      const gone = new Set(
        v.rules.filter((r) => r.zoneIds.includes('no-fly-south')).map((r) => r.id),
      );
      return {
        ...v,
        zones: v.zones.filter((z) => z.id !== 'no-fly-south'),
        rules: v.rules.filter((r) => !gone.has(r.id)),
        // A notification that exempts only from a removed rule goes with it.
        notifications: v.notifications?.filter((n) => !n.ruleIds?.every((id) => gone.has(id))),
      };
    }),
  };
}

const keyOf = (d: Detection) => `${d.type} ${d.trackId} ${d.zoneId} ${d.ruleId}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('replayObservations', () => {
  it('finds what the demo agreement forbids in hand-made traffic, and spares the exempt force', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    const found = [...replayObservations(agreement, demoTraffic())];
    expect(found.map(keyOf).sort()).toEqual([
      'line_cross icao:a1b2c3 line-a R-3',
      'line_cross icao:a1b2c3 line-a R-8',
      'zone_dwell sim:unit-1 buffer-a R-7',
      'zone_enter icao:a1b2c3 buffer-a R-2',
      'zone_enter icao:a1b2c3 no-fly-south R-1',
      'zone_exit mmsi:272000001 corridor-west R-4',
      'zone_inside sim:unit-1 buffer-a R-2',
    ]);
    expect(found.every((d) => d.agreementVersion === 1)).toBe(true);
  });

  it('returns its stats when done: observations, time span, detections', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    const traffic = demoTraffic();
    const run = replayObservations(agreement, traffic);
    let next = run.next();
    let detections = 0;
    while (next.done !== true) {
      detections++;
      next = run.next();
    }
    expect(next.value).toMatchObject({
      observations: traffic.length,
      late: 0,
      firstMs: T0,
      lastMs: T0 + 45 * MIN,
      clockMs: T0 + 45 * MIN,
      detections,
    });
    expect(next.value.engine.observations).toBe(traffic.length);
  });

  it('prints the same bytes when run twice over the same input', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    const print = () =>
      [...replayObservations(agreement, demoTraffic())].map((d) => JSON.stringify(d)).join('\n');
    const first = print();
    expect(first.length).toBeGreaterThan(0);
    expect(print()).toBe(first);
  });

  it('advances the clock to each observation before judging it, and to the end of the period', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    const calls: string[] = [];
    const advance = Engine.prototype.advance;
    const step = Engine.prototype.step;
    vi.spyOn(Engine.prototype, 'advance').mockImplementation(function (this: Engine, t) {
      calls.push(`advance ${(t - T0) / MIN}`);
      return advance.call(this, t);
    });
    vi.spyOn(Engine.prototype, 'step').mockImplementation(function (this: Engine, o) {
      calls.push(`step ${(o.tMs - T0) / MIN}`);
      return step.call(this, o);
    });
    const traffic = [
      obs('icao:a1b2c3', 'aircraft', T0, 32.5, 46.8),
      obs('icao:d4e5f6', 'aircraft', T0, 32.6, 46.8),
      obs('icao:a1b2c3', 'aircraft', T0 + 5 * MIN, 32.5, 47.1),
    ];
    [...replayObservations(agreement, traffic, { endMs: T0 + 60 * MIN })];
    expect(calls).toEqual([
      'advance 0',
      'step 0',
      'step 0', // same instant: the clock does not move
      'advance 5',
      'step 5',
      'advance 60', // finish: timers due before the end of the period fire
    ]);
  });

  it('judges an observation older than the clock but does not turn the clock back, and counts it late', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    const advanced: number[] = [];
    const advance = Engine.prototype.advance;
    vi.spyOn(Engine.prototype, 'advance').mockImplementation(function (this: Engine, t) {
      advanced.push(t);
      return advance.call(this, t);
    });
    const replayer = new Replayer(agreement);
    replayer.push(obs('icao:a1b2c3', 'aircraft', T0 + 10 * MIN, 32.5, 46.8));
    replayer.push(obs('icao:d4e5f6', 'aircraft', T0, 32.5, 46.8));
    replayer.finish();
    expect(advanced).toEqual([T0 + 10 * MIN, T0 + 10 * MIN]);
    expect(replayer.stats).toMatchObject({ observations: 2, late: 1, firstMs: T0 });
    expect(replayer.stats.engine.observations).toBe(2);
    expect(() => replayer.push(obs('icao:a1b2c3', 'aircraft', T0 + 20 * MIN, 32.5, 46.8))).toThrow(
      /after finish/,
    );
  });

  it('refuses to pin a version the agreement does not have', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    expect(() => new Replayer(agreement, { pinVersion: 9 })).toThrow(
      /expected pinVersion to be a version of agreement demo \(1, 2\), got 9/,
    );
  });

  it('re-judges a period under a pinned version: site B (version 2) counts in February', async () => {
    const agreement = await loadAgreementFile(DEMO_AGREEMENT);
    // An aircraft flies into protected site B, drawn only in version 2 (from June).
    const traffic = [
      obs('icao:b0b0b0', 'aircraft', T0, 31.5, 47.3),
      obs('icao:b0b0b0', 'aircraft', T0 + 2 * MIN, 31.7, 47.3),
    ];
    expect([...replayObservations(agreement, traffic)]).toEqual([]);
    const pinned = [...replayObservations(agreement, traffic, { pinVersion: 2 })];
    expect(pinned.map(keyOf)).toEqual(['zone_enter icao:b0b0b0 site-b R-6']);
    expect(pinned[0]!.agreementVersion).toBe(2);
  });
});

describe('comparing two variants over one replay', () => {
  it('finds the detections only the variant with the no-fly zone makes', async () => {
    const a = await loadAgreementFile(DEMO_AGREEMENT);
    const b = withoutNoFlyZone(a);
    const traffic = demoTraffic();
    const result = compareDetections(
      [...replayObservations(a, traffic)],
      [...replayObservations(b, traffic)],
    );
    expect(result.totals).toEqual({ a: 7, b: 6, matched: 6, onlyInA: 1, onlyInB: 0 });
    expect(result.onlyInA).toEqual([
      { trackId: 'icao:a1b2c3', type: 'zone_enter', zoneId: 'no-fly-south', count: 1 },
    ]);
    expect(result.onlyInB).toEqual([]);
    expect(result.byRule.find((r) => r.ruleId === 'R-1')).toEqual({ ruleId: 'R-1', a: 1, b: 0 });
    expect(result.topTracks.map((t) => [t.trackId, t.a, t.b])).toEqual([['icao:a1b2c3', 4, 3]]);
    expect(result.topTracksShare).toBe(1);
    const [track] = result.topTracks;
    expect(track!.samples.a.filter((p) => p.onlyHere).map((p) => p.zoneId)).toEqual([
      'no-fly-south',
    ]);
  });

  it('gives the same comparison fed while streaming (one pass, two replayers) as from the two lists', async () => {
    const a = await loadAgreementFile(DEMO_AGREEMENT);
    const b = withoutNoFlyZone(a);
    const ra = new Replayer(a);
    const rb = new Replayer(b);
    const comparer = new DetectionComparer();
    for (const o of demoTraffic()) {
      comparer.addAll('a', ra.push(o));
      comparer.addAll('b', rb.push(o));
    }
    comparer.addAll('a', ra.finish());
    comparer.addAll('b', rb.finish());
    const traffic = demoTraffic();
    expect(comparer.result()).toEqual(
      compareDetections([...replayObservations(a, traffic)], [...replayObservations(b, traffic)]),
    );
  });
});
