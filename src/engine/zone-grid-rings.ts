/**
 * Polygon rings into per-cell tests, for the ZoneGrid build
 * (zone-grid-build.ts calls addPolygon once per polygon). Apart from the
 * assembly because this is where the exactness argument lives: each
 * boundary cell gets the edges that touch it, a parity bit and "step"
 * pseudo-edges, and together they must equal `pointInRing` everywhere.
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
import { cellX, cellY, type Grid, OUTER, PARITY, type Pending } from './zone-grid-pending.js';

/**
 * A pseudo-edge from (FAR, vy) to (FAR, -FAR): pointInRing's arithmetic on it
 * gives exactly [vy > lat], the step a shared vertex right of the cell adds.
 */
const FAR = 1e300;

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

export function addPolygon(pend: Pending, g: Grid, z: number, rings: Position[][]): void {
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
