/**
 * Building a ZoneGrid (see zone-grid.ts for the layout and the query). Runs
 * once per agreement version, so it may allocate; it is linear in the number
 * of (cell, edge) pairs and cells (workload Z: 0.5 s for 10k zones, ~8 s for
 * 100k, where per-ring scratch arrays and GC dominate: room to improve).
 *
 * This file holds the whole-build steps: the zones as areas, the cell size
 * and its memory budget, circles (a distance test per cell, no edges) and
 * the assembly of the flat layout. Polygon rings, with the argument that
 * their per-cell tests equal pointInRing, are in zone-grid-rings.ts; the
 * flags, grid lookups and growable arrays both share are in
 * zone-grid-pending.ts.
 */
import type { Position } from 'geojson';
import { distanceM, EARTH_RADIUS_M } from '../core/geometry.js';
import type { Zone } from '../core/types.js';
import { CIRCLE, cellX, cellY, type Grid, GrowF64, OUTER, Pending } from './zone-grid-pending.js';
import { addPolygon } from './zone-grid-rings.js';

const RAD = Math.PI / 180;
const M_PER_DEG = RAD * EARTH_RADIUS_M;

export interface GridLayout {
  minLon: number;
  minLat: number;
  cellDeg: number;
  nx: number;
  ny: number;
  /** Cell c's records are cells[cellStart[c] .. cellStart[c+1]). */
  cellStart: Int32Array;
  cells: Float64Array;
  entries: number;
  tests: number;
  edges: number;
  maxZonesPerCell: number;
}

interface Area {
  z: number;
  /** Polygons of rings (a Polygon is one); null for a circle. */
  polys: Position[][][] | null;
  lon: number;
  lat: number;
  radiusM: number;
}

export function buildGridLayout(zones: readonly Zone[], cellDeg?: number): GridLayout {
  const areas = collectAreas(zones);
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const a of areas) extendAreaBox(box, a);
  if (areas.length === 0 || !(box[0]! <= box[2]!) || !(box[1]! <= box[3]!)) return emptyLayout();
  const s = cellDeg ?? chooseCellDeg(areas, box);
  if (!(s > 0)) throw new Error(`ZoneGrid: expected cellDeg > 0, got ${s}`);
  const pad = s * 1e-3;
  const g: Grid = {
    x0: box[0]! - pad,
    y0: box[1]! - pad,
    s,
    inv: 1 / s,
    nx: Math.floor((box[2]! + pad - (box[0]! - pad)) / s) + 1,
    ny: Math.floor((box[3]! + pad - (box[1]! - pad)) / s) + 1,
    // Cells are grown by eps when edges are listed, so a point that rounding
    // puts in the neighbouring cell still finds every edge near it.
    eps: Math.max(s * 1e-6, 1e-9),
  };
  const pend = new Pending();
  for (const a of areas) {
    if (a.polys === null) addCircle(pend, g, a);
    else for (const rings of a.polys) addPolygon(pend, g, a.z, rings);
  }
  return assemble(pend, g);
}

function emptyLayout(): GridLayout {
  return {
    minLon: 0,
    minLat: 0,
    cellDeg: 1,
    nx: 0,
    ny: 0,
    cellStart: new Int32Array(2),
    cells: new Float64Array(0),
    entries: 0,
    tests: 0,
    edges: 0,
    maxZonesPerCell: 0,
  };
}

function collectAreas(zones: readonly Zone[]): Area[] {
  const out: Area[] = [];
  for (let z = 0; z < zones.length; z++) {
    const g = zones[z]!.geometry;
    if (g.type === 'Polygon') out.push({ z, polys: [g.coordinates], lon: 0, lat: 0, radiusM: 0 });
    else if (g.type === 'MultiPolygon')
      out.push({ z, polys: g.coordinates, lon: 0, lat: 0, radiusM: 0 });
    else if (g.type === 'Point') {
      const [lon, lat] = g.coordinates as [number, number];
      out.push({ z, polys: null, lon, lat, radiusM: zones[z]!.radiusM ?? 0 });
    }
  }
  return out;
}

