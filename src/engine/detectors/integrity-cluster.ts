/**
 * Degraded navigation integrity as interference context: several aircraft in
 * one cell reporting poor GNSS accuracy within a short window (GPSJam's
 * practice, over minutes instead of a day; docs/detectors.md).
 *
 * A report is degraded when its NACp is below `nacpBelow` (default 8), or,
 * without a NACp, when its NIC is below 7: FAA 14 CFR 91.227 asks ADS-B Out
 * for NACp >= 8 (EPU < 0.05 NM) and NIC >= 7 (Rc < 0.2 NM), so either below
 * is below what the mandate requires. A report with neither says nothing.
 *
 * Per cell of `cellDeg` degrees, the distinct aircraft with a degraded report
 * in the window (t - windowMs, t] are kept in order of arrival; when there are
 * `minAircraft` of them, one event. The episode lasts until the cell has gone
 * windowMs without a degraded report; then a new episode may fire.
 *
 * Memory: a cell exists while it has reports in the window; a sweep once per
 * windowMs of observed time drops the others (amortised O(1) per report) and
 * keeps their storage for reuse, so a steady feed allocates nothing.
 */

export interface IntegrityClusterOptions {
  /** NACp below this is degraded. */
  nacpBelow: number;
  /** Distinct degraded aircraft in one cell and window that make an event. */
  minAircraft: number;
  windowMs: number;
  /** Cell size, degrees of lon and lat; 180 must be a whole multiple of it. */
  cellDeg: number;
}

export interface IntegrityClusterEvent {
  /** Cell centre. */
  cellLon: number;
  cellLat: number;
  /** The report that made the cell reach minAircraft. */
  tMs: number;
  /** Dense track indices, distinct, in the order of their first degraded report in the window. */
  aircraft: number[];
  /**
   * All aircraft reports in the cell, degraded or not, over the last 15/16 to
   * 16/16 of the window (counted in sixteenths of it).
   */
  reports: number;
}

/** GPSJam: NACp below 8 is bad navigation accuracy. */
export const DEFAULT_NACP_BELOW = 8;
/** Without a NACp: NIC below 7 (containment radius 0.2 NM or more). */
export const NIC_BELOW = 7;
export const DEFAULT_CLUSTER_MIN_AIRCRAFT = 3;
export const DEFAULT_CLUSTER_WINDOW_MS = 15 * 60_000;
/**
 * One degree: about 111 km north-south, 60-90 km east-west in the latitudes
 * of most conflict airspace. A ground jammer reaches aircraft at altitude over
 * its radio horizon, a few hundred km, so the cluster it causes spans cells of
 * this size, while a cell stays small enough to say which region is affected.
 */
export const DEFAULT_CELL_DEG = 1;

/** Report counts per cell are kept in this many slices of the window. */
const BUCKETS = 16;
/** Dropped cells kept for reuse; beyond this they go to the garbage collector. */
const POOL_MAX = 256;

class Cell {
  key = 0;
  ix = 0;
  iy = 0;
  /** Degraded aircraft in the window and their latest degraded report, in arrival order. */
  tracks = new Int32Array(4);
  times = new Float64Array(4);
  n = 0;
  inEpisode = false;
  lastReportMs = Number.NEGATIVE_INFINITY;
  buckets = new Int32Array(BUCKETS);
  lastBucket = Number.NEGATIVE_INFINITY;

  reset(key: number, ix: number, iy: number): void {
    this.key = key;
    this.ix = ix;
    this.iy = iy;
    this.n = 0;
    this.inEpisode = false;
    this.lastReportMs = Number.NEGATIVE_INFINITY;
    this.buckets.fill(0);
    this.lastBucket = Number.NEGATIVE_INFINITY;
  }
}

export class IntegrityClusterDetector {
  readonly #nacpBelow: number;
  readonly #minAircraft: number;
  readonly #windowMs: number;
  readonly #cellDeg: number;
  readonly #nx: number;
  readonly #ny: number;
  readonly #bucketMs: number;
  readonly #cells = new Map<number, Cell>();
  readonly #pool: Cell[] = [];
  #nextSweepMs = Number.NEGATIVE_INFINITY;
  #invalid = 0;

