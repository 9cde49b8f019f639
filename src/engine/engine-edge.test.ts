import { describe, expect, it } from 'vitest';
import { agreementOf, MIN, report, rule, runAll, square, T0 } from './engine.fixture.js';
import { Engine } from './engine.js';
import { zoneContains } from './zone-geometry.js';

/** Reports exactly on a zone's boundary: decided by the core geometry, and never flapping. */
describe('a track exactly on the edge of a zone', () => {
  const box = square('box', 0, 0, 0.1, 0.1);
  const agreement = agreementOf(
    [box],
    [rule('E', { forbids: ['enter', 'exit', 'inside'], zoneIds: ['box'] })],
  );

  it('is inside exactly when the core geometry says so, on every side and corner', () => {
    const points = [
      [0, 0.05],
      [0.1, 0.05],
      [0.05, 0],
      [0.05, 0.1],
      [0, 0],
      [0.1, 0.1],
    ];
    points.forEach(([lon, lat], k) => {
      const engine = new Engine(agreement);
      const found = engine.step(report(`mmsi:${k}`, 'vessel', T0, lon!, lat!));
      const inside = zoneContains(box, lon!, lat!);
      expect(
        found.map((d) => d.type),
        `(${lon}, ${lat})`,
      ).toEqual(inside ? ['zone_inside'] : []);
    });
  });

  it('does not flap while sailing along the edge and stepping off it by a few metres', () => {
    const engine = new Engine(agreement);
    const list = [];
    for (let k = 0; k < 30; k++) {
      // Along the east edge, alternately on it and 5 m either side of it.
      const lon = 0.1 + [0, 5e-5, 0, -5e-5][k % 4]!;
      list.push(report('mmsi:9', 'vessel', T0 + k * MIN, lon, 0.01 + k * 0.002));
    }
    const types = runAll(engine, list).map((d) => d.type);
    expect(types.filter((t) => t === 'zone_exit')).toEqual([]);
    expect(types.length).toBeLessThanOrEqual(1);
  });
});
