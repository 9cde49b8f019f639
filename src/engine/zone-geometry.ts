/**
 * Geometry of one zone, as the engine asks it: does it contain a point, how
 * far outside is a point (hysteresis), where did a segment between two
 * reports pass through it or cross it (and which way). Pure; exact on the
 * zone's own coordinates (the core geometry), used off the zone grid's fast
 * path: on transitions and between-report segments only.
 */

import type { Position } from 'geojson';
import {
  type BBox,
  circleBBox,
  circleSpanOnSegment,
  crossingsWithRings,
  distanceM,
  emptyBBox,
  extendBBox,
  intersectSegments,
  pointInMultiPolygon,
  pointInPolygon,
} from '../core/geometry.js';
import type { Zone } from '../core/types.js';
import { distanceToSegmentM, type ZoneEdgeIndex } from './zone-edges.js';

export function bboxOfZone(zone: Zone): BBox {
  const g = zone.geometry;
  if (g.type === 'Point') {
    return circleBBox(g.coordinates[0]!, g.coordinates[1]!, zone.radiusM ?? 0);
  }
  return extendBBox(emptyBBox(), g.coordinates);
}

/** Is the point inside an area zone? Lines contain nothing. */
export function zoneContains(zone: Zone, lon: number, lat: number): boolean {
  const g = zone.geometry;
  switch (g.type) {
    case 'Polygon':
      return pointInPolygon(lon, lat, g.coordinates);
    case 'MultiPolygon':
      return pointInMultiPolygon(lon, lat, g.coordinates);
    case 'Point':
      return distanceM(lon, lat, g.coordinates[0]!, g.coordinates[1]!) <= (zone.radiusM ?? 0);
    case 'LineString':
      return false;
  }
}

/** For a zone with many edges: its edge index and the zone grid's containment answer. */
export interface LargeZoneLookups {
  edges: ZoneEdgeIndex;
  contains(lon: number, lat: number): boolean;
}

/**
 * For a segment whose two ends are both outside an area zone: the fractions
 * (entry, exit) along it where it passed through the zone, or null.
 */
export function findPassThrough(
  zone: Zone,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  large?: LargeZoneLookups,
): [number, number] | null {
  const g = zone.geometry;
  switch (g.type) {
    case 'Point': {
      const span = circleSpanOnSegment(
        ax,
        ay,
        bx,
        by,
        g.coordinates[0]!,
        g.coordinates[1]!,
        zone.radiusM ?? 0,
      );
      return span !== null && span[0] > 0 && span[1] < 1 ? span : null;
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
      const ts =
        large === undefined
          ? crossingsWithRings(ax, ay, bx, by, rings)
          : large.edges.crossings(ax, ay, bx, by);
      if (ts.length < 2) return null;
      // Both ends are outside, so the segment is inside just after its first
      // crossing, unless that crossing only grazed a vertex: check the middle
      // of the first inside stretch.
      const t0 = ts[0]!;
      const t1 = ts[1]!;
      const tm = (t0 + t1) / 2;
      const mx = ax + (bx - ax) * tm;
      const my = ay + (by - ay) * tm;
      const inside = large === undefined ? zoneContains(zone, mx, my) : large.contains(mx, my);
      if (!inside) return null;
      return [t0, ts[ts.length - 1]!];
    }
    case 'LineString':
      return null;
  }
}

/** Where a segment first crosses a line, and which way. */
export interface LineCrossing {
  /** Fraction along the segment. */
  t: number;
  /**
   * Seen along the line's drawing order, the track came from its left and
   * went to its right.
   */
  leftToRight: boolean;
}

/** The segment's first crossing of a line zone, or null. */
export function findLineCrossing(
  zone: Zone,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  edges?: ZoneEdgeIndex,
): LineCrossing | null {
  const g = zone.geometry;
  if (g.type !== 'LineString') return null;
  if (edges !== undefined) {
    const x = edges.firstCrossing(ax, ay, bx, by);
    return x === null ? null : { t: x.t, leftToRight: x.side > 0 };
  }
  const line = g.coordinates;
  let best = -1;
  let bestSide = 0;
  for (let i = 1; i < line.length; i++) {
    const p = line[i - 1]!;
    const q = line[i]!;
    const t = intersectSegments(ax, ay, bx, by, p[0]!, p[1]!, q[0]!, q[1]!);
    if (t >= 0 && (best < 0 || t < best)) {
      best = t;
      // Sign of (q - p) x (a - p): positive when the start is on the left.
      bestSide = (q[0]! - p[0]!) * (ay - p[1]!) - (q[1]! - p[1]!) * (ax - p[0]!);
    }
  }
  return best < 0 ? null : { t: best, leftToRight: bestSide > 0 };
}

/**
 * How far outside the zone the point is, metres (0 inside). Measured to the
 * nearest edge in a local equirectangular frame: exact enough for a
 * hysteresis band of tens to hundreds of metres. O(vertices): called only
 * for a track that has just left a zone it was inside.
 */
export function distanceOutsideM(zone: Zone, lon: number, lat: number): number {
  if (zoneContains(zone, lon, lat)) return 0;
  const g = zone.geometry;
  switch (g.type) {
    case 'Point':
      return distanceM(lon, lat, g.coordinates[0]!, g.coordinates[1]!) - (zone.radiusM ?? 0);
    case 'Polygon':
      return distanceToRingsM(lon, lat, g.coordinates);
    case 'MultiPolygon': {
      let d = Number.POSITIVE_INFINITY;
      for (const p of g.coordinates) d = Math.min(d, distanceToRingsM(lon, lat, p));
      return d;
    }
    case 'LineString':
      return distanceToRingsM(lon, lat, [g.coordinates]);
  }
}

function distanceToRingsM(lon: number, lat: number, rings: Position[][]): number {
  const kx = Math.cos((lat * Math.PI) / 180);
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const p = ring[i - 1]!;
      const q = ring[i]!;
      const d = distanceToSegmentM(lon, lat, kx, p[0]!, p[1]!, q[0]!, q[1]!);
      if (d < best) best = d;
    }
  }
  return best;
}