/** A circle's box, generous: the cap is widest poleward of its centre. */
function circleBox(a: Area): [number, number, number, number] {
  const dLat = (a.radiusM / M_PER_DEG) * 1.01 + 1e-9;
  const cos = Math.cos(Math.min(89.9, Math.abs(a.lat) + dLat) * RAD);
  const dLon = dLat / Math.max(1e-9, cos);
  return [a.lon - dLon, a.lat - dLat, a.lon + dLon, a.lat + dLat];
}

function extendAreaBox(box: number[], a: Area): void {
  if (a.polys === null) {
    const b = circleBox(a);
    for (let i = 0; i < 2; i++) box[i] = Math.min(box[i]!, b[i]!);
    for (let i = 2; i < 4; i++) box[i] = Math.max(box[i]!, b[i]!);
    return;
  }
  for (const rings of a.polys) {
    for (const p of rings[0] ?? []) {
      if (p[0]! < box[0]!) box[0] = p[0]!;
      if (p[1]! < box[1]!) box[1] = p[1]!;
      if (p[0]! > box[2]!) box[2] = p[0]!;
      if (p[1]! > box[3]!) box[3] = p[1]!;
    }
  }
}

/**
 * Cell side: the mean edge length, so a boundary cell holds two or three
 * edges of a typical zone (a circle counts as 8 edges of its perimeter);
 * on workload Z (bench/engine.ts) that was ~12% faster per point than twice
 * the mean edge, for ~1.7x the memory (4.6 vs 2.7 KiB per zone). Then
 * grown by 25% steps until cells plus an estimate of the (cell, zone) entries
 * (each ring's box in cells) fit a budget of 64 per zone + 4 per edge (at
 * least 1M): coverage, not edges, is what costs memory when zones are large
 * or overlap, and a coarser grid only means more edges per boundary cell.
 */
function chooseCellDeg(areas: readonly Area[], box: number[]): number {
  let len = 0;
  let cnt = 0;
  for (const a of areas) {
    if (a.polys === null) {
      len += (2 * Math.PI * a.radiusM) / M_PER_DEG;
      cnt += 8;
      continue;
    }
    for (const rings of a.polys) {
      for (const r of rings) {
        for (let i = 1; i < r.length; i++) {
          len += Math.hypot(r[i]![0]! - r[i - 1]![0]!, r[i]![1]! - r[i - 1]![1]!);
        }
        cnt += r.length;
      }
    }
  }
  const span = Math.max(box[2]! - box[0]!, box[3]! - box[1]!);
  let s = len > 0 ? len / cnt : span / 64;
  s = Math.max(s, span * 1e-6, 1e-7);
  const budget = Math.max(1 << 20, 64 * areas.length + 4 * cnt);
  while (estimateEntries(areas, box, s) > budget) s *= 1.25;
  return s;
}

function estimateEntries(areas: readonly Area[], box: number[], s: number): number {
  let n = ((box[2]! - box[0]!) / s + 1) * ((box[3]! - box[1]!) / s + 1);
  for (const a of areas) {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    extendAreaBox(b, a);
    n += ((b[2]! - b[0]!) / s + 2) * ((b[3]! - b[1]!) / s + 2);
  }
  return n;
}

