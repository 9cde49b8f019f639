/**
 * Zone evaluation as the zone count grows: 1k/10k/100k zones of workload Z's
 * size distribution (engine-zones.ts), first over a box whose area grows
 * with the count (constant local density, so constant zones per point), then
 * at 10x that density (the box of a tenth as many zones at base density).
 * Ours, (c) flatbush + ray cast over every point, (b) flatbush + Turf over a
 * subsample; the cost per point of the largest count over the one before,
 * and memory per zone (grid arrays, and the heap delta of building it).
 */
import { type Goal, pad } from './engine-measure.js';
import { BOX_Z, type Box, printZoneResult, runZoneBench } from './engine-zones.js';

/** Workload Z's box scaled in area by `areaScale` about its centre. */
export function scaleBox(areaScale: number): Box {
  const s = Math.sqrt(areaScale);
  const cx = (BOX_Z.minLon + BOX_Z.maxLon) / 2;
  const cy = (BOX_Z.minLat + BOX_Z.maxLat) / 2;
  const hx = ((BOX_Z.maxLon - BOX_Z.minLon) / 2) * s;
  const hy = ((BOX_Z.maxLat - BOX_Z.minLat) / 2) * s;
  return { minLon: cx - hx, minLat: cy - hy, maxLon: cx + hx, maxLat: cy + hy };
}

export interface ZoneScalingOptions {
  points: number;
  seed: number;
  /** Zone counts; the ratio is taken between the last two. Default 1k, 10k, 100k. */
  counts: number[];
  /** (b) over this many points per size (0: skip (b)). */
  turfPoints: number;
}

export interface ScalingRow {
  zones: number;
  density: number;
  zonesPerPoint: number;
  rates: Record<string, number>;
  buildMs: number;
  gridBytesPerZone: number;
  gridHeapBytesPerZone: number;
}

/**
 * 1k/10k/100k zones at constant local density (box area grows with the
 * count), then at 10x density (the box of a tenth as many); the cost per
 * point of the largest over the one before, ours and each peer.
 */
export async function runZoneScaling(
  o: ZoneScalingOptions,
): Promise<{ rows: ScalingRow[]; goals: Goal[] }> {
  console.log('\n== zones: scaling at constant and at 10x local density ==');
  const rows: ScalingRow[] = [];
  const goals: Goal[] = [];
  const base = o.counts[Math.max(0, o.counts.length - 2)]!;
  for (const density of [1, 10]) {
    for (const n of o.counts) {
      const r = await runZoneBench({
        zones: n,
        points: o.points,
        seed: o.seed,
        box: scaleBox(n / 10_000 / density),
        postgis: false,
        turf: o.turfPoints > 0,
        turfPoints: o.turfPoints,
      });
      printZoneResult(r);
      const rates: Record<string, number> = {};
      for (const v of r.variants) rates[v.name] = v.pointsPerS;
      rows.push({
        zones: n,
        density,
        zonesPerPoint: r.zonesPerPoint,
        rates,
        buildMs: r.buildMs,
        gridBytesPerZone: r.gridBytesPerZone,
        gridHeapBytesPerZone: r.gridHeapBytesPerZone,
      });
    }
    const top = rows.find((x) => x.density === density && x.zones === o.counts.at(-1))!;
    const ref = rows.find((x) => x.density === density && x.zones === base)!;
    const label = `${top.zones / 1000}k/${ref.zones / 1000}k zones`;
    for (const name of Object.keys(top.rates)) {
      const q = ref.rates[name]! / top.rates[name]!;
      const short = name.startsWith('ours') ? 'ours' : name.slice(0, 3);
      if (short === 'ours') {
        goals.push({
          name: `zones: cost ${label}, ${density}x density`,
          value: q,
          op: '<=',
          goal: 1.2,
        });
      }
      console.log(
        `  ${density}x density, cost per point ${label}, ${pad(short, 4)}: ${q.toFixed(2)}x`,
      );
    }
  }
  return { rows, goals };
}
