/**
 * The engine's track state, struct-of-arrays keyed by a dense index: one Map
 * lookup from track id to index per report, then typed arrays. Nothing is
 * allocated per report once a track exists: the latest observation is held
 * by reference (the caller made it), zone membership is rewritten in place.
 *
 * Zone membership is kept by zone id (stable across agreement versions) in
 * per-track arrays that exist only for tracks inside some zone; most tracks
 * are in none and share one empty array.
 */
import type { Observation, Track, TrackKind, TrackStatic } from '../core/types.js';

export const KIND_CODE: Readonly<Record<TrackKind, number>> = { vessel: 0, aircraft: 1, ground: 2 };

const EMPTY: readonly string[] = Object.freeze([]);

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
   * The latest report's time, lon and lat, as in `last`, three numbers per
   * track side by side: a step reads them together, and with a million
   * tracks each separate array would be one more cache miss.
   */
  lastAt = new Float64Array(3 * 1024);
  firstSeenMs = new Float64Array(1024);
  count = new Int32Array(1024);
  /** Speed over ground at the latest report: reported, else implied; NaN if unknown. */
  speedKn = new Float64Array(1024);
  /** The zone grid cell of the latest report and the serial of the compiled version it belongs to. */
  cell = new Int32Array(1024);
  cellVersion = new Int32Array(1024);
  /**
   * Bit j: per-report rule j of the track's kind names this track (its lists,
   * flags, types, exemptions), valid for the compiled version whose serial
   * is in `namedSerial`; -1 there when static data changed since.
   */
  namedMask = new Int32Array(1024);
  namedSerial = new Int32Array(1024);
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
    this.firstSeenMs[i] = obs.tMs;
    this.count[i] = 0;
    this.speedKn[i] = Number.NaN;
    this.cell[i] = -1;
    this.cellVersion[i] = -1;
    this.namedSerial[i] = -1;
    this.setLast(i, obs);
    return i;
  }

  /** The track's latest report is now obs. */
  setLast(i: number, obs: Observation): void {
    this.last[i] = obs;
    const a = this.lastAt;
    a[3 * i] = obs.tMs;
    a[3 * i + 1] = obs.lon;
    a[3 * i + 2] = obs.lat;
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
      firstSeenMs: this.firstSeenMs[i]!,
      observationCount: this.count[i]!,
      zoneIds: [...this.zoneIdsOf(i)],
    };
  }

  /** Bytes held per track by the typed arrays (the rest is the observation itself). */
  get typedBytesPerTrack(): number {
    return 3 * 8 + 8 + 4 + 8 + 4 + 4 + 4 + 4;
  }

  #grow(): void {
    const n = this.#capacity * 2;
    this.lastAt = growF64(this.lastAt, 3 * n);
    this.firstSeenMs = growF64(this.firstSeenMs, n);
    this.count = growI32(this.count, n);
    this.speedKn = growF64(this.speedKn, n);
    this.cell = growI32(this.cell, n);
    this.cellVersion = growI32(this.cellVersion, n);
    this.namedMask = growI32(this.namedMask, n);
    this.namedSerial = growI32(this.namedSerial, n);
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

function growI32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