function addCircle(pend: Pending, g: Grid, a: Area): void {
  const b = circleBox(a);
  const cx0 = cellX(g, b[0]);
  const cx1 = cellX(g, b[2]);
  const cy0 = cellY(g, b[1]);
  const cy1 = cellY(g, b[3]);
  // The cap is classified with a 0.1% margin: the nearest point of a lon/lat
  // cell to the centre is not exactly the clamped one on the sphere.
  const rIn = a.radiusM * (1 - 1e-3) - 1e-3;
  const rOut = a.radiusM * (1 + 1e-3) + 1e-3;
  for (let cy = cy0; cy <= cy1; cy++) {
    const ya = g.y0 + cy * g.s - g.eps;
    const yb = ya + g.s + 2 * g.eps;
    for (let cx = cx0; cx <= cx1; cx++) {
      const xa = g.x0 + cx * g.s - g.eps;
      const xb = xa + g.s + 2 * g.eps;
      const near = distanceM(
        Math.min(xb, Math.max(xa, a.lon)),
        Math.min(yb, Math.max(ya, a.lat)),
        a.lon,
        a.lat,
      );
      if (near > rOut) continue;
      const far = Math.max(
        distanceM(xa, ya, a.lon, a.lat),
        distanceM(xa, yb, a.lon, a.lat),
        distanceM(xb, ya, a.lon, a.lat),
        distanceM(xb, yb, a.lon, a.lat),
      );
      const cell = cy * g.nx + cx;
      if (far <= rIn) {
        pend.entry(cell, a.z, 0, 0);
        continue;
      }
      const t = pend.beginTest(OUTER | CIRCLE);
      pend.edges.push4(a.lon, a.lat, a.radiusM, 0);
      pend.endTest(t, OUTER | CIRCLE);
      pend.entry(cell, a.z, t, t + 1);
    }
  }
}

/**
 * Sorts the entries into cells (stable, so zones stay in index order), merges
 * the parts of a MultiPolygon that share a cell, and writes each cell's
 * records one after another in one Float64Array: a query reads one short
 * stretch of memory (one or two cache lines), not five arrays.
 */
function assemble(pend: Pending, g: Grid): GridLayout {
  const nCells = g.nx * g.ny;
  const np = pend.cell.n;
  const pc = pend.cell.a;
  const pstart = new Int32Array(nCells + 1);
  for (let i = 0; i < np; i++) pstart[pc[i]! + 1]!++;
  for (let c = 0; c < nCells; c++) pstart[c + 1]! += pstart[c]!;
  const fill = pstart.slice(0, nCells);
  const order = new Int32Array(np);
  for (let i = 0; i < np; i++) order[fill[pc[i]!]!++] = i;

  const cellStart = new Int32Array(nCells + 1);
  const out = new GrowF64();
  const { zone, t0, t1, testE0, testE1, testF } = pend;
  const src = pend.edges.a;
  let maxZones = 0;
  let entries = 0;
  let tests = 0;
  for (let c = 0; c < nCells; c++) {
    const end = pstart[c + 1]!;
    cellStart[c] = out.n;
    let zonesHere = 0;
    for (let q = pstart[c]!; q < end; ) {
      const z = zone.a[order[q]!]!;
      let qe = q;
      let full = false;
      while (qe < end && zone.a[order[qe]!] === z) {
        if (t0.a[order[qe]!] === t1.a[order[qe]!]) full = true;
        qe++;
      }
      // Entry header: zone, length of its tests in numbers (0: wholly inside).
      const head = out.n;
      out.push2(z, 0);
      if (!full) {
        for (let k = q; k < qe; k++) {
          const p = order[k]!;
          for (let t = t0.a[p]!; t < t1.a[p]!; t++) {
            out.push2(testF.a[t]!, testE1.a[t]! - testE0.a[t]!);
            for (let x = testE0.a[t]! * 4; x < testE1.a[t]! * 4; x += 4) {
              out.push4(src[x]!, src[x + 1]!, src[x + 2]!, src[x + 3]!);
            }
            tests++;
          }
        }
        out.a[head + 1] = out.n - head - 2;
      }
      entries++;
      zonesHere++;
      q = qe;
    }
    maxZones = Math.max(maxZones, zonesHere);
  }
  cellStart[nCells] = out.n;
  return {
    minLon: g.x0,
    minLat: g.y0,
    cellDeg: g.s,
    nx: g.nx,
    ny: g.ny,
    cellStart,
    cells: out.a.slice(0, out.n),
    entries,
    tests,
    edges: pend.edges.n / 4,
    maxZonesPerCell: maxZones,
  };
}
