/**
 * The engine's track state keyed by a dense index: one Map lookup from track
 * id to index per report, then one 64-byte record of numbers per track and a
 * few per-track object arrays. Nothing is allocated per report once a track
 * exists: the latest observation is held by reference (the caller made it),
 * zone membership is rewritten in place.
 *
 * With a million tracks the Map lookup is most of what a report costs beyond
 * what it costs with ten thousand: its table and the id strings are far
 * larger than the caches, and its steps (the id's hash, the bucket, the
 * entry) depend on each other, so their misses cannot overlap
 * (bench/README.md, engine, tracks).
 *
 * Zone membership is kept by zone id (stable across agreement versions) in
 * per-track arrays that exist only for tracks inside some zone; most tracks
 * are in none and share one empty array.
 */
import type { Observation, Track, TrackKind, TrackStatic } from '../core/types.js';

export const KIND_CODE: Readonly<Record<TrackKind, number>> = { vessel: 0, aircraft: 1, ground: 2 };

const EMPTY: readonly string[] = Object.freeze([]);

// A track's record: 8 doubles' worth (64 bytes, one cache line when aligned).
const REC_F64 = 8;
const REC_I32 = 16;
// Doubles 0-4.
const T_MS = 0;
const LON = 1;
const LAT = 2;
/** Speed over ground at the latest report: reported, else implied; NaN if unknown. */
const SPEED_KN = 3;
/** Not read per report: it fills what would be padding. */
const FIRST_SEEN_MS = 4;
// Int32s 10-14 (bytes 40-59), after the doubles.
const COUNT = 10;
/** The zone grid cell of the latest report, and the serial of the compiled version it belongs to. */
const CELL = 11;
const CELL_VERSION = 12;
/**
 * Bit j: per-report rule j of the track's kind names this track (its lists,
 * flags, types, exemptions), valid for the compiled version whose serial is
 * in NAMED_SERIAL; -1 there when static data changed since.
 */
const NAMED_MASK = 13;
const NAMED_SERIAL = 14;

/** Zones a track is inside, with when it entered each (for dwell). */
export interface Membership {
  zoneIds: string[];
  sinceMs: number[];
  /** Per zone, a bit per dwell rule of the zone already reported for this stay. */
  dwellReported: number[];
  /**
   * How many of these zones the latest report was not inside: the track is
   * in their hysteresis band, and the next report must judge them again.
   */
  inBand: number;
}

export class TrackTable {
  readonly #index = new Map<string, number>();
  ids: string[] = [];
  /** The latest report; written through setLast, which mirrors its time and place below. */
  last: Observation[] = [];
  statics: (TrackStatic | undefined)[] = [];
  members: (Membership | undefined)[] = [];
  /**
   * The numbers every report reads or writes, one 64-byte record per track
   * (array-of-structs): the previous report's time and place, speed, count,
   * grid cell, which rules name the track. As separate arrays they were
   * eight cache lines a report; with a million tracks reporting in any order
   * each was a miss. Read and written through the methods below, which V8
   * inlines. `#num` and `#int` are two views of one buffer: track i's
   * doubles are #num[REC_F64 * i + T_MS ..], its int32s #int[REC_I32 * i + COUNT ..].
   */
  #num = new Float64Array(REC_F64 * 1024);
  #int = new Int32Array(this.#num.buffer);
  #capacity = 1024;

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number {
    return this.#index.get(id) ?? -1;
  }

