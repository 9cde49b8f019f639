/**
 * Plane and sphere geometry on lon/lat degrees, written for the engine's hot
 * path: plain numbers in, booleans or numbers out, no allocation.
 *
 * Containment and crossing tests treat edges and track segments as straight
 * lines in lon/lat (plate carrée). Between two reports minutes apart and for
 * zones drawn with vertices every few kilometres that differs from the
 * great-circle path by metres; the antimeridian is not handled (the regions
 * this is built for do not straddle it). Distances use the sphere.
 */
import type { Position } from 'geojson';

/** IUGG mean Earth radius, metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in metres. */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const a = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Even-odd ray cast. A point exactly on an edge may fall either side; the
 * engine's callers accept that (a boundary has no width on the ground).
 */
export function pointInRing(lon: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const pi = ring[i]!;
    const pj = ring[j]!;
    const yi = pi[1]!;
    const yj = pj[1]!;
    if (yi > lat !== yj > lat) {
      const xi = pi[0]!;
      const xj = pj[0]!;
      if (lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Inside the outer ring and in none of the holes. */
export function pointInPolygon(lon: number, lat: number, rings: Position[][]): boolean {
  const outer = rings[0];
  if (outer === undefined || !pointInRing(lon, lat, outer)) return false;
  for (let h = 1; h < rings.length; h++) {
    if (pointInRing(lon, lat, rings[h]!)) return false;
  }
  return true;
}

export function pointInMultiPolygon(lon: number, lat: number, polygons: Position[][][]): boolean {
  for (const rings of polygons) {
    if (pointInPolygon(lon, lat, rings)) return true;
  }
  return false;
}

/**
 * Where segment AB meets segment CD, as the fraction t along AB (0..1), or -1
 * when they do not meet. Collinear overlaps count as not meeting: a track
 * running exactly along a boundary neither enters nor leaves.
 */
export function intersectSegments(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (den === 0) return -1;
  const qx = cx - ax;
  const qy = cy - ay;
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? t : -1;
}

/**
 * Every fraction t along AB at which it crosses an edge of these rings,
 * ascending. Used to find where a track entered and left a zone it passed
 * through between two reports.
 */
export function crossingsWithRings(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  rings: Position[][],
): number[] {
  const ts: number[] = [];
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const p = ring[i - 1]!;
      const q = ring[i]!;
      const t = intersectSegments(ax, ay, bx, by, p[0]!, p[1]!, q[0]!, q[1]!);
      if (t >= 0) ts.push(t);
    }
  }
  return ts.sort((x, y) => x - y);
}

/** The first fraction t along AB at which it crosses the polyline, or -1. */
export function firstCrossingOfLine(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  line: Position[],
): number {
  let best = -1;
  for (let i = 1; i < line.length; i++) {
    const p = line[i - 1]!;
    const q = line[i]!;
    const t = intersectSegments(ax, ay, bx, by, p[0]!, p[1]!, q[0]!, q[1]!);
    if (t >= 0 && (best < 0 || t < best)) best = t;
  }
  return best;
}

/**
 * The fractions t (entry, exit) along AB at which it is within radiusM of the
 * centre, or null if it never is. Solved in a local equirectangular frame
 * centred on the circle, exact enough for radii of kilometres.
 */
export function circleSpanOnSegment(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cLon: number,
  cLat: number,
  radiusM: number,
): [number, number] | null {
  const kx = Math.cos(cLat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  const px = (ax - cLon) * kx;
  const py = (ay - cLat) * ky;
  const vx = (bx - ax) * kx;
  const vy = (by - ay) * ky;
  const a = vx * vx + vy * vy;
  const b = 2 * (px * vx + py * vy);
  const c = px * px + py * py - radiusM * radiusM;
  if (a === 0) return c <= 0 ? [0, 1] : null;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return null;
  const sq = Math.sqrt(disc);
  const t0 = (-b - sq) / (2 * a);
  const t1 = (-b + sq) / (2 * a);
  if (t1 < 0 || t0 > 1) return null;
  return [Math.max(0, t0), Math.min(1, t1)];
}

/** [minLon, minLat, maxLon, maxLat] of any nesting of positions. */
export type BBox = [number, number, number, number];

export function extendBBox(box: BBox, coords: unknown): BBox {
  if (Array.isArray(coords) && typeof coords[0] === 'number') {
    const lon = coords[0] as number;
    const lat = coords[1] as number;
    if (lon < box[0]) box[0] = lon;
    if (lat < box[1]) box[1] = lat;
    if (lon > box[2]) box[2] = lon;
    if (lat > box[3]) box[3] = lat;
  } else if (Array.isArray(coords)) {
    for (const c of coords) extendBBox(box, c);
  }
  return box;
}

export function emptyBBox(): BBox {
  return [Infinity, Infinity, -Infinity, -Infinity];
}

/** The bbox of a circle of radiusM around a point, in degrees. */
export function circleBBox(lon: number, lat: number, radiusM: number): BBox {
  const dLat = radiusM / (RAD * EARTH_RADIUS_M);
  const dLon = dLat / Math.max(1e-9, Math.cos(lat * RAD));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
