/**
 * One agreement version made ready for the hot path: area zones in a
 * ZoneGrid (which zones contain a point, at a cost that does not grow with
 * the number of zones), all zones in a Flatbush R-tree over their bounding
 * boxes (what a segment between two reports may pass through or cross),
 * rules grouped by zone, exemptions as sets. Built once per version, then
 * only read.
 */
import Flatbush from 'flatbush';
import {
  type BBox,
  circleBBox,
  circleSpanOnSegment,
  crossingsWithRings,
  distanceM,
  emptyBBox,
  extendBBox,
  firstCrossingOfLine,
  pointInMultiPolygon,
  pointInPolygon,
} from '../core/geometry.js';
import type { AgreementVersion, Rule, TrackKind, Zone } from '../core/types.js';
import { ZoneGrid } from './zone-grid.js';

export interface CompiledRule {
  rule: Rule;
  kinds: ReadonlySet<TrackKind>;
  exempt: ReadonlySet<string>;
}

export class CompiledVersion {
  readonly version: AgreementVersion;
  readonly zones: readonly Zone[];
  readonly zoneById: ReadonlyMap<string, Zone>;
  readonly rulesByZone: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly #index: Flatbush | null;
  readonly #grid: ZoneGrid;
  /** Scratch for zoneIdsAt: one version is read by one engine at a time. */
  readonly #hits: Int32Array;

  constructor(version: AgreementVersion) {
    this.version = version;
    this.zones = version.zones;
    this.zoneById = new Map(version.zones.map((z) => [z.id, z]));
    const byZone = new Map<string, CompiledRule[]>();
    for (const rule of version.rules) {
      const compiled = {
        rule,
        kinds: new Set(rule.kinds),
        exempt: new Set(rule.exemptTrackIds),
      };
      for (const zoneId of rule.zoneIds) {
        const list = byZone.get(zoneId) ?? [];
        list.push(compiled);
        byZone.set(zoneId, list);
      }
    }
    this.rulesByZone = byZone;
    this.#index = buildZoneIndex(version.zones);
    this.#grid = new ZoneGrid(version.zones);
    this.#hits = new Int32Array(Math.max(1, this.#grid.maxZonesPerCell));
  }

  /**
   * Positions (indices into `zones`, ascending) of the area zones containing
   * the point, written into `out` (`maxZonesAtPoint` slots); returns how
   * many. The same answer as `zoneContains` over every zone.
   */
  findZonesAt(lon: number, lat: number, out: Int32Array): number {
    return this.#grid.findZonesAt(lon, lat, out);
  }

  /** The most area zones any one point is in. */
  get maxZonesAtPoint(): number {
    return this.#grid.maxZonesPerCell;
  }

  /** Ids of the area zones containing the point, in zone order. */
  zoneIdsAt(lon: number, lat: number): string[] {
    const n = this.#grid.findZonesAt(lon, lat, this.#hits);
    const ids: string[] = new Array(n);
    for (let i = 0; i < n; i++) ids[i] = this.zones[this.#hits[i]!]!.id;
    return ids;
  }

  /** Zone positions (indices into `zones`) whose bbox meets this box. */
  searchZones(minLon: number, minLat: number, maxLon: number, maxLat: number): number[] {
    return this.#index === null ? [] : this.#index.search(minLon, minLat, maxLon, maxLat);
  }
}

function buildZoneIndex(zones: readonly Zone[]): Flatbush | null {
  if (zones.length === 0) return null;
  const index = new Flatbush(zones.length);
  for (const z of zones) {
    const b = bboxOfZone(z);
    index.add(b[0], b[1], b[2], b[3]);
  }
  index.finish();
  return index;
}

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
      const ts = crossingsWithRings(ax, ay, bx, by, rings);
      if (ts.length < 2) return null;
      // Both ends are outside, so the segment is inside just after its first
      // crossing, unless that crossing only grazed a vertex: check the middle
      // of the first inside stretch.
      const t0 = ts[0]!;
      const t1 = ts[1]!;
      const tm = (t0 + t1) / 2;
      if (!zoneContains(zone, ax + (bx - ax) * tm, ay + (by - ay) * tm)) return null;
      return [t0, ts[ts.length - 1]!];
    }
    case 'LineString':
      return null;
  }
}

/** Fraction along the segment where it first crosses a line zone, or -1. */
export function findLineCrossing(
  zone: Zone,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const g = zone.geometry;
  return g.type === 'LineString' ? firstCrossingOfLine(ax, ay, bx, by, g.coordinates) : -1;
}
