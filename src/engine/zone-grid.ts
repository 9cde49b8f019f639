/**
 * Which area zones contain a point, at a cost set by what is near the point,
 * not by how many zones the agreement has or how many vertices they have.
 *
 * A uniform grid over the area zones' extent. Each cell lists, per zone that
 * reaches it, either nothing to test (the cell lies wholly inside the zone)
 * or a few tests: per ring that crosses the cell, only the edges that touch
 * the cell (plus a parity bit and "step" pseudo-edges, see
 * zone-grid-rings.ts), per circle the distance test. So a 20 000-vertex
 * coastline costs a point the handful of edges in its cell.
 *
 * The answer equals `zoneContains` of ../engine/compiled-version.ts (core
 * geometry) on every point, points exactly on edges and vertices included:
 * the edge loop is pointInRing's own, over a subset proved to have the same
 * parity. Lines contain nothing and are not in the grid.
 *
 * Layout, flat typed arrays only (CSR, as Flatbush keeps its tree), each
 * cell's records side by side so that a query touches one stretch of memory:
 * - cellStart[c] .. cellStart[c+1]: cell c's records in `cells` (Float64);
 * - a record: zone index, then L, the count of numbers of its tests (0: the
 *   cell is wholly inside the zone), then the tests;
 * - a test: flags, edge count m, then m edges of four numbers (xi, yi, xj,
 *   yj). Flags: PARITY (the cell's parity bit), OUTER (starts a polygon; the
 *   tests until the next OUTER are its holes), CIRCLE (one "edge": lon, lat,
 *   radiusM, 0).
 * Zones are in ascending index order within a cell.
 *
 * Cell size comes from the data (zone-grid-build.ts, chooseCellDeg: the mean
 * edge length, coarsened until the entries fit a memory budget of 64 per
 * zone + 4 per edge). Memory: `byteLength`; on workload Z (10k stars of 8-64
 * vertices) about 4.6 KiB per zone.
 */
import { distanceM } from '../core/geometry.js';
import type { Zone } from '../core/types.js';
import { buildGridLayout } from './zone-grid-build.js';
import { CIRCLE, OUTER, PARITY } from './zone-grid-pending.js';

export interface ZoneGridOptions {
  /** Cell side in degrees; chosen from the zones when absent. */
  cellDeg?: number;
}

export class ZoneGrid {
  readonly minLon: number;
  readonly minLat: number;
  readonly cellDeg: number;
  readonly nx: number;
  readonly ny: number;
  /** The most zones one point can be in: size `out` of findZonesAt to this. */
  readonly maxZonesPerCell: number;
  /** (cell, zone) records, tests and edges stored (edges repeat across cells). */
  readonly stats: { cells: number; entries: number; tests: number; edges: number };
  readonly #inv: number;
  readonly #cellStart: Int32Array;
  readonly #cells: Float64Array;
  /** 1 for a cell where every point is in the same zones (no test to run). */
  readonly #decided: Uint8Array;

  constructor(zones: readonly Zone[], options: ZoneGridOptions = {}) {
    const l = buildGridLayout(zones, options.cellDeg);
    this.minLon = l.minLon;
    this.minLat = l.minLat;
    this.cellDeg = l.cellDeg;
    this.nx = l.nx;
    this.ny = l.ny;
    this.maxZonesPerCell = l.maxZonesPerCell;
    this.stats = { cells: l.nx * l.ny, entries: l.entries, tests: l.tests, edges: l.edges };
    this.#inv = 1 / l.cellDeg;
    this.#cellStart = l.cellStart;
    this.#cells = l.cells;
    this.#decided = new Uint8Array(l.nx * l.ny);
    for (let c = 0; c < l.nx * l.ny; c++) {
      let decided = 1;
      for (let k = l.cellStart[c]!; k < l.cellStart[c + 1]!; k += 2 + l.cells[k + 1]!) {
        if (l.cells[k + 1]! !== 0) decided = 0;
      }
      this.#decided[c] = decided;
    }
  }

