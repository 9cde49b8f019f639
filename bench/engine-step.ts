/**
 * Engine step vs Turf, in one run.
 *
 *   node --import tsx bench/engine-step.ts [--n 1000000] [--tracks 2000] [--seed 1]
 *
 * The question every observation asks first is "which zones is this point
 * in?". Both peers answer it for the same seeded points over the demo
 * agreement's zones:
 * - ours: the engine's zone grid (src/engine/zone-grid.ts): cells known to
 *   be inside a zone need no test, boundary cells test only their edges;
 * - peer, Turf: `@turf/boolean-point-in-polygon` over every area zone, and
 *   `distanceM` for circular sites (Turf has no circle test), the way a
 *   straightforward implementation would do it.
 * Both must find the same zones for every point. Then the whole engine step
 * (state, transitions, segment tests, detections) is timed on tracks moving
 * through the region, for the absolute rate the later issues build on.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { findVersionInForce } from '../src/core/agreement.js';
import { parseAgreementDocument } from '../src/core/agreement-file.js';
import { distanceM } from '../src/core/geometry.js';
import { createRandom } from '../src/core/random.js';
import type { Observation, Zone } from '../src/core/types.js';
import { CompiledVersion } from '../src/engine/compiled-version.js';
import { Engine } from '../src/engine/index.js';

export interface EngineBenchOptions {
  n: number;
  tracks: number;
  seed: number;
}

export interface EngineBenchResult {
  options: EngineBenchOptions;
  oursLookupsPerS: number;
  turfLookupsPerS: number;
  engineStepsPerS: number;
  hits: number;
  detections: number;
}

const REGION = { minLon: 26, minLat: 40, maxLon: 42, maxLat: 50 };
const T0_MS = Date.UTC(2026, 9, 1);

/** Tracks wandering through the region, reported round-robin, 10 s apart each. */
function makeObservations(o: EngineBenchOptions): Observation[] {
  const rnd = createRandom(o.seed);
  const state = Array.from({ length: o.tracks }, (_, i) => ({
    id: i % 3 === 0 ? `mmsi:${272000000 + i}` : `icao:${(0xa00000 + i).toString(16)}`,
    kind: (i % 3 === 0 ? 'vessel' : 'aircraft') as Observation['kind'],
    lon: REGION.minLon + rnd() * (REGION.maxLon - REGION.minLon),
    lat: REGION.minLat + rnd() * (REGION.maxLat - REGION.minLat),
    dLon: (rnd() - 0.5) * 0.04,
    dLat: (rnd() - 0.5) * 0.03,
  }));
  const out: Observation[] = new Array(o.n);
  for (let i = 0; i < o.n; i++) {
    const s = state[i % o.tracks]!;
    s.lon += s.dLon;
    s.lat += s.dLat;
    if (s.lon < REGION.minLon || s.lon > REGION.maxLon) s.dLon = -s.dLon;
    if (s.lat < REGION.minLat || s.lat > REGION.maxLat) s.dLat = -s.dLat;
    const tMs = T0_MS + Math.floor(i / o.tracks) * 10_000 + (i % o.tracks);
    out[i] = { trackId: s.id, kind: s.kind, tMs, lon: s.lon, lat: s.lat, source: 'bench' };
  }
  return out;
}

function turfContains(zone: Zone, lon: number, lat: number): boolean {
  const g = zone.geometry;
  if (g.type === 'Point')
    return distanceM(lon, lat, g.coordinates[0]!, g.coordinates[1]!) <= (zone.radiusM ?? 0);
  if (g.type === 'LineString') return false;
  return booleanPointInPolygon([lon, lat], g);
}

export function runEngineBench(options: EngineBenchOptions): EngineBenchResult {
  const file = new URL('../scenarios/demo/agreement.json', import.meta.url);
  const agreement = parseAgreementDocument(JSON.parse(readFileSync(file, 'utf8')), file.pathname);
  const obs = makeObservations(options);
  const version = findVersionInForce(agreement, T0_MS)!;
  const cv = new CompiledVersion(version);

  // Ours: the zone grid the engine uses. Count hits so the work is not elided.
  let hitsOurs = 0;
  const out = new Int32Array(cv.maxZonesAtPoint);
  let t = process.hrtime.bigint();
  for (const o of obs) hitsOurs += cv.findZonesAt(o.lon, o.lat, out);
  const oursS = Number(process.hrtime.bigint() - t) / 1e9;

  let hitsTurf = 0;
  t = process.hrtime.bigint();
  for (const o of obs) {
    for (const z of version.zones) if (turfContains(z, o.lon, o.lat)) hitsTurf++;
  }
  const turfS = Number(process.hrtime.bigint() - t) / 1e9;
  if (hitsOurs !== hitsTurf)
    throw new Error(`peers disagree: ours ${hitsOurs} hits, Turf ${hitsTurf}`);

  const engine = new Engine(agreement);
  let detections = 0;
  t = process.hrtime.bigint();
  for (const o of obs) detections += engine.step(o).length;
  const stepS = Number(process.hrtime.bigint() - t) / 1e9;

  return {
    options,
    oursLookupsPerS: obs.length / oursS,
    turfLookupsPerS: obs.length / turfS,
    engineStepsPerS: obs.length / stepS,
    hits: hitsOurs,
    detections,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, tracks: { type: 'string' }, seed: { type: 'string' } },
  });
  const options = {
    n: Number(values.n ?? 1_000_000),
    tracks: Number(values.tracks ?? 2000),
    seed: Number(values.seed ?? 1),
  };
  const r = runEngineBench(options);
  const k = (x: number) => `${Math.round(x / 1000)}k/s`;
  console.log(
    `engine-step: ${options.n} observations, ${options.tracks} tracks, seed ${options.seed}`,
  );
  console.log(`  zone lookup, ours (zone grid):         ${k(r.oursLookupsPerS)}`);
  console.log(`  zone lookup, Turf (every zone):        ${k(r.turfLookupsPerS)}`);
  console.log(
    `  ratio ours / Turf:                     ${(r.oursLookupsPerS / r.turfLookupsPerS).toFixed(1)}x`,
  );
  console.log(
    `  whole engine step (ours):              ${k(r.engineStepsPerS)}  (${r.detections} detections, ${r.hits} in-zone points)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
