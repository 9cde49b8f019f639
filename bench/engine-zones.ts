/**
 * Zone evaluation, workload Z (issue 5): "which zones contain this point?"
 * at 10^3-10^5 zones, ours (ZoneGrid) against its peers in one run.
 *
 * Star-shaped polygons of 8-64 vertices, radius 0.01-0.3 degrees
 * log-uniform, centres uniform over a box (lon 22-42 / lat 43-53 at the
 * base size), and uniform points over the same box. Variants, each counting
 * (point, zone) hits; all must report the same total or the run throws:
 * - ours: src/engine/zone-grid.ts, `findZonesAt` into one reused Int32Array;
 * - (b) flatbush bbox index + @turf/boolean-point-in-polygon per candidate;
 * - (c) flatbush + a plain ray cast over the rings in one Float64Array;
 * - PostGIS (engine-postgis.ts), when installed.
 * Each is the median of 3 runs after a warm-up over a tenth of the points,
 * the runs of the variants interleaved (PostGIS apart, after them).
 * The scaling series over the same workload is in engine-scaling.ts.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Polygon, Position } from 'geojson';
import { createRandom } from '../src/core/random.js';
import type { Zone } from '../src/core/types.js';
import { ZoneGrid } from '../src/engine/zone-grid.js';
import { fmtBytes, fmtRate, type Goal, pad, padL, usedBytes } from './engine-measure.js';
import { runPostgisCount } from './engine-postgis.js';

export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Workload Z's box at 10 000 zones. */
export const BOX_Z: Box = { minLon: 22, minLat: 43, maxLon: 42, maxLat: 53 };

export interface ZoneBenchOptions {
  zones: number;
  points: number;
  seed: number;
  /** Centres and points drawn over this box. Default BOX_Z. */
  box?: Box;
  /** Run PostGIS when available. */
  postgis: boolean;
  /** Run (b) flatbush + Turf. Default true. */
  turf?: boolean;
  /** (b) over only the first this many points (it is the slow one). Default all. */
  turfPoints?: number;
}

export interface Variant {
  name: string;
  hits: number;
  /** Points this variant was timed over. */
  points: number;
  /** Median seconds over those points. */
  s: number;
  pointsPerS: number;
}

export interface ZoneBenchResult {
  options: ZoneBenchOptions;
  hits: number;
  variants: Variant[];
  postgisSkipped?: string;
  buildMs: number;
  gridBytesPerZone: number;
  /** Heap + array buffers retained by the grid, per zone (after GC when exposed). */
  gridHeapBytesPerZone: number;
  flatbushBytesPerZone: number;
  cellDeg: number;
  zonesPerPoint: number;
}

export interface Workload {
  zones: Zone[];
  xs: Float64Array;
  ys: Float64Array;
}

export function makeWorkload(n: number, points: number, seed: number, box = BOX_Z): Workload {
  const rnd = createRandom(seed);
  const lo = Math.log(0.01);
  const hi = Math.log(0.3);
  const zones: Zone[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cx = box.minLon + rnd() * (box.maxLon - box.minLon);
    const cy = box.minLat + rnd() * (box.maxLat - box.minLat);
    const r = Math.exp(lo + rnd() * (hi - lo));
    const nv = 8 + Math.floor(rnd() * 57);
    const a0 = rnd() * 2 * Math.PI;
    const ring: Position[] = [];
    for (let k = 0; k < nv; k++) {
      // Star-shaped about the centre: each vertex at its own distance.
      const a = a0 + (k / nv) * 2 * Math.PI;
      const rr = r * (0.35 + 0.65 * rnd());
      ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    zones[i] = {
      id: `z${i}`,
      name: `z${i}`,
      kind: 'buffer',
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  }
  const prnd = createRandom(seed ^ 0x5eed);
  const xs = new Float64Array(points);
  const ys = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    xs[i] = box.minLon + prnd() * (box.maxLon - box.minLon);
    ys[i] = box.minLat + prnd() * (box.maxLat - box.minLat);
  }
  return { zones, xs, ys };
}

function countOurs(grid: ZoneGrid, xs: Float64Array, ys: Float64Array, n: number): number {
  const out = new Int32Array(Math.max(1, grid.maxZonesPerCell));
  let hits = 0;
  for (let i = 0; i < n; i++) hits += grid.findZonesAt(xs[i]!, ys[i]!, out);
  return hits;
}

function buildFlatbush(zones: readonly Zone[]): Flatbush {
  const index = new Flatbush(Math.max(1, zones.length));
  for (const z of zones) {
    const ring = (z.geometry as Polygon).coordinates[0]!;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of ring) {
      x0 = Math.min(x0, p[0]!);
      y0 = Math.min(y0, p[1]!);
      x1 = Math.max(x1, p[0]!);
      y1 = Math.max(y1, p[1]!);
    }
    index.add(x0, y0, x1, y1);
  }
  if (zones.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

function countTurf(
  index: Flatbush,
  zones: readonly Zone[],
  xs: Float64Array,
  ys: Float64Array,
  n: number,
): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const pt = [xs[i]!, ys[i]!];
    for (const z of index.search(pt[0]!, pt[1]!, pt[0]!, pt[1]!)) {
      if (booleanPointInPolygon(pt, zones[z]!.geometry as Polygon)) hits++;
    }
  }
  return hits;
}

