/**
 * Zone evaluation: "which zones contain this point?" at 10^4-10^5 zones, ours
 * (ZoneGrid) against three peers in one run.
 *
 *   taskset -c 0 node --import tsx bench/engine.ts [--zones 10000] [--points 1000000]
 *                                                  [--seed 1] [--scaling] [--no-postgis]
 *
 * Workload Z (issue 5): star-shaped polygons of 8-64 vertices, radius
 * 0.01-0.3 degrees log-uniform, centres uniform over lon 22-42 / lat 43-53,
 * and uniform points over the same box. Variants, each counting (point,
 * zone) hits over every point; all must report the same total:
 * - ours: src/engine/zone-grid.ts, `findZonesAt` into one reused Int32Array;
 * - (b) flatbush bbox index + @turf/boolean-point-in-polygon per candidate;
 * - (c) flatbush + a plain ray cast over the rings in one Float64Array;
 * - PostGIS: `SELECT count(*) FROM pts JOIN zones ON ST_Contains(...)` with
 *   GiST indexes, in a private cluster this run creates on 127.0.0.1 and
 *   deletes (needs Debian's postgresql and postgis; skipped otherwise).
 * Each is timed as the median of 3 runs after a warm-up. `--scaling` adds
 * 1k/10k/100k zones at the base zones-per-point (radii shrunk by sqrt(N/10k))
 * and at 10x that density, ours and (c), with the 100k/10k cost ratio.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Polygon, Position } from 'geojson';
import { createRandom } from '../src/core/random.js';
import type { Zone } from '../src/core/types.js';
import { ZoneGrid } from '../src/engine/zone-grid.js';

export interface ZoneBenchOptions {
  zones: number;
  points: number;
  seed: number;
  /** Radii multiplied by this (scaling series). */
  radiusScale?: number;
  /** Run PostGIS when available. */
  postgis: boolean;
  /** Run (b) flatbush + Turf. */
  turf?: boolean;
}

export interface Variant {
  name: string;
  hits: number;
  /** Median seconds over all points. */
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
  flatbushBytesPerZone: number;
  cellDeg: number;
  zonesPerPoint: number;
}

export interface Workload {
  zones: Zone[];
  xs: Float64Array;
  ys: Float64Array;
}

const BOX = { minLon: 22, minLat: 43, maxLon: 42, maxLat: 53 };

