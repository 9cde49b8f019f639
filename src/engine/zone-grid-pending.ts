/**
 * What the ZoneGrid build shares between its parts (zone-grid-build.ts for
 * areas, circles and assembly; zone-grid-rings.ts for polygon rings): the test
 * flags the query reads back, the grid geometry with its cell lookups, and
 * Pending, the growable typed arrays every part appends entries, tests and
 * edges to before assemble() sorts them into cells. Kept apart so the ring
 * clipping and the assembly both depend on it and not on each other.
 */

/** Test flags. */
export const PARITY = 1;
/** The test starts a polygon (its outer ring); the tests after it up to the next OUTER are its holes. */
export const OUTER = 2;
/** The test is a circle: its one "edge" holds (lon, lat, radiusM, 0). */
export const CIRCLE = 4;

export interface Grid {
  x0: number;
  y0: number;
  s: number;
  inv: number;
  nx: number;
  ny: number;
  eps: number;
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

export class GrowF64 {
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
export class Pending {
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

export function cellX(g: Grid, x: number): number {
  return Math.min(g.nx - 1, Math.max(0, Math.floor((x - g.x0) * g.inv)));
}
export function cellY(g: Grid, y: number): number {
  return Math.min(g.ny - 1, Math.max(0, Math.floor((y - g.y0) * g.inv)));
}