  /** Adds a track seen for the first time at `obs`; returns its index. */
  add(obs: Observation, statics: TrackStatic | undefined): number {
    const i = this.ids.length;
    if (i === this.#capacity) this.#grow();
    this.#index.set(obs.trackId, i);
    this.ids.push(obs.trackId);
    this.last.push(obs);
    this.statics.push(statics);
    this.members.push(undefined);
    this.#num[REC_F64 * i + FIRST_SEEN_MS] = obs.tMs;
    const n = REC_I32 * i;
    this.#int[n + COUNT] = 0;
    this.#num[REC_F64 * i + SPEED_KN] = Number.NaN;
    this.#int[n + CELL] = -1;
    this.#int[n + CELL_VERSION] = -1;
    this.#int[n + NAMED_SERIAL] = -1;
    this.setLast(i, obs);
    return i;
  }

  /** The track's latest report is now obs. */
  setLast(i: number, obs: Observation): void {
    this.last[i] = obs;
    const a = this.#num;
    const r = REC_F64 * i;
    a[r + T_MS] = obs.tMs;
    a[r + LON] = obs.lon;
    a[r + LAT] = obs.lat;
  }

  // The previous report's time and place, kept here so that a step need not
  // read the previous observation, last touched a round of all tracks ago.
  lastMsOf(i: number): number {
    return this.#num[REC_F64 * i + T_MS]!;
  }

  lastLonOf(i: number): number {
    return this.#num[REC_F64 * i + LON]!;
  }

  lastLatOf(i: number): number {
    return this.#num[REC_F64 * i + LAT]!;
  }

  setSpeedKn(i: number, kn: number): void {
    this.#num[REC_F64 * i + SPEED_KN] = kn;
  }

  countOf(i: number): number {
    return this.#int[REC_I32 * i + COUNT]!;
  }

  /** When the track was first seen (restored tracks keep theirs). */
  setFirstSeenMs(i: number, tMs: number): void {
    this.#num[REC_F64 * i + FIRST_SEEN_MS] = tMs;
  }

  setCount(i: number, n: number): void {
    this.#int[REC_I32 * i + COUNT] = n;
  }

  /** Was the latest report in this grid cell (-1: outside the grid) of the version with this serial? */
  isInCell(i: number, cell: number, serial: number): boolean {
    const r = REC_I32 * i;
    return this.#int[r + CELL_VERSION] === serial && this.#int[r + CELL] === cell;
  }

  setCell(i: number, cell: number, serial: number): void {
    const r = REC_I32 * i;
    this.#int[r + CELL] = cell;
    this.#int[r + CELL_VERSION] = serial;
  }

  /**
   * Which per-report rules name the track, if known for the version with this
   * serial; else -1 (never a mask: bit 31 is not used).
   */
  namedMaskUnder(i: number, serial: number): number {
    const r = REC_I32 * i;
    return this.#int[r + NAMED_SERIAL] === serial ? this.#int[r + NAMED_MASK]! : -1;
  }

  setNamedMask(i: number, mask: number, serial: number): void {
    const r = REC_I32 * i;
    this.#int[r + NAMED_MASK] = mask;
    this.#int[r + NAMED_SERIAL] = serial;
  }

  /** Static data changed: which rules name the track is judged again at its next report. */
  forgetNamed(i: number): void {
    this.#int[REC_I32 * i + NAMED_SERIAL] = -1;
  }

  zoneIdsOf(i: number): readonly string[] {
    return this.members[i]?.zoneIds ?? EMPTY;
  }

  /** The track as the rest of the system sees it (allocates: API and store only). */
  toTrack(i: number): Track {
    const s = this.statics[i];
    const last = this.last[i]!;
    return {
      id: this.ids[i]!,
      kind: last.kind,
      ...s,
      last,
      firstSeenMs: this.#num[REC_F64 * i + FIRST_SEEN_MS]!,
      observationCount: this.countOf(i),
      zoneIds: [...this.zoneIdsOf(i)],
    };
  }

  /** Bytes held per track by the typed arrays (the rest is the observation itself). */
  get typedBytesPerTrack(): number {
    return REC_F64 * 8;
  }

  #grow(): void {
    const n = this.#capacity * 2;
    this.#num = growF64(this.#num, REC_F64 * n);
    this.#int = new Int32Array(this.#num.buffer);
    this.#capacity = n;
  }
}

/** A per-track byte of state (episode flags) that grows with the table. */
export class TrackFlags {
  bits = new Uint8Array(1024);

  get(i: number): number {
    return i < this.bits.length ? this.bits[i]! : 0;
  }

  set(i: number, v: number): void {
    if (i >= this.bits.length) {
      let n = this.bits.length * 2;
      while (n <= i) n *= 2;
      const next = new Uint8Array(n);
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[i] = v;
  }
}

function growF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
