/**
 * The agreement the stream and track benches are judged by: one version
 * whose rules use every RuleAction of src/core/types.ts, with thresholds
 * short enough that a one-hour stream trips each of them, over zones laid
 * across the simulated traffic (engine-stream.ts): a corridor around lane 0,
 * a port at its north-east end, a buffer across lanes 1 and 2, a no-fly zone
 * with an altitude band, a line crossed west to east, a protected site.
 * Illustrative geometry only.
 */
import type { Position } from 'geojson';
import { type Agreement, RULE_ACTIONS, type Rule, type Zone } from '../src/core/types.js';

/** Where the simulated traffic moves (lon, lat degrees). */
export const AREA = { minLon: 29, minLat: 42.5, maxLon: 35, maxLat: 46.5 } as const;

/** The simulated receivers sit here; `out_of_range` is judged from it (engine permitting). */
export const RECEIVER = { lon: 32, lat: 44.5 } as const;

/** Shipping lanes, as polylines (lon, lat). Lane 0 runs inside the corridor. */
export const LANES: readonly (readonly Position[])[] = [
  [
    [29.6, 43.0],
    [31.0, 43.8],
    [32.6, 44.6],
    [34.2, 45.7],
  ],
  [
    [29.3, 45.8],
    [31.5, 44.9],
    [33.0, 43.6],
    [34.7, 42.9],
  ],
  [
    [29.5, 44.4],
    [31.8, 44.5],
    [34.6, 44.3],
  ],
  [
    [30.2, 42.7],
    [30.6, 44.0],
    [30.9, 46.3],
  ],
];

/** Areas where GNSS is jammed: aircraft inside report a low NACp. */
export const JAMMED = { minLon: 33.6, minLat: 45.2, maxLon: 34.6, maxLat: 46.2 } as const;

/** The port at lane 0's north-east end: loitering there is normal. */
export const PORT = { lon: 34.2, lat: 45.7, halfDeg: 0.08 } as const;

/** A polygon `halfWidthDeg` either side of a polyline (square ends, fine for convex-ish bends). */
function bufferLine(line: readonly Position[], halfWidthDeg: number): Position[] {
  const left: Position[] = [];
  const right: Position[] = [];
  for (let i = 0; i < line.length; i++) {
    const a = line[Math.max(0, i - 1)]!;
    const b = line[Math.min(line.length - 1, i + 1)]!;
    const dx = b[0]! - a[0]!;
    const dy = b[1]! - a[1]!;
    const len = Math.hypot(dx, dy);
    const nx = (-dy / len) * halfWidthDeg;
    const ny = (dx / len) * halfWidthDeg;
    const p = line[i]!;
    left.push([p[0]! + nx, p[1]! + ny]);
    right.push([p[0]! - nx, p[1]! - ny]);
  }
  const ring = [...left, ...right.reverse()];
  ring.push(ring[0]!);
  return ring;
}

const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

export const BENCH_ZONES: readonly Zone[] = [
  {
    id: 'corridor',
    name: 'Bench corridor (lane 0)',
    kind: 'corridor',
    geometry: { type: 'Polygon', coordinates: [bufferLine(LANES[0]!, 0.06)] },
  },
  {
    id: 'port',
    name: 'Bench port',
    kind: 'port',
    geometry: {
      type: 'Polygon',
      coordinates: [
        box(
          PORT.lon - PORT.halfDeg,
          PORT.lat - PORT.halfDeg,
          PORT.lon + PORT.halfDeg,
          PORT.lat + PORT.halfDeg,
        ),
      ],
    },
  },
  {
    id: 'buffer',
    name: 'Bench buffer zone',
    kind: 'buffer',
    geometry: { type: 'Polygon', coordinates: [box(31.9, 44.2, 32.3, 45.1)] },
  },
  {
    id: 'no-fly',
    name: 'Bench no-fly zone, surface to FL250',
    kind: 'no_fly',
    geometry: { type: 'Polygon', coordinates: [box(32.8, 42.8, 33.8, 43.8)] },
    altitudeFt: { maxFt: 25_000 },
  },
  {
    id: 'line',
    name: 'Bench line (drawn south to north)',
    kind: 'line',
    geometry: {
      type: 'LineString',
      coordinates: [
        [31.2, 42.6],
        [31.3, 44.0],
        [31.2, 46.4],
      ],
    },
  },
  {
    id: 'site',
    name: 'Bench protected site',
    kind: 'protected_site',
    geometry: { type: 'Point', coordinates: [30.6, 44.0] },
    radiusM: 4000,
  },
];

const ALL = ['vessel', 'aircraft', 'ground'] as Rule['kinds'];

function rule(
  id: string,
  forbids: Rule['forbids'],
  zoneIds: string[],
  kinds: Rule['kinds'],
  thresholds?: Rule['thresholds'],
): Rule {
  return {
    id,
    citation: `Bench Art. ${id.slice(2)}`,
    description: `Bench rule ${id}: ${forbids.join(', ')}`,
    kinds,
    forbids,
    zoneIds,
    exemptTrackIds: [],
    ...(thresholds === undefined ? {} : { thresholds }),
  };
}

export const BENCH_RULES: readonly Rule[] = [
  rule('B-1', ['enter', 'inside', 'dwell'], ['buffer', 'site'], ALL, { dwellMinutes: 5 }),
  rule('B-2', ['enter', 'inside'], ['no-fly'], ['aircraft']),
  rule('B-3', ['exit'], ['corridor'], ['vessel'], { hysteresisM: 200 }),
  rule('B-4', ['cross'], ['line'], ALL, { crossDirection: 'left_to_right' }),
  rule('B-5', ['below_altitude'], [], ['aircraft'], { altitudeFt: 500 }),
  rule('B-6', ['above_altitude'], [], ['aircraft'], { altitudeFt: 45_000 }),
  rule('B-7', ['above_speed'], ['corridor'], ['vessel'], { speedKn: 25 }),
  rule('B-8', ['below_speed'], ['corridor'], ['vessel'], { speedKn: 3 }),
  rule('B-9', ['loiter'], [], ['vessel'], { loiterSpeedKn: 2, loiterHours: 0.25 }),
  rule('B-10', ['encounter'], [], ['vessel'], {
    encounterDistanceM: 500,
    encounterHours: 0.25,
    encounterSpeedKn: 2,
  }),
  rule('B-11', ['silence'], [], ALL, { silenceMinutes: 5 }),
  rule('B-12', ['jump'], [], ALL),
  rule('B-13', ['out_of_range'], [], ['vessel', 'aircraft'], { rangeNm: 200 }),
  rule('B-14', ['emergency'], [], ['aircraft']),
  rule('B-15', ['integrity_degraded'], [], ['aircraft'], {
    nacpBelow: 8,
    clusterMinAircraft: 3,
    clusterWindowMinutes: 15,
  }),
];

/** In force from T0_MS - 1 day, so the whole stream is judged by it. */
export function buildBenchAgreement(t0Ms: number): Agreement {
  const used = new Set(BENCH_RULES.flatMap((r) => r.forbids));
  const missing = RULE_ACTIONS.filter((a) => !used.has(a));
  if (missing.length > 0) throw new Error(`bench agreement misses actions: ${missing.join(', ')}`);
  return {
    id: 'bench',
    name: 'Bench agreement (illustrative, every rule action)',
    illustrative: true,
    versions: [
      {
        version: 1,
        inForceFromMs: t0Ms - 86_400_000,
        title: 'Bench version 1',
        zones: [...BENCH_ZONES],
        rules: [...BENCH_RULES],
      },
    ],
  };
}
