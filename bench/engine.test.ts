import { describe, expect, it } from 'vitest';
import { DEFAULTS, runEngineBench, runZoneBench, SECTIONS } from './engine.js';

describe('bench/engine at CI size', () => {
  it('runs workload Z, and ours, flatbush + Turf and flatbush + ray cast count the same hits', async () => {
    // runZoneBench throws if any two variants disagree on the hit total.
    const r = await runZoneBench({ zones: 500, points: 20_000, seed: 3, postgis: false });
    expect(r.hits).toBeGreaterThan(0);
    expect(r.variants.map((v) => v.name)).toEqual([
      'ours (ZoneGrid)',
      '(b) flatbush + turf',
      '(c) flatbush + ray cast',
    ]);
    for (const v of r.variants) expect(v.hits).toBe(r.hits);
    expect(r.gridBytesPerZone).toBeGreaterThan(0);
  });

  it('runs every section tiny and reports each ratio the issue asks for', async () => {
    const r = await runEngineBench({
      ...DEFAULTS,
      only: SECTIONS,
      seed: 3,
      zones: 300,
      points: 5000,
      postgis: false,
      scaleCounts: [30, 100, 300],
      scalePoints: 5000,
      scaleTurfPoints: 500,
      trackCounts: [200, 2000],
      reports: 5000,
      vessels: 60,
      aircraft: 20,
      minutes: 10,
    });
    const names = r.goals.map((g) => g.name);
    expect(names.some((n) => n.includes('(b) turf'))).toBe(true);
    expect(names.filter((n) => n.startsWith('zones: cost'))).toHaveLength(2);
    expect(names.some((n) => n.startsWith('tracks: cost per report'))).toBe(true);
    expect(names.some((n) => n.startsWith('replay'))).toBe(true);
    for (const g of r.goals) expect(Number.isFinite(g.value)).toBe(true);
    expect(r.scaling).toHaveLength(6);
    for (const row of r.scaling ?? []) expect(row.gridBytesPerZone).toBeGreaterThan(0);
    expect(r.tracks?.map((t) => t.tracks)).toEqual([200, 2000]);
    expect(r.stream?.observations).toBeGreaterThan(5000);
    expect(r.stream?.detections).toBeGreaterThan(0);
  }, 60_000);
});
