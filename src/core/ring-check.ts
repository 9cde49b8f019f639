/**
 * Polygon rings as an agreement may hold them: closed, with an area, simple,
 * holes inside. Pure and fast enough for coastlines of 10^4+ vertices; the
 * caller decides how a problem is reported (field paths, provision ids).
 */
import type { Position } from 'geojson';
import { emptyBBox, extendBBox, pointInRing } from './geometry.js';

/**
 * A polygon's rings are closed, have an area, neither cross nor touch
 * themselves or each other, and holes lie inside the outer ring. Edges are
 * bucketed in a grid of about one cell per edge, so a 10^4-vertex coastline
 * costs some 10^4 edge pairs, not 10^8; only pairs sharing a cell are tested.
 */
export function checkPolygonRings(
  rings: Position[][],
  prefix: string,
  report: (path: string, reason: string) => void,
): void {
  const clean: Position[][] = [];
  rings.forEach((r, ri) => {
    const v = openRing(r);
    if (typeof v === 'string') report(`${prefix}[${ri}]`, v);
    else clean.push(v);
  });
  if (clean.length !== rings.length) return;
  if (findRingContacts(clean, prefix, report)) return;
  const outer = clean[0]!;
  for (let h = 1; h < clean.length; h++) {
    const p = clean[h]![0]!;
    if (!pointInRing(p[0]!, p[1]!, outer)) {
      report(`${prefix}[${h}]`, 'hole lies outside its outer ring');
    }
  }
}

/** The ring's distinct positions in order, without the closing one; or why it is no ring. */
function openRing(r: Position[]): Position[] | string {
  const a = r[0];
  const b = r[r.length - 1];
  if (r.length < 4) return `a ring needs at least 4 positions, got ${r.length}`;
  if (a![0] !== b![0] || a![1] !== b![1]) {
    return 'ring is not closed (its last position differs from its first)';
  }
  // Repeated positions are harmless; dropped so that neighbours stay adjacent.
  const v = r.slice(0, -1).filter((p, i, all) => {
    const q = all[(i + all.length - 1) % all.length]!;
    return p[0] !== q[0] || p[1] !== q[1];
  });
  if (v.length < 3 || onOneLine(v)) {
    return 'ring has no area (fewer than 3 distinct positions, or all on one line)';
  }
  return v;
}

/**
 * All positions within 1e-9 degrees (~0.1 mm) of the line through the first
 * and the one farthest from it. (A ring whose signed area is zero but whose
 * positions are not on one line crosses itself, and is reported as such.)
 */
function onOneLine(v: Position[]): boolean {
  const [px, py] = v[0] as [number, number];
  let qx = px;
  let qy = py;
  let far = 0;
  for (const [x, y] of v as [number, number][]) {
    const d = (x - px) ** 2 + (y - py) ** 2;
    if (d > far) [far, qx, qy] = [d, x, y];
  }
  const len = Math.sqrt(far);
  return v.every(([x, y]) => Math.abs((qx - px) * (y! - py) - (qy - py) * (x! - px)) / len < 1e-9);
}

/** Reports the first contact of each ring (or pair of rings); true if any. */
function findRingContacts(
  rings: Position[][],
  prefix: string,
  report: (path: string, reason: string) => void,
): boolean {
  // Flat edge table: ring, index in ring, x1, y1, x2, y2.
  let n = 0;
  for (const r of rings) n += r.length;
  const ring = new Int32Array(n);
  const idx = new Int32Array(n);
  const xy = new Float64Array(n * 4);
  const box = emptyBBox();
  let e = 0;
  rings.forEach((r, ri) => {
    for (let i = 0; i < r.length; i++, e++) {
      const p = r[i]!;
      const q = r[(i + 1) % r.length]!;
      ring[e] = ri;
      idx[e] = i;
      xy[e * 4] = p[0]!;
      xy[e * 4 + 1] = p[1]!;
      xy[e * 4 + 2] = q[0]!;
      xy[e * 4 + 3] = q[1]!;
      extendBBox(box, p);
    }
  });
  const side = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cw = (box[2] - box[0]) / side || 1;
  const ch = (box[3] - box[1]) / side || 1;
  const cell = (v: number, min: number, size: number) =>
    Math.min(side - 1, Math.floor((v - min) / size));
  const cells: number[][] = Array.from({ length: side * side }, () => []);
  for (let k = 0; k < n; k++) {
    const o = k * 4;
    const cx0 = cell(Math.min(xy[o]!, xy[o + 2]!), box[0], cw);
    const cx1 = cell(Math.max(xy[o]!, xy[o + 2]!), box[0], cw);
    const cy0 = cell(Math.min(xy[o + 1]!, xy[o + 3]!), box[1], ch);
    const cy1 = cell(Math.max(xy[o + 1]!, xy[o + 3]!), box[1], ch);
    for (let cy = cy0; cy <= cy1; cy++)
      for (let cx = cx0; cx <= cx1; cx++) cells[cy * side + cx]!.push(k);
  }
  const reported = new Set<string>();
  for (const list of cells) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const ra = ring[a]!;
        const rb = ring[b]!;
        const d = Math.abs(idx[a]! - idx[b]!);
        const adjacent = ra === rb && (d === 1 || d === rings[ra]!.length - 1);
        if (!edgesMeet(xy, a * 4, b * 4, adjacent)) continue;
        const key = ra < rb ? `${ra}:${rb}` : `${rb}:${ra}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const [p, q] = idx[a]! < idx[b]! || ra !== rb ? [a, b] : [b, a];
        const where = `[${xy[p * 4]}, ${xy[p * 4 + 1]}]`;
        if (ra === rb) {
          report(
            `${prefix}[${ra}]`,
            `ring crosses or touches itself: the edge from position ${idx[p]} (${where}) meets the edge from position ${idx[q]}`,
          );
        } else {
          report(
            `${prefix}[${Math.max(ra, rb)}]`,
            `ring ${Math.max(ra, rb)} crosses or touches ring ${Math.min(ra, rb)}`,
          );
        }
      }
    }
  }
  return reported.size > 0;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/** C lies within the bounding box of AB (used once C is known to be collinear with AB). */
function within(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return (
    Math.min(ax, bx) <= cx &&
    cx <= Math.max(ax, bx) &&
    Math.min(ay, by) <= cy &&
    cy <= Math.max(ay, by)
  );
}

/**
 * Do edges AB and CD meet? Adjacent edges share a vertex by construction;
 * they meet only if they fold back over each other (collinear, overlapping).
 */
function edgesMeet(xy: Float64Array, a: number, c: number, adjacent: boolean): boolean {
  const ax = xy[a]!;
  const ay = xy[a + 1]!;
  const bx = xy[a + 2]!;
  const by = xy[a + 3]!;
  const cx = xy[c]!;
  const cy = xy[c + 1]!;
  const dx = xy[c + 2]!;
  const dy = xy[c + 3]!;
  if (adjacent) {
    // The shared vertex, and the far ends of each edge.
    const [sx, sy, px, py, qx, qy] =
      bx === cx && by === cy ? [bx, by, ax, ay, dx, dy] : [ax, ay, bx, by, cx, cy];
    return (
      orient(px, py, sx, sy, qx, qy) === 0 && (px - sx) * (qx - sx) + (py - sy) * (qy - sy) > 0
    );
  }
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  // Touching: an end of one edge lies on the other.
  return (
    (o1 === 0 && within(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && within(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && within(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && within(cx, cy, dx, dy, bx, by))
  );
}