/** Every zone's outer ring in one array: ring z is coords[start[z]*2 .. start[z+1]*2). */
interface FlatRings {
  start: Int32Array;
  coords: Float64Array;
}

function flattenRings(zones: readonly Zone[]): FlatRings {
  const start = new Int32Array(zones.length + 1);
  for (let z = 0; z < zones.length; z++) {
    start[z + 1] = start[z]! + (zones[z]!.geometry as Polygon).coordinates[0]!.length;
  }
  const coords = new Float64Array(start[zones.length]! * 2);
  for (let z = 0; z < zones.length; z++) {
    let k = start[z]! * 2;
    for (const p of (zones[z]!.geometry as Polygon).coordinates[0]!) {
      coords[k++] = p[0]!;
      coords[k++] = p[1]!;
    }
  }
  return { start, coords };
}

function rayCast(f: FlatRings, z: number, x: number, y: number): boolean {
  const c = f.coords;
  const a = f.start[z]! * 2;
  const b = f.start[z + 1]! * 2;
  let inside = false;
  for (let i = a, j = b - 2; i < b; j = i, i += 2) {
    const yi = c[i + 1]!;
    const yj = c[j + 1]!;
    if (yi > y !== yj > y && x < ((c[j]! - c[i]!) * (y - yi)) / (yj - yi) + c[i]!) inside = !inside;
  }
  return inside;
}

function countFlat(
  index: Flatbush,
  f: FlatRings,
  xs: Float64Array,
  ys: Float64Array,
  n: number,
): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    for (const z of index.search(x, y, x, y)) if (rayCast(f, z, x, y)) hits++;
  }
  return hits;
}

interface Runner {
  name: string;
  /** Points it is timed over. */
  n: number;
  run: (n: number) => number;
}

/**
 * Each a warm-up over a tenth of its points, then 3 rounds in which every
 * variant runs once over all of them, interleaved so that a change in the
 * shared machine's load falls on all alike; each variant's median.
 */
function measureInterleaved(runners: readonly Runner[]): Variant[] {
  for (const r of runners) r.run(Math.max(1, Math.floor(r.n / 10)));
  const times = runners.map(() => [] as number[]);
  const hits = runners.map(() => 0);
  for (let round = 0; round < 3; round++) {
    runners.forEach((r, i) => {
      const t = process.hrtime.bigint();
      hits[i] = r.run(r.n);
      times[i]!.push(Number(process.hrtime.bigint() - t) / 1e9);
    });
  }
  return runners.map((r, i) => {
    const s = times[i]!.sort((a, b) => a - b)[1]!;
    return { name: r.name, hits: hits[i]!, points: r.n, s, pointsPerS: r.n / s };
  });
}

