/**
 * The edges of one zone in an R-tree (Flatbush over edge boxes), for the
 * questions the zone grid does not answer: where a segment between two
 * reports crosses the zone's boundary, and whether a point just outside is
 * still within the hysteresis band. With it a 20 000-vertex coastline costs a
 * report the few edges near it, never the whole ring.
 *
 * Built lazily by CompiledVersion, only for zones with many edges: below
 * SMALL_ZONE_EDGES a plain loop over the edges is faster than the tree.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { EARTH_RADIUS_M, intersectSegments } from '../core/geometry.js';
import type { Zone } from '../core/types.js';

/** Zones with fewer edges are tested edge by edge. */
export const SMALL_ZONE_EDGES = 64;

const RAD = Math.PI / 180;
const M_PER_DEG = RAD * EARTH_RADIUS_M;

export class ZoneEdgeIndex {
  /** Edge k is x1, y1, x2, y2 at 4k. */
  readonly #edges: Float64Array;
  readonly #tree: Flatbush;

  constructor(zone: Zone) {
    const rings = ringsOf(zone);
    let n = 0;
    for (const r of rings) n += Math.max(0, r.length - 1);
    this.#edges = new Float64Array(4 * n);
    this.#tree = new Flatbush(Math.max(1, n));
    let k = 0;
    for (const r of rings) {
      for (let i = 1; i < r.length; i++) {
        const x1 = r[i - 1]![0]!;
        const y1 = r[i - 1]![1]!;
        const x2 = r[i]![0]!;
        const y2 = r[i]![1]!;
        this.#edges.set([x1, y1, x2, y2], 4 * k++);
        this.#tree.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
      }
    }
    if (n === 0) this.#tree.add(0, 0, 0, 0);
    this.#tree.finish();
  }

  get edgeCount(): number {
    return this.#edges.length / 4;
  }

  /** Every fraction t along AB where it crosses an edge, ascending (crossingsWithRings). */
  crossings(ax: number, ay: number, bx: number, by: number): number[] {
    const e = this.#edges;
    const ts: number[] = [];
    const hits = this.#tree.search(
      Math.min(ax, bx),
      Math.min(ay, by),
      Math.max(ax, bx),
      Math.max(ay, by),
    );
    for (const k of hits) {
      if (k >= this.edgeCount) continue;
      const t = intersectSegments(
        ax,
        ay,
        bx,
        by,
        e[4 * k]!,
        e[4 * k + 1]!,
        e[4 * k + 2]!,
        e[4 * k + 3]!,
      );
      if (t >= 0) ts.push(t);
    }
    return ts.sort((x, y) => x - y);
  }

  /**
   * The first crossing of AB with a line zone's edges: the fraction t and
   * the cross product sign of the crossed edge against A (positive: A was on
   * the edge's left); null when AB crosses none.
   */
  firstCrossing(
    ax: number,
    ay: number,
    bx: number,
    by: number,
  ): { t: number; side: number } | null {
    const e = this.#edges;
    const hits = this.#tree.search(
      Math.min(ax, bx),
      Math.min(ay, by),
      Math.max(ax, bx),
      Math.max(ay, by),
    );
    let best = -1;
    let side = 0;
    for (const k of hits) {
      if (k >= this.edgeCount) continue;
      const x1 = e[4 * k]!;
      const y1 = e[4 * k + 1]!;
      const x2 = e[4 * k + 2]!;
      const y2 = e[4 * k + 3]!;
      const t = intersectSegments(ax, ay, bx, by, x1, y1, x2, y2);
      if (t >= 0 && (best < 0 || t < best)) {
        best = t;
        side = (x2 - x1) * (ay - y1) - (y2 - y1) * (ax - x1);
      }
    }
    return best < 0 ? null : { t: best, side };
  }

  /**
   * Metres from the point to the nearest edge, if some edge is closer than
   * maxM; otherwise Infinity. Only the edges within maxM's box are measured.
   */
  nearestWithinM(lon: number, lat: number, maxM: number): number {
    const kx = Math.cos(lat * RAD);
    const dLat = maxM / M_PER_DEG;
    const dLon = kx > 1e-9 ? dLat / kx : 360;
    const hits = this.#tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
    const e = this.#edges;
    let best = Number.POSITIVE_INFINITY;
    for (const k of hits) {
      if (k >= this.edgeCount) continue;
      const d = distanceToSegmentM(
        lon,
        lat,
        kx,
        e[4 * k]!,
        e[4 * k + 1]!,
        e[4 * k + 2]!,
        e[4 * k + 3]!,
      );
      if (d < best) best = d;
    }
    return best <= maxM ? best : Number.POSITIVE_INFINITY;
  }
}

/** The rings (or the line) whose edges bound the zone; none for a circle. */
export function ringsOf(zone: Zone): Position[][] {
  const g = zone.geometry;
  switch (g.type) {
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    case 'LineString':
      return [g.coordinates];
    case 'Point':
      return [];
  }
}

/** Metres from (lon, lat) to segment p-q, in a local equirectangular frame (kx = cos lat). */
export function distanceToSegmentM(
  lon: number,
  lat: number,
  kx: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): number {
  const px = (x1 - lon) * kx;
  const py = y1 - lat;
  const dx = (x2 - x1) * kx;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(px * dx + py * dy) / len2));
  const x = px + t * dx;
  const y = py + t * dy;
  return Math.sqrt(x * x + y * y) * M_PER_DEG;
}
