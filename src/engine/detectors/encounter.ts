/**
 * Encounters (Global Fishing Watch): two vessels within `distanceM` of each
 * other for at least `minDurationMs`, both slower than `speedKn`.
 *
 * A primitive, stateful, pure state machine over the engine's dense track
 * indices; the engine picks the reports a rule applies to, supplies the
 * speed, and turns events into Detections. One instance per rule.
 *
 * Neighbours come from a spatial hash of the latest position of each slow
 * vessel, so a report costs what is near it, not the number of vessels:
 * - Cells: latitude bands `distanceM` tall; each band is cut into a whole
 *   number of columns (so the antimeridian is a column border like any other,
 *   and columns wrap) at least `distanceM` wide on the band's poleward edge,
 *   where they are narrowest. The band touching a pole is one cell.
 * - Query: the exact bounding box of the spherical cap of radius distanceM
 *   (half-width in longitude asin(sin δ / cos φ); every longitude when the
 *   cap reaches a pole), widened by 1e-6° against rounding. That is the
 *   3 bands around the report and 2 or 3 columns in each, more only where
 *   the cap reaches a pole, so no pair is missed near poles or antimeridian.
 * - Cells map to buckets by a hash (Teschner et al. 2003): no key is stored,
 *   two cells may share a bucket, and the distance test drops the strangers.
 *   Buckets are linked lists through per-track Int32Arrays, the table a power
 *   of two at least twice the vessels in it, rehashed on doubling.
 *
 * Pairs live in typed arrays (slots reused through a free list), found by a
 * Map from a * 2^26 + b (a < b, so track indices must stay below 2^26) and
 * linked into a list per track so that a vessel's pairs are found without a
 * scan. The Map and the events are all that allocate, and only where two
 * slow vessels are within distanceM.
 *
 * A pair's run: at each report of either vessel, both slow, the other's
 * latest position not older than maxGapMs and within distanceM (inclusive).
 * It starts at the report that first finds them together and is broken when
 * either reports a speed that is not below speedKn (or unknown), when a
 * report finds the other (fresh) farther than distanceM, or when maxGapMs
 * passes without a report that finds them together. It fires once, at the
 * first report where `lastMs - startMs >= minDurationMs`.
 */
import { distanceM, EARTH_RADIUS_M } from '../../core/geometry.js';

export interface EncounterOptions {
  distanceM: number;
  minDurationMs: number;
  speedKn: number;
  /** A pair not seen together within this is broken; also how stale a neighbour's position may be. */
  maxGapMs: number;
}

export interface EncounterEvent {
  /** Dense track indices, a < b. */
  a: number;
  b: number;
  startMs: number;
  tMs: number;
  /** Midpoint at tMs: the reporting vessel and the other's latest position. */
  lon: number;
  lat: number;
  distanceM: number;
}

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
const M_PER_DEG = EARTH_RADIUS_M * RAD;
/** Pair keys are a * PAIR_SHIFT + b: exact in a double while a, b < 2^26. */
const PAIR_SHIFT = 2 ** 26;
/** Slack on the query box, degrees (about 11 cm): cell borders rounded either way still fall inside. */
const SLACK_DEG = 1e-6;

export class EncounterDetector {
  readonly #maxM: number;
  readonly #minMs: number;
  readonly #speedKn: number;
  readonly #maxGapMs: number;
  /** Band height, degrees; band count. */
  readonly #bandDeg: number;
  readonly #bands: number;
  /** Cap radius in radians (with slack), its sine. */
  readonly #capRad: number;
  readonly #sinCap: number;

  // Per track (dense index), grown by doubling.
  #cap = 0;
  /** Latest report time; NaN before the first or after forget. */
  #t = new Float64Array(0);
  #lon = new Float64Array(0);
  #lat = new Float64Array(0);
  /** Band and column of the cell while in the hash (slow); band -1 otherwise. */
  #band = new Int32Array(0);
  #col = new Int32Array(0);
  #next = new Int32Array(0);
  #prev = new Int32Array(0);
  /** Query stamp, so a track reached through two buckets is looked at once. */
  #seen = new Float64Array(0);
  /** First pair slot of the track's pair list, -1 for none. */
  #pairHead = new Int32Array(0);

