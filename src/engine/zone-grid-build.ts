/**
 * Building a ZoneGrid (see zone-grid.ts for the layout and the query). Runs
 * once per agreement version, so it may allocate; it is linear in the number
 * of (cell, edge) pairs and cells (workload Z: 0.5 s for 10k zones, ~8 s for
 * 100k, where per-ring scratch arrays and GC dominate: room to improve).
 *
 * How one ring becomes per-cell tests, exactly equal to `pointInRing`:
 *
 * `pointInRing(p)` is the parity of the edges e with P(e, p) = "e spans lat
 * half-open and crosses lat right of lon". Take one cell, grown by `eps` on
 * every side, and the edges that touch it (E_c, listed conservatively). Any
 * other edge touching the cell's row lies wholly left of the cell (P = 0 for
 * every p in the cell) or wholly right of it (P = [minY <= lat < maxY], a
 * function of lat alone). Over the right-hand edges that parity is the XOR
 * of [vy <= lat] over their endpoints, and endpoints shared by two of them
 * cancel; what remains is a constant plus one step per vertex they share with
 * an edge of E_c, right of the cell and inside the row. So for every p in the
 * cell:
 *
 *   pointInRing(p) = C xor parity of P over E_c and one "step" pseudo-edge
 *                    per such vertex,
 *
 * with C fixed per cell: found by evaluating both sides at the cell centre
 * (the left side by a sweep of the row, which uses pointInRing's own
 * arithmetic). A cell that no edge touches has one status, the centre's.
 * The query then runs the same loop as pointInRing over a handful of edges,
 * so the two agree on every point, on edges and vertices too.
 */
import type { Position } from 'geojson';
import { distanceM, EARTH_RADIUS_M } from '../core/geometry.js';
import type { Zone } from '../core/types.js';

const RAD = Math.PI / 180;
const M_PER_DEG = RAD * EARTH_RADIUS_M;

/** Test flags. */
export const PARITY = 1;
/** The test starts a polygon (its outer ring); the tests after it up to the next OUTER are its holes. */
export const OUTER = 2;
/** The test is a circle: its one "edge" holds (lon, lat, radiusM, 0). */
export const CIRCLE = 4;

/**
 * A pseudo-edge from (FAR, vy) to (FAR, -FAR): pointInRing's arithmetic on it
 * gives exactly [vy > lat], the step a shared vertex right of the cell adds.
 */
const FAR = 1e300;

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

interface Grid {
  x0: number;
  y0: number;
  s: number;
  inv: number;
  nx: number;
  ny: number;
  eps: number;
}

/** One ring over its own block of cells: per cell its status, or the edges touching it. */
interface RingCells {
  cx0: number;
  cy0: number;
  w: number;
  h: number;
  start: Int32Array;
  list: Int32Array;
  status: Uint8Array;
  xs: Float64Array;
  ys: Float64Array;
}

class GrowI32 {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

class GrowF64 {
  a = new Float64Array(4096);
  n = 0;
  push2(x: number, y: number): void {
    if (this.n + 2 > this.a.length) this.grow();
    this.a[this.n] = x;
    this.a[this.n + 1] = y;
    this.n += 2;
  }
  grow(): void {
    const b = new Float64Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
  push4(x: number, y: number, z: number, w: number): void {
    if (this.n + 4 > this.a.length) this.grow();
    const a = this.a;
    a[this.n] = x;
    a[this.n + 1] = y;
    a[this.n + 2] = z;
    a[this.n + 3] = w;
    this.n += 4;
  }
}

/** What is built before the entries are sorted into cells. */
class Pending {
  cell = new GrowI32();
  zone = new GrowI32();
  t0 = new GrowI32();
  t1 = new GrowI32();
  testE0 = new GrowI32();
  testE1 = new GrowI32();
  testF = new GrowI32();
  edges = new GrowF64();

