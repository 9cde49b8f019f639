import { describe, expect, it } from 'vitest';
import { runZoneBench } from './engine.js';

describe('bench/engine at CI size', () => {
  it('runs, and ours, flatbush + Turf and flatbush + ray cast count the same hits', async () => {
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
});
