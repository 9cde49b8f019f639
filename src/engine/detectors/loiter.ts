/**
 * Loitering (Global Fishing Watch): a vessel moving slower than `speedKn`
 * without a break for at least `minDurationMs`, not in port.
 *
 * A primitive, stateful, pure state machine per dense track index. The engine
 * decides which reports a rule applies to, supplies the speed (reported SOG or
 * implied from the previous position) and whether the report is in a port
 * zone, and turns the events into Detections. One instance per rule.
 *
 * State is struct-of-arrays, indexed by the engine's dense track index and
 * grown by doubling (as Flatbush keeps its tree): 33 bytes a track, nothing
 * allocated per report except the event object when a run fires.
 *
 * A run starts at the first slow report and is broken by a report that is not
 * slow (speed >= speedKn, or unknown: NaN), a report in port, or a gap between
 * two reports longer than `maxGapMs` (across such a gap we cannot say the
 * vessel loitered, so the later report starts a new run). It fires once, at
 * the first report where `tMs - startMs >= minDurationMs`.
 */
export interface LoiterOptions {
  speedKn: number;
  minDurationMs: number;
  /** A gap between reports longer than this breaks the run (we cannot say it loitered). */
  maxGapMs: number;
}

export interface LoiterEvent {
  track: number;
  /** The run's first report. */
  startMs: number;
  /** The report at which the run reached minDurationMs. */
  tMs: number;
  startLon: number;
  startLat: number;
  lon: number;
  lat: number;
}

/** Capacity of a fresh detector, in tracks; doubled as indices grow past it. */
const INITIAL_CAPACITY = 64;

export class LoiterDetector {
  readonly #speedKn: number;
  readonly #minMs: number;
  readonly #maxGapMs: number;
  #cap = 0;
  /** Start of the current run; NaN when there is none. */
  #start = new Float64Array(0);
  /** The track's latest report time (in a run or not); NaN before the first. */
  #last = new Float64Array(0);
  #startLon = new Float64Array(0);
  #startLat = new Float64Array(0);
  /** 1 once the current run has fired. */
  #fired = new Uint8Array(0);

  constructor(options: LoiterOptions) {
    const { speedKn, minDurationMs, maxGapMs } = options;
    if (!(speedKn > 0 && Number.isFinite(speedKn)))
      throw new Error(`LoiterDetector: expected speedKn > 0, got ${speedKn}`);
    if (!(minDurationMs >= 0 && Number.isFinite(minDurationMs)))
      throw new Error(`LoiterDetector: expected minDurationMs >= 0, got ${minDurationMs}`);
    if (!(maxGapMs > 0)) throw new Error(`LoiterDetector: expected maxGapMs > 0, got ${maxGapMs}`);
    this.#speedKn = speedKn;
    this.#minMs = minDurationMs;
    this.#maxGapMs = maxGapMs;
  }

  /** Bytes held by the per-track arrays. */
  get byteLength(): number {
    return this.#cap * (4 * 8 + 1);
  }

  /**
   * One report of a vessel the rule applies to. `inPort`: the report is inside
   * a port zone (a run there does not count and is reset). Pushes at most one
   * event per run, at the first report where the run has lasted minDurationMs.
   * A report older than the track's latest is ignored (the engine drops those).
   */
  observe(
    track: number,
    tMs: number,
    lon: number,
    lat: number,
    speedKn: number,
    inPort: boolean,
    out: LoiterEvent[],
  ): void {
    // A negative or fractional index fails the first test and throws in #grow.
    if (track >>> 0 !== track || track >= this.#cap) this.#grow(track);
    const last = this.#last[track]!;
    if (tMs < last) return;
    this.#last[track] = tMs;
    // `!(a < b)` so that an unknown (NaN) speed breaks the run too.
    if (inPort || !(speedKn < this.#speedKn)) {
      this.#start[track] = Number.NaN;
      return;
    }
    let start = this.#start[track]!;
    // No run yet (NaN), or the gap since the previous report is too long.
    if (!(tMs - last <= this.#maxGapMs) || Number.isNaN(start)) {
      start = tMs;
      this.#start[track] = tMs;
      this.#startLon[track] = lon;
      this.#startLat[track] = lat;
      this.#fired[track] = 0;
    }
    if (this.#fired[track] === 0 && tMs - start >= this.#minMs) {
      this.#fired[track] = 1;
      out.push({
        track,
        startMs: start,
        tMs,
        startLon: this.#startLon[track]!,
        startLat: this.#startLat[track]!,
        lon,
        lat,
      });
    }
  }

  /** Drop what is known of a track (the engine dropped it, or reuses its index). */
  forget(track: number): void {
    if (!(track < this.#cap)) return;
    this.#start[track] = Number.NaN;
    this.#last[track] = Number.NaN;
    this.#fired[track] = 0;
  }

  #grow(track: number): void {
    if (!(track >= 0 && Number.isInteger(track)))
      throw new Error(`LoiterDetector: expected a dense track index >= 0, got ${track}`);
    let cap = Math.max(this.#cap, INITIAL_CAPACITY);
    while (cap <= track) cap *= 2;
    this.#start = growF64(this.#start, cap);
    this.#last = growF64(this.#last, cap);
    this.#startLon = growF64(this.#startLon, cap);
    this.#startLat = growF64(this.#startLat, cap);
    const fired = new Uint8Array(cap);
    fired.set(this.#fired);
    this.#fired = fired;
    this.#cap = cap;
  }
}

/** A copy of `a` with room for `cap`, the new slots NaN ("nothing known"). */
function growF64(a: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  b.fill(Number.NaN, a.length);
  return b;
}