export function makeWorkload(n: number, points: number, seed: number, radiusScale = 1): Workload {
  const rnd = createRandom(seed);
  const lo = Math.log(0.01);
  const hi = Math.log(0.3);
  const zones: Zone[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cx = BOX.minLon + rnd() * (BOX.maxLon - BOX.minLon);
    const cy = BOX.minLat + rnd() * (BOX.maxLat - BOX.minLat);
    const r = Math.exp(lo + rnd() * (hi - lo)) * radiusScale;
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
    xs[i] = BOX.minLon + prnd() * (BOX.maxLon - BOX.minLon);
    ys[i] = BOX.minLat + prnd() * (BOX.maxLat - BOX.minLat);
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

/** Warm-up over a tenth of the points, then the median of 3 runs over all. */
function measure(name: string, n: number, run: (n: number) => number): Variant {
  run(Math.max(1, Math.floor(n / 10)));
  const times: number[] = [];
  let hits = 0;
  for (let r = 0; r < 3; r++) {
    const t = process.hrtime.bigint();
    hits = run(n);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  const s = times.sort((a, b) => a - b)[1]!;
  return { name, hits, s, pointsPerS: n / s };
}

export async function runZoneBench(o: ZoneBenchOptions): Promise<ZoneBenchResult> {
  const w = makeWorkload(o.zones, o.points, o.seed, o.radiusScale);
  const n = o.points;
  let t = process.hrtime.bigint();
  const grid = new ZoneGrid(w.zones);
  const buildMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const index = buildFlatbush(w.zones);
  const flat = flattenRings(w.zones);

  const variants: Variant[] = [
    measure('ours (ZoneGrid)', n, (m) => countOurs(grid, w.xs, w.ys, m)),
  ];
  if (o.turf !== false) {
    variants.push(
      measure('(b) flatbush + turf', n, (m) => countTurf(index, w.zones, w.xs, w.ys, m)),
    );
  }
  variants.push(
    measure('(c) flatbush + ray cast', n, (m) => countFlat(index, flat, w.xs, w.ys, m)),
  );
  let postgisSkipped: string | undefined;
  if (o.postgis) {
    const pg = await runPostgisCount(w.zones, w.xs, w.ys);
    if (typeof pg === 'string') postgisSkipped = pg;
    else variants.push({ name: 'PostGIS ST_Contains + GiST', ...pg, pointsPerS: n / pg.s });
  }
  const hits = variants[0]!.hits;
  for (const v of variants) {
    if (v.hits !== hits)
      throw new Error(`variants disagree: ours ${hits} hits, ${v.name} ${v.hits}`);
  }
  return {
    options: o,
    hits,
    variants,
    ...(postgisSkipped === undefined ? {} : { postgisSkipped }),
    buildMs,
    gridBytesPerZone: grid.byteLength / Math.max(1, o.zones),
    flatbushBytesPerZone: (index.data.byteLength + flat.coords.byteLength) / Math.max(1, o.zones),
    cellDeg: grid.cellDeg,
    zonesPerPoint: hits / Math.max(1, n),
  };
}

/** Debian's server binaries: PATH first, then /usr/lib/postgresql/<newest>/bin. */
function findPgBin(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') {
    const real = spawnSync('readlink', ['-f', which.stdout.trim()], { encoding: 'utf8' });
    return join(real.stdout.trim(), '..');
  }
  for (const v of ['17', '16', '15', '14', '13']) {
    if (existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`)) return `/usr/lib/postgresql/${v}/bin`;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/**
 * PostGIS peer: a private cluster in a temp dir on 127.0.0.1, zones and
 * points loaded with COPY, GiST indexes on both, then one counting join,
 * timed by psql's \timing (median of 3 after a warm-up). Returns a reason
 * string when PostgreSQL or PostGIS is not installed. Runs as the postgres
 * user when we are root (initdb refuses root). Stopped and deleted after.
 */
async function runPostgisCount(
  zones: readonly Zone[],
  xs: Float64Array,
  ys: Float64Array,
): Promise<{ hits: number; s: number } | string> {
  const bin = findPgBin();
  if (bin === null) return 'pg_ctl/initdb not found (apt-get install postgresql postgis)';
  const share = spawnSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' });
  if (share.status !== 0 || !existsSync(join(share.stdout.trim(), 'extension/postgis.control'))) {
    return 'the postgis extension is not installed (apt-get install postgis)';
  }
  const root = process.getuid?.() === 0;
  const as = (cmd: string, args: string[], input?: string) => {
    const full = root ? ['-u', 'postgres', '--', cmd, ...args] : args;
    const r = spawnSync(root ? 'runuser' : cmd, full, {
      input,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const dir = mkdtempSync(join(tmpdir(), 'truceline-pg-'));
  if (root) spawnSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  const psql = (sql: string, input?: string) =>
    as(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-X',
        '-q',
        '-At',
        '-v',
        'ON_ERROR_STOP=1',
        ...(input === undefined ? ['-f', '-'] : ['-c', sql]),
      ],
      input ?? sql,
    );
  let started = false;
  try {
    as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8'], undefined);
    // One core like the others: no parallel workers; memory enough to sort.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_parallel_workers_per_gather=0 -c shared_buffers=256MB -c work_mem=64MB -c fsync=off`;
    as(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
    started = true;
    psql(`CREATE EXTENSION postgis;
      CREATE TABLE zones (id int PRIMARY KEY, geom geometry(Polygon, 4326));
      CREATE TABLE pts (id int PRIMARY KEY, geom geometry(Point, 4326));`);
    const zl: string[] = [];
    for (let z = 0; z < zones.length; z++) {
      const ring = (zones[z]!.geometry as Polygon).coordinates[0]!;
      zl.push(`${z}\tSRID=4326;POLYGON((${ring.map((p) => `${p[0]} ${p[1]}`).join(',')}))`);
    }
    psql('COPY zones (id, geom) FROM STDIN', `${zl.join('\n')}\n`);
    const pl: string[] = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) pl[i] = `${i}\tSRID=4326;POINT(${xs[i]} ${ys[i]})`;
    psql('COPY pts (id, geom) FROM STDIN', `${pl.join('\n')}\n`);
    psql(`CREATE INDEX zones_geom ON zones USING GIST (geom);
      CREATE INDEX pts_geom ON pts USING GIST (geom);
      VACUUM ANALYZE zones; VACUUM ANALYZE pts;`);
    const q = 'SELECT count(*) FROM pts JOIN zones ON ST_Contains(zones.geom, pts.geom);';
    const times: number[] = [];
    let hits = 0;
    for (let r = 0; r < 4; r++) {
      const out = psql(`\\timing on\n${q}\n`);
      hits = Number(out.split('\n')[0]);
      const ms = /Time: ([\d.]+) ms/.exec(out);
      if (ms === null) throw new Error(`psql gave no timing: ${out}`);
      if (r > 0) times.push(Number(ms[1]) / 1000);
    }
    return { hits, s: times.sort((a, b) => a - b)[1]! };
  } finally {
    if (started) as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  }
}

const k = (x: number) => `${(x / 1000).toFixed(0)}k/s`;
const pad = (s: string, n: number) => s.padEnd(n);

function printResult(r: ZoneBenchResult): void {
  const o = r.options;
  console.log(
    `zones ${o.zones}, points ${o.points}, seed ${o.seed}, radius x${(o.radiusScale ?? 1).toFixed(3)}: ` +
      `${r.hits} hits (${r.zonesPerPoint.toFixed(3)} zones per point); all variants agree`,
  );
  const ours = r.variants[0]!;
  for (const v of r.variants) {
    const ratio = v === ours ? '' : `   ours/this ${(ours.pointsPerS / v.pointsPerS).toFixed(1)}x`;
    console.log(
      `  ${pad(v.name, 30)} ${pad(k(v.pointsPerS), 10)} (median ${v.s.toFixed(3)} s)${ratio}`,
    );
  }
  if (r.postgisSkipped !== undefined) console.log(`  PostGIS skipped: ${r.postgisSkipped}`);
  console.log(
    `  ZoneGrid build ${r.buildMs.toFixed(0)} ms, cell ${r.cellDeg.toPrecision(3)} deg, ` +
      `${(r.gridBytesPerZone / 1024).toFixed(2)} KiB per zone ` +
      `(flatbush + flat rings: ${(r.flatbushBytesPerZone / 1024).toFixed(2)} KiB per zone)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      zones: { type: 'string' },
      points: { type: 'string' },
      seed: { type: 'string' },
      scaling: { type: 'boolean' },
      'no-postgis': { type: 'boolean' },
    },
  });
  const zones = Number(values.zones ?? 10_000);
  const points = Number(values.points ?? 1_000_000);
  const seed = Number(values.seed ?? 1);
  console.log(`bench/engine: zone evaluation, workload Z, node ${process.version}`);
  const r = await runZoneBench({ zones, points, seed, postgis: values['no-postgis'] !== true });
  printResult(r);
  const ours = r.variants[0]!.pointsPerS;
  const by = (prefix: string) => r.variants.find((v) => v.name.startsWith(prefix))?.pointsPerS;
  const ratio = (name: string, peer: number | undefined, goal?: number) =>
    peer === undefined
      ? `  ${pad(name, 18)} n/a`
      : `  ${pad(name, 18)} ${(ours / peer).toFixed(1)}x${goal === undefined ? '' : `  (goal >= ${goal}x: ${ours / peer >= goal ? 'met' : 'NOT met'})`}`;
  console.log('ratios (points/s, same run):');
  console.log(ratio('ours / (b) turf', by('(b)'), 10));
  console.log(ratio('ours / (c) ray', by('(c)')));
  console.log(ratio('ours / PostGIS', by('PostGIS'), 40));

  if (values.scaling !== true) return;
  console.log('\nscaling: ours and (c), same points; radii x sqrt(10k/N) keep zones per point');
  for (const [label, density] of [
    ['base zones per point', 1],
    ['10x zones per point', 10],
  ] as const) {
    const cost: Record<number, number> = {};
    for (const n of [1_000, 10_000, 100_000]) {
      const rs = await runZoneBench({
        zones: n,
        points,
        seed,
        postgis: false,
        turf: false,
        radiusScale: Math.sqrt((10_000 / n) * density),
      });
      printResult(rs);
      cost[n] = rs.variants[0]!.s;
    }
    const q = cost[100_000]! / cost[10_000]!;
    console.log(
      `  ${label}: cost per point 100k / 10k zones = ${q.toFixed(2)}x (goal <= 1.2x: ${q <= 1.2 ? 'met' : 'NOT met'})\n`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