  /**
   * The cell of a point, or -1 outside the grid (where no zone is). A track
   * whose report lands in the same decided cell as its previous one is in
   * the same zones: the engine skips the lookup.
   */
  cellAt(lon: number, lat: number): number {
    const cx = Math.floor((lon - this.minLon) * this.#inv);
    const cy = Math.floor((lat - this.minLat) * this.#inv);
    return cx >= 0 && cx < this.nx && cy >= 0 && cy < this.ny ? cy * this.nx + cx : -1;
  }

  /**
   * Writes into `out` the zones whose boundary crosses cell c (records with
   * tests), returns how many: the only zones a segment lying in the cell can
   * pass into or out of. `out` needs `maxZonesPerCell` slots.
   */
  zonesWithEdgesIn(c: number, out: Int32Array): number {
    if (c < 0 || this.#decided[c] === 1) return 0;
    const d = this.#cells;
    const end = this.#cellStart[c + 1]!;
    let n = 0;
    for (let k = this.#cellStart[c]!; k < end; k += 2 + d[k + 1]!) {
      if (d[k + 1]! !== 0) out[n++] = d[k]!;
    }
    return n;
  }

  /** One byte per cell: 1 where some zone for which `pick` holds has a record. */
  markCells(pick: (zoneIndex: number) => boolean): Uint8Array {
    const marks = new Uint8Array(this.nx * this.ny);
    const d = this.#cells;
    for (let c = 0; c < marks.length; c++) {
      const end = this.#cellStart[c + 1]!;
      for (let k = this.#cellStart[c]!; k < end; k += 2 + d[k + 1]!) {
        if (pick(d[k]!)) {
          marks[c] = 1;
          break;
        }
      }
    }
    return marks;
  }

  /** Is every point of cell c (-1: outside the grid) in the same zones? */
  isDecided(c: number): boolean {
    return c < 0 || this.#decided[c] === 1;
  }

  /** Bytes held by the grid's arrays. */
  get byteLength(): number {
    return this.#cellStart.byteLength + this.#cells.byteLength + this.#decided.byteLength;
  }

  /**
   * Writes the indices (into the zones given to the constructor, ascending)
   * of the area zones containing the point into `out`, and returns how many.
   * `out` needs `maxZonesPerCell` slots. Allocates nothing.
   */
  findZonesAt(lon: number, lat: number, out: Int32Array): number {
    const cx = Math.floor((lon - this.minLon) * this.#inv);
    const cy = Math.floor((lat - this.minLat) * this.#inv);
    // Written so that NaN falls out too.
    if (!(cx >= 0 && cx < this.nx && cy >= 0 && cy < this.ny)) return 0;
    const c = cy * this.nx + cx;
    const d = this.#cells;
    const end = this.#cellStart[c + 1]!;
    let n = 0;
    for (let k = this.#cellStart[c]!; k < end; ) {
      const len = d[k + 1]!;
      if (len === 0 || testEntry(d, k + 2, k + 2 + len, lon, lat)) out[n++] = d[k]!;
      k += 2 + len;
    }
    return n;
  }

  /** Calls back with the index of each area zone containing the point, ascending. */
  forEachZoneAt(lon: number, lat: number, cb: (zoneIndex: number) => void): void {
    const cx = Math.floor((lon - this.minLon) * this.#inv);
    const cy = Math.floor((lat - this.minLat) * this.#inv);
    if (!(cx >= 0 && cx < this.nx && cy >= 0 && cy < this.ny)) return;
    const c = cy * this.nx + cx;
    const d = this.#cells;
    const end = this.#cellStart[c + 1]!;
    for (let k = this.#cellStart[c]!; k < end; ) {
      const len = d[k + 1]!;
      if (len === 0 || testEntry(d, k + 2, k + 2 + len, lon, lat)) cb(d[k]!);
      k += 2 + len;
    }
  }
}

/** pointInPolygon / pointInMultiPolygon over the tests of one (cell, zone), d[k0..k1). */
function testEntry(d: Float64Array, k0: number, k1: number, lon: number, lat: number): boolean {
  let inside = false;
  for (let k = k0; k < k1; ) {
    const f = d[k]!;
    const e0 = k + 2;
    const e1 = e0 + 4 * d[k + 1]!;
    if (f & OUTER) {
      // A new polygon of a MultiPolygon: the one before already decided.
      if (inside) return true;
      inside = testRing(d, e0, e1, f, lon, lat);
    } else if (inside && testRing(d, e0, e1, f, lon, lat)) {
      inside = false; // in a hole
    }
    k = e1;
  }
  return inside;
}

/** pointInRing's loop, over the ring's edges near this cell, from the cell's parity. */
function testRing(
  d: Float64Array,
  k0: number,
  k1: number,
  f: number,
  lon: number,
  lat: number,
): boolean {
  if (f & CIRCLE) return distanceM(lon, lat, d[k0]!, d[k0 + 1]!) <= d[k0 + 2]!;
  // Branch-free: which of a cell's few edges the ray crosses is a coin toss
  // to the branch predictor, and a miss costs more than the division.
  let inside = f & PARITY;
  for (let k = k0; k < k1; k += 4) {
    const xi = d[k]!;
    const yi = d[k + 1]!;
    const yj = d[k + 3]!;
    inside ^=
      (+(yi > lat) ^ +(yj > lat)) & +(lon < ((d[k + 2]! - xi) * (lat - yi)) / (yj - yi) + xi);
  }
  return inside !== 0;
}
