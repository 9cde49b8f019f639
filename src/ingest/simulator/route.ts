/**
 * A mover's path: waypoints joined by great circles, travelled back and forth
 * (`pingpong`) or round and round (`cycle`). Where a mover is depends only on
 * how far it has travelled, so a simulator can answer for any time without
 * keeping per-step state.
 */
import { distanceM } from '../../core/geometry.js';
import {
  computeBearingDeg,
  interpolateGreatCircle,
  type LonLat,
  normaliseDeg,
} from './geo-motion.js';

export type RouteMode = 'pingpong' | 'cycle';

export interface Route {
  readonly points: readonly LonLat[];
  /** Distance from the first point to point i, metres. */
  readonly cumM: Float64Array;
  readonly lengthM: number;
  readonly mode: RouteMode;
}

export interface RoutePosition {
  lon: number;
  lat: number;
  /** Direction of travel, true degrees. */
  courseDeg: number;
}

/** Throws on fewer than two distinct points: a route must go somewhere. */
export function createRoute(waypoints: readonly LonLat[], mode: RouteMode): Route {
  const points: LonLat[] = [];
  for (const p of waypoints) {
    const last = points[points.length - 1];
    if (last === undefined || distanceM(last[0], last[1], p[0], p[1]) > 0.5)
      points.push([p[0], p[1]]);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (mode === 'cycle' && first && last && distanceM(first[0], first[1], last[0], last[1]) > 0.5) {
    points.push([first[0], first[1]]);
  }
  if (points.length < 2) {
    throw new Error(`createRoute: expected at least 2 distinct waypoints, got ${points.length}`);
  }
  const cumM = new Float64Array(points.length);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    cumM[i] = cumM[i - 1]! + distanceM(a[0], a[1], b[0], b[1]);
  }
  return { points, cumM, lengthM: cumM[points.length - 1]!, mode };
}

/** Where a mover is after travelling `travelledM` from the first point. */
export function locateOnRoute(route: Route, travelledM: number): RoutePosition {
  const { lengthM, mode } = route;
  let s: number;
  let forward = true;
  if (mode === 'cycle') {
    s = positiveModulo(travelledM, lengthM);
  } else {
    s = positiveModulo(travelledM, 2 * lengthM);
    if (s > lengthM) {
      s = 2 * lengthM - s;
      forward = false;
    }
  }
  const i = findLeg(route.cumM, s);
  const a = route.points[i]!;
  const b = route.points[i + 1]!;
  const legM = route.cumM[i + 1]! - route.cumM[i]!;
  const f = legM > 0 ? (s - route.cumM[i]!) / legM : 0;
  const [lon, lat] = interpolateGreatCircle(a[0], a[1], b[0], b[1], legM, f);
  // Aim at the leg's far end; at that end itself, keep the leg's last heading.
  const target = forward ? b : a;
  const remainingM = forward ? legM - (s - route.cumM[i]!) : s - route.cumM[i]!;
  let courseDeg: number;
  if (remainingM > 1) {
    courseDeg = computeBearingDeg(lon, lat, target[0], target[1]);
  } else {
    const from = forward ? a : b;
    courseDeg = normaliseDeg(computeBearingDeg(target[0], target[1], from[0], from[1]) + 180);
  }
  return { lon, lat, courseDeg };
}

/** The leg i with cumM[i] <= s < cumM[i + 1] (the last leg for s at the end). */
function findLeg(cumM: Float64Array, s: number): number {
  let lo = 0;
  let hi = cumM.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cumM[mid]! <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function positiveModulo(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}
