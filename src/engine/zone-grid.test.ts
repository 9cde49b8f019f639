import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../core/random.js';
import type { Zone } from '../core/types.js';
import { zoneContains } from './zone-geometry.js';
import { ZoneGrid } from './zone-grid.js';

function star(rnd: Random, lon: number, lat: number, r: number, n: number): Position[] {
  const ring: Position[] = [];
  const a0 = rnd() * Math.PI * 2;
  for (let i = 0; i < n; i++) {
    const a = a0 + (i / n) * Math.PI * 2;
    const rr = r * (0.3 + 0.7 * rnd());
    ring.push([lon + rr * Math.cos(a), lat + rr * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** A ring of n vertices, counter-clockwise as holes are not, for variety. */
function reversed(ring: Position[]): Position[] {
  return [...ring].reverse();
}

function polygon(id: string, rings: Position[][]): Zone {
  return { id, name: id, kind: 'buffer', geometry: { type: 'Polygon', coordinates: rings } };
}

function circle(id: string, lon: number, lat: number, radiusM: number): Zone {
  return {
    id,
    name: id,
    kind: 'protected_site',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    radiusM,
  };
}

function bruteForce(zones: readonly Zone[], lon: number, lat: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < zones.length; i++) if (zoneContains(zones[i]!, lon, lat)) out.push(i);
  return out;
}

/** Every point must get exactly the brute-force answer, in zone order. */
function expectAgreement(grid: ZoneGrid, zones: readonly Zone[], points: Position[]): number {
  const out = new Int32Array(Math.max(1, grid.maxZonesPerCell));
  let hits = 0;
  for (const p of points) {
    const n = grid.findZonesAt(p[0]!, p[1]!, out);
    const got = Array.from(out.subarray(0, n));
    const want = bruteForce(zones, p[0]!, p[1]!);
    if (got.join() !== want.join()) {
      throw new Error(`at ${p[0]},${p[1]}: grid says [${got}], core geometry says [${want}]`);
    }
    hits += n;
  }
  return hits;
}

function randomPoints(rnd: Random, n: number, box: [number, number, number, number]): Position[] {
  return Array.from({ length: n }, () => [
    box[0] + rnd() * (box[2] - box[0]),
    box[1] + rnd() * (box[3] - box[1]),
  ]);
}

/** Vertices, edge midpoints and points just off them, of every ring (a seeded sample of max). */
function pointsOnBoundaries(zones: readonly Zone[], rnd: Random, max = 6000): Position[] {
  const out: Position[] = [];
  const rings: Position[][] = [];
  for (const z of zones) {
    const g = z.geometry;
    if (g.type === 'Polygon') rings.push(...g.coordinates);
    else if (g.type === 'MultiPolygon') for (const p of g.coordinates) rings.push(...p);
  }
  for (const r of rings) {
    for (let i = 1; i < r.length; i++) {
      const [ax, ay] = r[i - 1] as [number, number];
      const [bx, by] = r[i] as [number, number];
      out.push([ax, ay], [(ax + bx) / 2, (ay + by) / 2], [ax + (bx - ax) / 3, ay + (by - ay) / 3]);
      out.push([ax, ay + 1e-12], [ax + 1e-12, ay], [ax, by], [bx, ay]);
    }
  }
  return out.length <= max
    ? out
    : Array.from({ length: max }, () => out[Math.floor(rnd() * out.length)]!);
}

/** Corners and sides of the grid's cells around the zones. */
function pointsOnCells(grid: ZoneGrid, max: number): Position[] {
  const out: Position[] = [];
  const stepX = Math.max(1, Math.floor(grid.nx / 40));
  const stepY = Math.max(1, Math.floor(grid.ny / 40));
  for (let cy = 0; cy <= grid.ny; cy += stepY) {
    for (let cx = 0; cx <= grid.nx; cx += stepX) {
      const x = grid.minLon + cx * grid.cellDeg;
      const y = grid.minLat + cy * grid.cellDeg;
      out.push([x, y], [x + grid.cellDeg / 2, y], [x, y + grid.cellDeg / 2]);
      if (out.length >= max) return out;
    }
  }
  return out;
}

function randomStars(seed: number, n: number): Zone[] {
  const rnd = createRandom(seed);
  return Array.from({ length: n }, (_, i) =>
    polygon(`s${i}`, [
      star(rnd, 30 + rnd() * 2, 45 + rnd(), 0.05 + rnd() * 0.3, 8 + Math.floor(rnd() * 57)),
    ]),
  );
}

function checkAll(zones: Zone[], seed: number, options: { cellDeg?: number } = {}): number {
  const grid = new ZoneGrid(zones, options);
  const rnd = createRandom(seed);
  const box: [number, number, number, number] = [
    grid.minLon - 0.1,
    grid.minLat - 0.1,
    grid.minLon + grid.nx * grid.cellDeg + 0.1,
    grid.minLat + grid.ny * grid.cellDeg + 0.1,
  ];
  let hits = expectAgreement(grid, zones, randomPoints(rnd, 20_000, box));
  hits += expectAgreement(grid, zones, pointsOnBoundaries(zones, rnd));
  hits += expectAgreement(grid, zones, pointsOnCells(grid, 5000));
  return hits;
}

describe('ZoneGrid', () => {
  it('finds nothing anywhere for an agreement with no area zones', () => {
    const line: Zone = {
      id: 'l',
      name: 'l',
      kind: 'line',
      geometry: {
        type: 'LineString',
        coordinates: [
          [30, 45],
          [31, 46],
        ],
      },
    };
    for (const zones of [[], [line]]) {
      const grid = new ZoneGrid(zones);
      const out = new Int32Array(4);
      expect(grid.findZonesAt(30.5, 45.5, out)).toBe(0);
      expect(grid.maxZonesPerCell).toBe(0);
    }
  });

  it('answers one zone as core geometry does, at every cell size', () => {
    const zones = randomStars(1, 1);
    for (const cellDeg of [undefined, 0.003, 0.02, 0.1, 1]) {
      expect(checkAll(zones, 2, cellDeg === undefined ? {} : { cellDeg })).toBeGreaterThan(0);
    }
  });

  it('agrees with brute force on random overlapping stars', () => {
    const zones = randomStars(7, 300);
    expect(checkAll(zones, 8)).toBeGreaterThan(1000);
    expect(checkAll(zones, 9, { cellDeg: 0.05 })).toBeGreaterThan(1000);
  });

  it('agrees on polygons with holes and multipolygons, holes and parts crossing', () => {
    const rnd = createRandom(11);
    const zones: Zone[] = [];
    for (let i = 0; i < 40; i++) {
      const lon = 30 + rnd();
      const lat = 45 + rnd();
      const outer = star(rnd, lon, lat, 0.3, 24);
      const hole1 = reversed(star(rnd, lon + 0.02, lat, 0.08, 12));
      const hole2 = star(rnd, lon - 0.05, lat + 0.05, 0.06, 9);
      zones.push(polygon(`h${i}`, [outer, hole1, hole2]));
      zones.push({
        id: `m${i}`,
        name: `m${i}`,
        kind: 'no_fly',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [star(rnd, lon + 0.2, lat, 0.15, 16), star(rnd, lon + 0.2, lat, 0.04, 8)],
            [star(rnd, lon + 0.25, lat + 0.05, 0.15, 16)], // overlaps the first part
            [star(rnd, lon + 2, lat - 0.5, 0.05, 8)],
          ],
        },
      });
    }
    expect(checkAll(zones, 12)).toBeGreaterThan(1000);
    expect(checkAll(zones, 13, { cellDeg: 0.01 })).toBeGreaterThan(1000);
  });

  it('agrees on circles, inside polygons and across cells', () => {
    const rnd = createRandom(21);
    const zones: Zone[] = [];
    for (let i = 0; i < 60; i++) {
      zones.push(circle(`c${i}`, 30 + rnd() * 2, 44 + rnd() * 8, 200 + rnd() * 30_000));
    }
    zones.push(circle('zero', 31, 45, 0));
    zones.push(...randomStars(22, 30));
    expect(checkAll(zones, 23)).toBeGreaterThan(500);
    expect(checkAll(zones, 24, { cellDeg: 0.02 })).toBeGreaterThan(500);
  });

  it('tests a 20 000-vertex coastline by the few edges in the cell, not whole', () => {
    const n = 20_000;
    const ring: Position[] = [];
    const rnd = createRandom(31);
    for (let i = 0; i < n; i++) {
      const a = (i / n) * Math.PI * 2;
      // Ragged: many scales of wiggle, as a coastline has.
      const r =
        1 +
        0.2 * Math.sin(a * 7) +
        0.05 * Math.sin(a * 131) +
        0.01 * Math.sin(a * 1733) +
        0.004 * rnd();
      ring.push([32 + 2 * r * Math.cos(a), 46 + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const zones = [polygon('coast', [ring]), ...randomStars(32, 50)];
    const grid = new ZoneGrid(zones);
    const s = grid.stats;
    // Edges stored per test: a few, never the whole ring.
    expect(s.edges / s.tests).toBeLessThan(40);
    expect(checkAll(zones, 33)).toBeGreaterThan(1000);
  });

  it('agrees on axis-aligned squares whose edges lie on cell borders', () => {
    const zones: Zone[] = [];
    for (let i = 0; i < 5; i++) {
      const x = 30 + i * 0.25;
      const sq: Position[] = [
        [x, 45],
        [x + 0.5, 45],
        [x + 0.5, 45.5],
        [x, 45.5],
        [x, 45],
      ];
      zones.push(polygon(`q${i}`, [sq]));
    }
    expect(checkAll(zones, 41, { cellDeg: 0.125 })).toBeGreaterThan(1000);
    expect(checkAll(zones, 42, { cellDeg: 0.25 })).toBeGreaterThan(1000);
  });

  it('returns nothing for points off the grid or not numbers', () => {
    const grid = new ZoneGrid(randomStars(51, 10));
    const out = new Int32Array(grid.maxZonesPerCell);
    expect(grid.findZonesAt(0, 0, out)).toBe(0);
    expect(grid.findZonesAt(Number.NaN, 45, out)).toBe(0);
    expect(grid.findZonesAt(31, Number.POSITIVE_INFINITY, out)).toBe(0);
  });

  it('calls back with the same zones as findZonesAt', () => {
    const zones = randomStars(61, 100);
    const grid = new ZoneGrid(zones);
    const rnd = createRandom(62);
    const out = new Int32Array(grid.maxZonesPerCell);
    for (const [lon, lat] of randomPoints(rnd, 2000, [29.5, 44.5, 32.5, 46.5])) {
      const seen: number[] = [];
      grid.forEachZoneAt(lon!, lat!, (i) => seen.push(i));
      const n = grid.findZonesAt(lon!, lat!, out);
      expect(seen).toEqual(Array.from(out.subarray(0, n)));
    }
  });
});