  // The hash: bucket heads (track index, -1 empty), a power of two long.
  #heads = new Int32Array(0).fill(-1);
  #mask = -1;
  #hashed = 0;

  // Pairs, by slot. nextA/prevA link the slot into a's list, nextB/prevB into b's.
  #pairCap = 0;
  #pa = new Int32Array(0);
  #pb = new Int32Array(0);
  #pStart = new Float64Array(0);
  #pLast = new Float64Array(0);
  #pFired = new Uint8Array(0);
  /** Stamp of the last query that found the pair together. */
  #pSeen = new Float64Array(0);
  #nextA = new Int32Array(0);
  #prevA = new Int32Array(0);
  #nextB = new Int32Array(0);
  #prevB = new Int32Array(0);
  #freePair = -1;
  #pairs = new Map<number, number>();

  #q = 0;
  #prunedAtMs = Number.NaN;

  constructor(options: EncounterOptions) {
    const { distanceM: maxM, minDurationMs, speedKn, maxGapMs } = options;
    // Below 1 m the bands would outnumber an Int32; no agreement needs that.
    if (!(maxM >= 1 && maxM < 1e6))
      throw new Error(`EncounterDetector: expected 1 <= distanceM < 1e6, got ${maxM}`);
    if (!(minDurationMs >= 0 && Number.isFinite(minDurationMs)))
      throw new Error(`EncounterDetector: expected minDurationMs >= 0, got ${minDurationMs}`);
    if (!(speedKn > 0 && Number.isFinite(speedKn)))
      throw new Error(`EncounterDetector: expected speedKn > 0, got ${speedKn}`);
    if (!(maxGapMs > 0))
      throw new Error(`EncounterDetector: expected maxGapMs > 0, got ${maxGapMs}`);
    this.#maxM = maxM;
    this.#minMs = minDurationMs;
    this.#speedKn = speedKn;
    this.#maxGapMs = maxGapMs;
    this.#bandDeg = maxM / M_PER_DEG;
    this.#bands = Math.ceil(180 / this.#bandDeg);
    this.#capRad = (maxM / EARTH_RADIUS_M) * (1 + 1e-9) + SLACK_DEG * RAD;
    this.#sinCap = Math.sin(this.#capRad);
    this.#resizeHash(64);
  }