  constructor(options: IntegrityClusterOptions) {
    const { nacpBelow, minAircraft, windowMs, cellDeg } = options;
    if (!Number.isFinite(nacpBelow)) {
      throw new Error(`IntegrityClusterDetector: expected a finite nacpBelow, got ${nacpBelow}`);
    }
    if (!Number.isInteger(minAircraft) || minAircraft < 1) {
      throw new Error(
        `IntegrityClusterDetector: expected an integer minAircraft >= 1, got ${minAircraft}`,
      );
    }
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
      throw new Error(`IntegrityClusterDetector: expected a finite windowMs > 0, got ${windowMs}`);
    }
    const perHalfTurn = 180 / cellDeg;
    if (!(cellDeg > 0) || cellDeg > 180 || Math.abs(perHalfTurn - Math.round(perHalfTurn)) > 1e-9) {
      throw new Error(
        `IntegrityClusterDetector: expected a cellDeg that divides 180 (0.25, 0.5, 1, 2, …), got ${cellDeg}`,
      );
    }
    this.#nacpBelow = nacpBelow;
    this.#minAircraft = minAircraft;
    this.#windowMs = windowMs;
    this.#cellDeg = cellDeg;
    this.#ny = Math.round(perHalfTurn);
    this.#nx = 2 * this.#ny;
    this.#bucketMs = windowMs / BUCKETS;
  }

  /** Cells with reports in the window (and some not yet swept). */
  get cells(): number {
    return this.#cells.size;
  }

  /** Reports dropped for a position off the globe or a time that is not a number. */
  get invalid(): number {
    return this.#invalid;
  }

  /** Bytes of the typed arrays of live and pooled cells. */
  get byteLength(): number {
    let b = 0;
    for (const c of this.#cells.values()) b += cellBytes(c);
    for (const c of this.#pool) b += cellBytes(c);
    return b;
  }

  /** One aircraft report; an event, when this report makes its cell reach minAircraft, goes to `out`. */
  observe(
    track: number,
    tMs: number,
    lon: number,
    lat: number,
    nacP: number | undefined,
    nic: number | undefined,
    out: IntegrityClusterEvent[],
  ): void {
    // Bad input is normal traffic: counted and skipped, never thrown.
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) || Number.isNaN(tMs)) {
      this.#invalid++;
      return;
    }
    if (tMs >= this.#nextSweepMs) {
      this.#sweep(tMs);
      this.#nextSweepMs = tMs + this.#windowMs;
    }
    const cd = this.#cellDeg;
    let ix = Math.floor((lon + 180) / cd);
    if (ix >= this.#nx) ix -= this.#nx; // 180°E is 180°W
    let iy = Math.floor((lat + 90) / cd);
    if (iy >= this.#ny) iy = this.#ny - 1; // the pole belongs to the last row
    const key = iy * this.#nx + ix;
    let cell = this.#cells.get(key);
    if (cell === undefined) {
      cell = this.#pool.pop() ?? new Cell();
      cell.reset(key, ix, iy);
      this.#cells.set(key, cell);
    }
    if (tMs > cell.lastReportMs) cell.lastReportMs = tMs;
    this.#countReport(cell, tMs);

    const degraded =
      nacP !== undefined ? nacP < this.#nacpBelow : nic !== undefined && nic < NIC_BELOW;
    if (!degraded) return;

    // Drop aircraft whose latest degraded report left the window, keeping arrival order; an
    // aircraft whose own entry left is appended again, as a newcomer.
    const oldest = tMs - this.#windowMs;
    const tracks = cell.tracks;
    const times = cell.times;
    let w = 0;
    let found = -1;
    for (let r = 0; r < cell.n; r++) {
      const tm = times[r]!;
      if (tm <= oldest) continue;
      const tr = tracks[r]!;
      if (tr === track) found = w;
      tracks[w] = tr;
      times[w] = tm;
      w++;
    }
    // Nothing degraded in the window before this report: the cell went a whole window
    // without one, so its episode is over and this report may start the next.
    if (w === 0) cell.inEpisode = false;
    cell.n = w;
    if (found >= 0) {
      if (tMs > times[found]!) times[found] = tMs;
    } else {
      if (w === tracks.length) growLists(cell);
      cell.tracks[w] = track;
      cell.times[w] = tMs;
      cell.n = w + 1;
    }
    if (cell.n >= this.#minAircraft && !cell.inEpisode) {
      cell.inEpisode = true;
      out.push({
        cellLon: -180 + (cell.ix + 0.5) * cd,
        cellLat: -90 + (cell.iy + 0.5) * cd,
        tMs,
        aircraft: Array.from(cell.tracks.subarray(0, cell.n)),
        reports: this.#reportsIn(cell),
      });
    }
  }

  #countReport(cell: Cell, tMs: number): void {
    const b = Math.floor(tMs / this.#bucketMs);
    const last = cell.lastBucket;
    const buckets = cell.buckets;
    if (b > last) {
      // Slices the window slid past are emptied before reuse.
      const d = Math.min(b - last, BUCKETS);
      for (let k = 1; k <= d; k++) buckets[slotOf(b - d + k)] = 0;
      cell.lastBucket = b;
    } else if (b <= last - BUCKETS) {
      return; // older than every slice kept
    }
    buckets[slotOf(b)]!++;
  }

  #reportsIn(cell: Cell): number {
    let s = 0;
    for (let k = 0; k < BUCKETS; k++) s += cell.buckets[k]!;
    return s;
  }

  /** Drops cells with no report in the window ending at nowMs; their storage is kept for reuse. */
  #sweep(nowMs: number): void {
    const oldest = nowMs - this.#windowMs;
    for (const [key, cell] of this.#cells) {
      if (cell.lastReportMs > oldest) continue;
      this.#cells.delete(key);
      if (this.#pool.length < POOL_MAX) this.#pool.push(cell);
    }
  }
}

/** The slice a bucket number lands in; times before 1970 give negative numbers. */
function slotOf(b: number): number {
  const m = b % BUCKETS;
  return m < 0 ? m + BUCKETS : m;
}

function growLists(cell: Cell): void {
  const cap = cell.tracks.length * 2;
  const tracks = new Int32Array(cap);
  const times = new Float64Array(cap);
  tracks.set(cell.tracks);
  times.set(cell.times);
  cell.tracks = tracks;
  cell.times = times;
}

function cellBytes(c: Cell): number {
  return c.tracks.byteLength + c.times.byteLength + c.buckets.byteLength;
}