export async function runZoneBench(o: ZoneBenchOptions): Promise<ZoneBenchResult> {
  const w = makeWorkload(o.zones, o.points, o.seed, o.box);
  const n = o.points;
  const before = usedBytes();
  const t = process.hrtime.bigint();
  const grid = new ZoneGrid(w.zones);
  const buildMs = Number(process.hrtime.bigint() - t) / 1e6;
  const gridHeap = usedBytes() - before;
  const index = buildFlatbush(w.zones);
  const flat = flattenRings(w.zones);

  const nt = Math.min(n, o.turfPoints ?? n);
  const runners: Runner[] = [
    { name: 'ours (ZoneGrid)', n, run: (m) => countOurs(grid, w.xs, w.ys, m) },
  ];
  if (o.turf !== false) {
    runners.push({
      name: '(b) flatbush + turf',
      n: nt,
      run: (m) => countTurf(index, w.zones, w.xs, w.ys, m),
    });
  }
  runners.push({
    name: '(c) flatbush + ray cast',
    n,
    run: (m) => countFlat(index, flat, w.xs, w.ys, m),
  });
  const variants = measureInterleaved(runners);
  const b = variants.find((v) => v.name.startsWith('(b)'));
  if (b !== undefined && nt !== n) {
    // (b) saw only the first nt points: check it against ours over those.
    const oursOnThose = countOurs(grid, w.xs, w.ys, nt);
    if (b.hits !== oursOnThose)
      throw new Error(`variants disagree: ours ${oursOnThose} hits, (b) ${b.hits}`);
    b.hits = variants[0]!.hits;
  }
  let postgisSkipped: string | undefined;
  if (o.postgis) {
    const pg = await runPostgisCount(w.zones, w.xs, w.ys);
    if (typeof pg === 'string') postgisSkipped = pg;
    else
      variants.push({ name: 'PostGIS ST_Contains + GiST', ...pg, points: n, pointsPerS: n / pg.s });
  }
  const hits = variants[0]!.hits;
  for (const v of variants) {
    if (v.hits !== hits)
      throw new Error(`variants disagree: ours ${hits} hits, ${v.name} ${v.hits}`);
  }
  const perZone = (b: number) => b / Math.max(1, o.zones);
  return {
    options: o,
    hits,
    variants,
    ...(postgisSkipped === undefined ? {} : { postgisSkipped }),
    buildMs,
    gridBytesPerZone: perZone(grid.byteLength),
    gridHeapBytesPerZone: perZone(gridHeap),
    flatbushBytesPerZone: perZone(index.data.byteLength + flat.coords.byteLength),
    cellDeg: grid.cellDeg,
    zonesPerPoint: hits / Math.max(1, n),
  };
}

export function printZoneResult(r: ZoneBenchResult): void {
  const o = r.options;
  const b = o.box ?? BOX_Z;
  console.log(
    `zones ${o.zones}, points ${o.points}, seed ${o.seed}, box ${(b.maxLon - b.minLon).toFixed(1)} x ` +
      `${(b.maxLat - b.minLat).toFixed(1)} deg: ${r.hits} hits ` +
      `(${r.zonesPerPoint.toFixed(3)} zones per point); all variants agree`,
  );
  const ours = r.variants[0]!;
  for (const v of r.variants) {
    const ratio = v === ours ? '' : `   ours/this ${(ours.pointsPerS / v.pointsPerS).toFixed(1)}x`;
    const over = v.points === o.points ? '' : ` over ${v.points} points`;
    console.log(
      `  ${pad(v.name, 28)} ${padL(fmtRate(v.pointsPerS), 10)} (median ${v.s.toFixed(3)} s${over})${ratio}`,
    );
  }
  if (r.postgisSkipped !== undefined) console.log(`  PostGIS skipped: ${r.postgisSkipped}`);
  console.log(
    `  ZoneGrid build ${r.buildMs.toFixed(0)} ms, cell ${r.cellDeg.toPrecision(3)} deg; memory per zone: ` +
      `grid arrays ${fmtBytes(r.gridBytesPerZone)}, heap delta ${fmtBytes(r.gridHeapBytesPerZone)} ` +
      `(flatbush + flat rings ${fmtBytes(r.flatbushBytesPerZone)})`,
  );
}

/** Workload Z at its base size, with every peer; returns the two goal ratios. */
export async function runWorkloadZ(o: ZoneBenchOptions): Promise<Goal[]> {
  console.log('\n== z: zone evaluation, workload Z ==');
  const r = await runZoneBench(o);
  printZoneResult(r);
  const ours = r.variants[0]!.pointsPerS;
  const by = (prefix: string) => r.variants.find((v) => v.name.startsWith(prefix))?.pointsPerS;
  const goals: Goal[] = [];
  const b = by('(b)');
  if (b !== undefined)
    goals.push({ name: 'zones: ours / (b) turf', value: ours / b, op: '>=', goal: 10 });
  const pg = by('PostGIS');
  if (pg !== undefined)
    goals.push({ name: 'zones: ours / PostGIS', value: ours / pg, op: '>=', goal: 40 });
  const c = by('(c)');
  if (c !== undefined) console.log(`  ours / (c) ray cast: ${(ours / c).toFixed(1)}x (no goal)`);
  return goals;
}