  /** Bytes held by the typed arrays (the pair Map's own memory is not counted). */
  get byteLength(): number {
    let n = this.#heads.byteLength + this.#pFired.byteLength;
    for (const x of [
      this.#t,
      this.#lon,
      this.#lat,
      this.#seen,
      this.#pStart,
      this.#pLast,
      this.#pSeen,
    ])
      n += x.byteLength;
    for (const x of [this.#band, this.#col, this.#next, this.#prev, this.#pairHead])
      n += x.byteLength;
    for (const x of [this.#pa, this.#pb, this.#nextA, this.#prevA, this.#nextB, this.#prevB])
      n += x.byteLength;
    return n;
  }

  /** Pairs with state: in a run, fired or not, until broken or pruned. */
  get activePairs(): number {
    return this.#pairs.size;
  }

  observe(
    track: number,
    tMs: number,
    lon: number,
    lat: number,
    speedKn: number,
    out: EncounterEvent[],
  ): void {
    // A negative or fractional index fails the first test and throws in #grow.
    if (track >>> 0 !== track || track >= this.#cap) this.#grow(track);
    if (tMs < this.#t[track]!) return; // older than what we hold: the engine drops those
    this.#t[track] = tMs;
    this.#lon[track] = lon;
    this.#lat[track] = lat;
    // `!(a < b)` so that an unknown (NaN) speed counts as not slow.
    if (!(speedKn < this.#speedKn)) {
      if (this.#band[track]! >= 0) this.#unhash(track);
      this.#dropPairsOf(track);
      return;
    }
    this.#place(track, lat, lon);
    const q = this.#nextStamp();

    // Neighbours: the cells under the cap's bounding box.
    const capDeg = this.#capRad * DEG;
    const b0 = this.#bandOf(lat - capDeg);
    const b1 = this.#bandOf(lat + capDeg);
    const cosLat = Math.cos(lat * RAD);
    // The cap reaches a pole: every longitude is within reach.
    const ratio = this.#sinCap / cosLat;
    const dLon = Math.abs(lat) + capDeg >= 90 || !(ratio < 1) ? 360 : Math.asin(ratio) * DEG;
    for (let b = b0; b <= b1; b++) {
      const n = this.#colsOf(b);
      const w = 360 / n;
      let c0 = Math.floor((lon - dLon + 180) / w);
      let c1 = Math.floor((lon + dLon + 180) / w);
      if (c1 - c0 + 1 >= n) {
        c0 = 0;
        c1 = n - 1;
      }
      for (let c = c0; c <= c1; c++) {
        const cw = ((c % n) + n) % n;
        for (let j = this.#heads[hashCell(b, cw) & this.#mask]!; j !== -1; j = this.#next[j]!) {
          if (this.#seen[j] === q) continue;
          this.#seen[j] = q;
          if (j === track) continue;
          const tj = this.#t[j]!;
          if (!(Math.abs(tMs - tj) <= this.#maxGapMs)) continue;
          const latj = this.#lat[j]!;
          if (Math.abs(latj - lat) > capDeg) continue;
          const lonj = this.#lon[j]!;
          const d = distanceM(lon, lat, lonj, latj);
          if (d <= this.#maxM) this.#together(track, j, tMs, lon, lat, lonj, latj, d, q, out);
        }
      }
    }

    // The track's pairs this report did not find together.
    for (let p = this.#pairHead[track]!; p !== -1; ) {
      const isA = this.#pa[p] === track;
      const next = isA ? this.#nextA[p]! : this.#nextB[p]!;
      if (this.#pSeen[p] !== q) {
        const j = isA ? this.#pb[p]! : this.#pa[p]!;
        // A slow partner with a fresh position was searched for and is out of
        // reach: broken. A stale one breaks only when the run has aged out.
        const fresh = this.#band[j]! >= 0 && Math.abs(tMs - this.#t[j]!) <= this.#maxGapMs;
        if (fresh || !(tMs - this.#pLast[p]! <= this.#maxGapMs)) this.#dropPair(p);
      }
      p = next;
    }
  }

  /**
   * Drop state of pairs and positions older than nowMs - maxGapMs. A full
   * scan, done at most once per maxGapMs / 4 of data time: calls in between
   * return at once, so the engine may call this on every step. What a skipped
   * call would have dropped is too old for observe to use meanwhile.
   */
  prune(nowMs: number): void {
    const since = nowMs - this.#prunedAtMs;
    if (since >= 0 && since < this.#maxGapMs / 4) return;
    this.#prunedAtMs = nowMs;
    const cutoff = nowMs - this.#maxGapMs;
    for (let i = 0; i < this.#cap; i++) {
      if (this.#band[i]! >= 0 && this.#t[i]! < cutoff) this.#unhash(i);
    }
    for (const p of this.#pairs.values()) {
      if (this.#pLast[p]! < cutoff) this.#dropPair(p);
    }
  }

  /** Drop what is known of a track (the engine dropped it, or reuses its index). */
  forget(track: number): void {
    if (!(track < this.#cap)) return;
    if (this.#band[track]! >= 0) this.#unhash(track);
    this.#dropPairsOf(track);
    this.#t[track] = Number.NaN;
  }

  /** i (reporting at tMs) and j are within distance: start or extend their run. */
  #together(
    i: number,
    j: number,
    tMs: number,
    lon: number,
    lat: number,
    lonj: number,
    latj: number,
    d: number,
    q: number,
    out: EncounterEvent[],
  ): void {
    const a = Math.min(i, j);
    const b = Math.max(i, j);
    const key = a * PAIR_SHIFT + b;
    let p = this.#pairs.get(key);
    if (p === undefined) {
      p = this.#newPair(a, b, key, tMs);
    } else if (!(tMs - this.#pLast[p]! <= this.#maxGapMs)) {
      // Not seen together for too long: a new run.
      this.#pStart[p] = tMs;
      this.#pFired[p] = 0;
    }
    this.#pSeen[p] = q;
    if (tMs > this.#pLast[p]!) this.#pLast[p] = tMs;
    const start = this.#pStart[p]!;
    if (this.#pFired[p] === 0 && this.#pLast[p]! - start >= this.#minMs) {
      this.#pFired[p] = 1;
      // Unwrap across the antimeridian before averaging.
      let dl = lonj - lon;
      if (dl > 180) dl -= 360;
      else if (dl < -180) dl += 360;
      let mLon = lon + dl / 2;
      if (mLon >= 180) mLon -= 360;
      else if (mLon < -180) mLon += 360;
      out.push({ a, b, startMs: start, tMs, lon: mLon, lat: (lat + latj) / 2, distanceM: d });
    }
  }

  #newPair(a: number, b: number, key: number, tMs: number): number {
    if (this.#freePair === -1) this.#growPairs();
    const p = this.#freePair;
    this.#freePair = this.#nextA[p]!;
    this.#pa[p] = a;
    this.#pb[p] = b;
    this.#pStart[p] = tMs;
    this.#pLast[p] = tMs;
    this.#pFired[p] = 0;
    // Push onto the front of a's list and of b's list.
    const ha = this.#pairHead[a]!;
    this.#nextA[p] = ha;
    this.#prevA[p] = -1;
    if (ha !== -1) this.#setPrev(ha, a, p);
    this.#pairHead[a] = p;
    const hb = this.#pairHead[b]!;
    this.#nextB[p] = hb;
    this.#prevB[p] = -1;
    if (hb !== -1) this.#setPrev(hb, b, p);
    this.#pairHead[b] = p;
    this.#pairs.set(key, p);
    return p;
  }

  /** In `track`'s list, slot p's predecessor becomes v. */
  #setPrev(p: number, track: number, v: number): void {
    if (this.#pa[p] === track) this.#prevA[p] = v;
    else this.#prevB[p] = v;
  }

  #setNext(p: number, track: number, v: number): void {
    if (this.#pa[p] === track) this.#nextA[p] = v;
    else this.#nextB[p] = v;
  }

  #dropPair(p: number): void {
    const a = this.#pa[p]!;
    const b = this.#pb[p]!;
    const na = this.#nextA[p]!;
    const pa = this.#prevA[p]!;
    if (pa === -1) this.#pairHead[a] = na;
    else this.#setNext(pa, a, na);
    if (na !== -1) this.#setPrev(na, a, pa);
    const nb = this.#nextB[p]!;
    const pb = this.#prevB[p]!;
    if (pb === -1) this.#pairHead[b] = nb;
    else this.#setNext(pb, b, nb);
    if (nb !== -1) this.#setPrev(nb, b, pb);
    this.#pairs.delete(a * PAIR_SHIFT + b);
    this.#pa[p] = -1;
    this.#nextA[p] = this.#freePair;
    this.#freePair = p;
  }

  #dropPairsOf(track: number): void {
    while (this.#pairHead[track] !== -1) this.#dropPair(this.#pairHead[track]!);
  }

  #bandOf(lat: number): number {
    const b = Math.floor((lat + 90) / this.#bandDeg);
    return b < 0 ? 0 : b >= this.#bands ? this.#bands - 1 : b;
  }

  /** Columns of band b: as many as fit at least distanceM wide on its poleward edge. */
  #colsOf(b: number): number {
    const lo = -90 + b * this.#bandDeg;
    const pole = Math.min(90, Math.max(Math.abs(lo), Math.abs(lo + this.#bandDeg)));
    const n = Math.floor((360 * M_PER_DEG * Math.cos(pole * RAD)) / this.#maxM);
    return Math.max(n, 1);
  }

  /** Puts (or moves) the track into the bucket of its cell. */
  #place(i: number, lat: number, lon: number): void {
    const b = this.#bandOf(lat);
    const n = this.#colsOf(b);
    let x = lon + 180;
    x -= 360 * Math.floor(x / 360);
    // x may round to 360 exactly: the modulo folds it onto column 0, as the query does.
    const c = Math.floor(x / (360 / n)) % n;
    if (this.#band[i] === b && this.#col[i] === c) return;
    if (this.#band[i]! >= 0) this.#unhash(i);
    this.#band[i] = b;
    this.#col[i] = c;
    this.#link(i);
    if (++this.#hashed * 2 > this.#heads.length) this.#resizeHash(this.#heads.length * 2);
  }

  #link(i: number): void {
    const h = hashCell(this.#band[i]!, this.#col[i]!) & this.#mask;
    const head = this.#heads[h]!;
    this.#next[i] = head;
    this.#prev[i] = -1;
    if (head !== -1) this.#prev[head] = i;
    this.#heads[h] = i;
  }

  #unhash(i: number): void {
    const n = this.#next[i]!;
    const p = this.#prev[i]!;
    if (p === -1) this.#heads[hashCell(this.#band[i]!, this.#col[i]!) & this.#mask] = n;
    else this.#next[p] = n;
    if (n !== -1) this.#prev[n] = p;
    this.#band[i] = -1;
    this.#hashed--;
  }

  #resizeHash(size: number): void {
    this.#heads = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    for (let i = 0; i < this.#cap; i++) if (this.#band[i]! >= 0) this.#link(i);
  }

  #nextStamp(): number {
    // Float64 stamps: 2^53 queries never wrap, so a stale stamp never matches.
    return ++this.#q;
  }

  #grow(track: number): void {
    if (!(track >= 0 && track < PAIR_SHIFT && Number.isInteger(track)))
      throw new Error(`EncounterDetector: expected a dense track index in [0, 2^26), got ${track}`);
    let cap = Math.max(this.#cap, 64);
    while (cap <= track) cap *= 2;
    this.#t = growF64(this.#t, cap, Number.NaN);
    this.#lon = growF64(this.#lon, cap, 0);
    this.#lat = growF64(this.#lat, cap, 0);
    this.#band = growI32(this.#band, cap, -1);
    this.#col = growI32(this.#col, cap, 0);
    this.#next = growI32(this.#next, cap, -1);
    this.#prev = growI32(this.#prev, cap, -1);
    this.#seen = growF64(this.#seen, cap, 0);
    this.#pairHead = growI32(this.#pairHead, cap, -1);
    this.#cap = cap;
  }

  #growPairs(): void {
    const cap = Math.max(this.#pairCap * 2, 64);
    this.#pa = growI32(this.#pa, cap, -1);
    this.#pb = growI32(this.#pb, cap, -1);
    this.#pStart = growF64(this.#pStart, cap, 0);
    this.#pLast = growF64(this.#pLast, cap, 0);
    const fired = new Uint8Array(cap);
    fired.set(this.#pFired);
    this.#pFired = fired;
    this.#pSeen = growF64(this.#pSeen, cap, 0);
    this.#nextA = growI32(this.#nextA, cap, -1);
    this.#prevA = growI32(this.#prevA, cap, -1);
    this.#nextB = growI32(this.#nextB, cap, -1);
    this.#prevB = growI32(this.#prevB, cap, -1);
    // The new slots, in order, become the free list.
    for (let p = cap - 1; p >= this.#pairCap; p--) {
      this.#nextA[p] = this.#freePair;
      this.#freePair = p;
    }
    this.#pairCap = cap;
  }
}

/** Bucket hash of a cell (murmur3's finaliser over both coordinates). */
function hashCell(band: number, col: number): number {
  let h = Math.imul(band, 0x9e3779b1) ^ Math.imul(col, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function growF64(a: Float64Array, cap: number, fill: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

function growI32(a: Int32Array, cap: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