  beginTest(flags: number): number {
    this.testE0.push(this.edges.n >> 2);
    this.testE1.push(this.edges.n >> 2);
    this.testF.push(flags);
    return this.testF.n - 1;
  }
  endTest(t: number, flags: number): void {
    this.testE1.a[t] = this.edges.n >> 2;
    this.testF.a[t] = flags;
  }
  entry(cell: number, z: number, t0: number, t1: number): void {
    this.cell.push(cell);
    this.zone.push(z);
    this.t0.push(t0);
    this.t1.push(t1);
  }
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

function cellX(g: Grid, x: number): number {
  return Math.min(g.nx - 1, Math.max(0, Math.floor((x - g.x0) * g.inv)));
}
function cellY(g: Grid, y: number): number {
  return Math.min(g.ny - 1, Math.max(0, Math.floor((y - g.y0) * g.inv)));
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
 * Every cell (local index within the block) that edge (ax,ay)-(bx,by) may
 * touch, cells grown by eps: row by row, the edge's x-span inside the row.
 */
function visitEdgeCells(
  g: Grid,
  rc: RingCells,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  visit: (c: number) => void,
): void {
  const e = g.eps;
  const r0 = Math.max(0, cellY(g, Math.min(ay, by) - e) - rc.cy0);
  const r1 = Math.min(rc.h - 1, cellY(g, Math.max(ay, by) + e) - rc.cy0);
  for (let r = r0; r <= r1; r++) {
    let xa = Math.min(ax, bx);
    let xb = Math.max(ax, bx);
    if (ay !== by) {
      const lo = g.y0 + (rc.cy0 + r) * g.s - e;
      const ta = Math.min(1, Math.max(0, (lo - ay) / (by - ay)));
      const tb = Math.min(1, Math.max(0, (lo + g.s + 2 * e - ay) / (by - ay)));
      const pa = ax + (bx - ax) * ta;
      const pb = ax + (bx - ax) * tb;
      xa = Math.min(pa, pb);
      xb = Math.max(pa, pb);
    }
    const c0 = Math.max(0, cellX(g, xa - e) - rc.cx0);
    const c1 = Math.min(rc.w - 1, cellX(g, xb + e) - rc.cx0);
    for (let c = c0; c <= c1; c++) visit(r * rc.w + c);
  }
}

/** Lists the edges touching each cell of the ring's block, and each cell centre's status. */
function classifyRing(g: Grid, ring: Position[]): RingCells {
  const n = ring.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = ring[i]![0]!;
    const y = ring[i]![1]!;
    xs[i] = x;
    ys[i] = y;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  if (n === 0) minX = minY = maxX = maxY = g.x0;
  const cx0 = cellX(g, minX - g.eps);
  const cy0 = cellY(g, minY - g.eps);
  const w = cellX(g, maxX + g.eps) - cx0 + 1;
  const h = cellY(g, maxY + g.eps) - cy0 + 1;
  const rc: RingCells = {
    cx0,
    cy0,
    w,
    h,
    start: new Int32Array(w * h + 1),
    list: new Int32Array(0),
    status: new Uint8Array(w * h),
    xs,
    ys,
  };
  // Edge k runs from vertex k-1 (j) to vertex k (i), as in pointInRing.
  const count = rc.start;
  for (let k = 0, j = n - 1; k < n; j = k++) {
    visitEdgeCells(g, rc, xs[k]!, ys[k]!, xs[j]!, ys[j]!, (c) => {
      count[c + 1]!++;
    });
  }
  for (let c = 0; c < w * h; c++) count[c + 1]! += count[c]!;
  const fill = count.slice(0, w * h);
  const list = new Int32Array(count[w * h]!);
  for (let k = 0, j = n - 1; k < n; j = k++) {
    visitEdgeCells(g, rc, xs[k]!, ys[k]!, xs[j]!, ys[j]!, (c) => {
      list[fill[c]!++] = k;
    });
  }
  rc.list = list;

  // Row sweep: pointInRing at every cell centre of a row, with its arithmetic.
  const seen = new Int32Array(n);
  const xint = new Float64Array(n);
  for (let r = 0; r < h; r++) {
    const yc = g.y0 + (cy0 + r + 0.5) * g.s;
    let m = 0;
    for (let q = rc.start[r * w]!; q < rc.start[(r + 1) * w]!; q++) {
      const k = list[q]!;
      if (seen[k] === r + 1) continue;
      seen[k] = r + 1;
      const j = k === 0 ? n - 1 : k - 1;
      const yi = ys[k]!;
      const yj = ys[j]!;
      if (yi > yc !== yj > yc) {
        const xi = xs[k]!;
        xint[m++] = ((xs[j]! - xi) * (yc - yi)) / (yj - yi) + xi;
      }
    }
    const sorted = xint.subarray(0, m).sort();
    let p = 0;
    for (let c = 0; c < w; c++) {
      const xc = g.x0 + (cx0 + c + 0.5) * g.s;
      while (p < m && !(xc < sorted[p]!)) p++;
      rc.status[r * w + c] = (m - p) & 1;
    }
  }
  return rc;
}

/** -1: no edge here, status outside; 1: inside; 0: edges cross the cell. */
function ringStateAt(rc: RingCells, cx: number, cy: number): number {
  const c = cx - rc.cx0;
  const r = cy - rc.cy0;
  if (c < 0 || r < 0 || c >= rc.w || r >= rc.h) return -1;
  const i = r * rc.w + c;
  if (rc.start[i] !== rc.start[i + 1]) return 0;
  return rc.status[i] === 1 ? 1 : -1;
}

/** Appends the edges and step pseudo-edges of a boundary cell, and returns its C bit. */
function emitRingCell(pend: Pending, g: Grid, rc: RingCells, cx: number, cy: number): number {
  const i = (cy - rc.cy0) * rc.w + (cx - rc.cx0);
  const n = rc.xs.length;
  const { xs, ys } = rc;
  const e0 = pend.edges.n;
  const xRight = g.x0 + (cx + 1) * g.s + g.eps;
  const yLo = g.y0 + cy * g.s - g.eps;
  const yHi = yLo + g.s + 2 * g.eps;
  let steps: number[] | null = null;
  for (let q = rc.start[i]!; q < rc.start[i + 1]!; q++) {
    const k = rc.list[q]!;
    const j = k === 0 ? n - 1 : k - 1;
    pend.edges.push4(xs[k]!, ys[k]!, xs[j]!, ys[j]!);
    for (const v of [k, j]) {
      if (xs[v]! > xRight && ys[v]! >= yLo && ys[v]! <= yHi) {
        steps ??= [];
        // A vertex whose two edges are both listed needs no step: toggle.
        const at = steps.indexOf(v);
        if (at >= 0) steps.splice(at, 1);
        else steps.push(v);
      }
    }
  }
  for (const v of steps ?? []) pend.edges.push4(FAR, ys[v]!, FAR, -FAR);
  // C = pointInRing(centre) xor the listed edges' parity at the centre.
  const xc = g.x0 + (cx + 0.5) * g.s;
  const yc = g.y0 + (cy + 0.5) * g.s;
  let par = rc.status[i]!;
  const a = pend.edges.a;
  for (let k = e0; k < pend.edges.n; k += 4) {
    const yi = a[k + 1]!;
    const yj = a[k + 3]!;
    if (yi > yc !== yj > yc) {
      const xi = a[k]!;
      if (xc < ((a[k + 2]! - xi) * (yc - yi)) / (yj - yi) + xi) par ^= 1;
    }
  }
  return par;
}

function addPolygon(pend: Pending, g: Grid, z: number, rings: Position[][]): void {
  const outerRing = rings[0];
  if (outerRing === undefined || outerRing.length === 0) return;
  const outer = classifyRing(g, outerRing);
  const holes = rings.slice(1).map((r) => classifyRing(g, r));
  for (let r = 0; r < outer.h; r++) {
    const cy = outer.cy0 + r;
    cells: for (let c = 0; c < outer.w; c++) {
      const cx = outer.cx0 + c;
      const os = ringStateAt(outer, cx, cy);
      if (os < 0) continue;
      let crossed = 0;
      for (const hole of holes) {
        const hs = ringStateAt(hole, cx, cy);
        if (hs > 0) continue cells;
        if (hs === 0) crossed++;
      }
      const cell = cy * g.nx + cx;
      if (os > 0 && crossed === 0) {
        pend.entry(cell, z, 0, 0);
        continue;
      }
      const t0 = pend.beginTest(OUTER);
      pend.endTest(t0, OUTER | (os > 0 ? PARITY : emitRingCell(pend, g, outer, cx, cy)));
      for (const hole of holes) {
        if (ringStateAt(hole, cx, cy) !== 0) continue;
        const t = pend.beginTest(0);
        pend.endTest(t, emitRingCell(pend, g, hole, cx, cy));
      }
      pend.entry(cell, z, t0, pend.testF.n);
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
