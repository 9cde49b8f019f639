/**
 * Going silent: a track that reported regularly stops reporting for
 * `silenceMs` (AIS disabling, "going dark"; docs/detectors.md).
 *
 * Regular means at least `minReports` reports and a typical interval (the
 * median of the last INTERVALS intervals) of at most silenceMs / 4. The median
 * and not a moving average: one earlier gap, or a burst of duplicates through
 * two receivers, moves an average a long way and a median not at all.
 *
 * Feed-health gate: when a deadline comes due and the source that delivered
 * the track's last report has delivered nothing at all for `sourceQuietMs`,
 * the feed dropped, not the vessel. The alert is held back and counted, one
 * FeedOutageEvent per source outage says so, and the track is judged again
 * silenceMs after its source comes back (or re-armed by its own next report).
 *
 * Timers: one live heap entry per track at most. A report only writes a few
 * numbers (amortised O(1)); when the entry pops and the track has reported
 * since, it is pushed again at the real deadline. So a track costs one
 * O(log n) push per silenceMs, however often it reports.
 *
 * Pure: time only moves through observe/noteSourceAlive and advance.
 */
import { TimerHeap } from './timer-heap.js';

export interface SilenceOptions {
  /** No report for this long (at least) is a gap. */
  silenceMs: number;
  /** Reports a track must have made before its gaps count. At least 2. */
  minReports: number;
  /** A source with nothing from any track for this long is down. Infinity turns the gate off. */
  sourceQuietMs: number;
}

export interface SilenceEvent {
  track: number;
  /** The track's last report before the gap. */
  lastMs: number;
  /** When the gap was found: lastMs + silenceMs, or later for a track judged again after a feed outage. */
  tMs: number;
}

export interface FeedOutageEvent {
  source: number;
  /** The source's last report (from any track) before it went quiet. */
  quietSinceMs: number;
  /** The first deadline the outage held back. */
  tMs: number;
  /** Alerts held back by this outage up to the end of the advance() call that raised it; see outageSuppressed(). */
  suppressed: number;
}

/** Global Fishing Watch counts an AIS disabling event after 12 h without a report. */
export const DEFAULT_SILENCE_MS = 12 * 3_600_000;
export const DEFAULT_SILENCE_MIN_REPORTS = 5;
/** MonitorFish flags a feed as down after minutes, not hours, of nothing at all. */
export const DEFAULT_SOURCE_QUIET_MS = 5 * 60_000;

/** Intervals kept per track for the median: enough to outvote one odd gap, few enough to sort in place. */
const INTERVALS = 5;
/** The track was held back by a feed outage and waits for its source to come back. */
const HELD = 1;
/** The track's last report was outside the rule's scope (its area, its period): no gap to judge. */
const OUT = 2;
// A track's record, REC_BYTES bytes; offsets in units of each view's element.
const REC_BYTES = 48;
/** The track's last report (ms); NaN before the first. */
const F_LAST_MS = 0;
/** Due time of the track's one live heap entry; NaN when none (stale entries fail the match). */
const F_ARMED = 1;
const I_COUNT = 4; // bytes 16-19
/** The source that delivered the track's last report. */
const I_SOURCE = 5; // bytes 20-23
/** INTERVALS intervals, ms, a ring. Float32: exact to 4.6 h and within 1e-7 beyond, plenty for a median. */
const F32_INTERVALS = 6; // bytes 24-43
const B_FLAGS = 44;
/** Where the ring's next interval goes. */
const B_RING_POS = 45;
/** Report counts stop here: only "at least minReports" matters, and Int32 must not wrap. */
const COUNT_CAP = 0x3fffffff;

export class SilenceDetector {
  readonly #silenceMs: number;
  readonly #minReports: number;
  readonly #quietMs: number;
  /** The longest typical interval that still counts as regular. */
  readonly #maxIntervalMs: number;
  readonly #heap = new TimerHeap();

  // Per track (dense index), grown by doubling: one 48-byte record per track
  // (REC_BYTES; the offsets below), read through four views of one buffer. A
  // report reads and writes most of it; as seven arrays that was seven cache
  // lines a report, each a miss once a million tracks report in any order.
  #cap = 0;
  /** Doubles: F_LAST_MS, F_ARMED. */
  #f64 = new Float64Array(0);
  /** Int32s: I_COUNT, I_SOURCE. */
  #i32 = new Int32Array(0);
  /** Float32s from F32_INTERVALS, INTERVALS of them. */
  #f32 = new Float32Array(0);
  /** Bytes: B_FLAGS, B_RING_POS. */
  #u8 = new Uint8Array(0);

  // Per source (dense index), grown by doubling.
  #srcLastMs = new Float64Array(0);
  /** quietSinceMs of the source's open outage; NaN when the source is not known to be down. */
  #outageSince = new Float64Array(0);
  /** First report after the source's latest outage; NaN while down or never down. */
  #backMs = new Float64Array(0);
  #outageCount = new Int32Array(0);
  /** Events raised in the current advance() call, still counting; empty between calls. */
  #open: Array<FeedOutageEvent | undefined> = [];

  #suppressed = 0;
  /** Scratch for the median: no allocation when a deadline is judged. */
  readonly #scratch = new Float32Array(INTERVALS);

  constructor(options: SilenceOptions) {
    const { silenceMs, minReports, sourceQuietMs } = options;
    if (!(silenceMs > 0) || !Number.isFinite(silenceMs)) {
      throw new Error(`SilenceDetector: expected a finite silenceMs > 0, got ${silenceMs}`);
    }
    if (!Number.isInteger(minReports) || minReports < 2) {
      throw new Error(`SilenceDetector: expected an integer minReports >= 2, got ${minReports}`);
    }
    if (!(sourceQuietMs > 0)) {
      throw new Error(
        `SilenceDetector: expected sourceQuietMs > 0 (Infinity to turn the gate off), got ${sourceQuietMs}`,
      );
    }
    this.#silenceMs = silenceMs;
    this.#minReports = minReports;
    this.#quietMs = sourceQuietMs;
    this.#maxIntervalMs = silenceMs / 4;
  }

  /** Gap alerts held back by feed outages, all sources, since construction. */
  get suppressed(): number {
    return this.#suppressed;
  }

  /** Alerts held back by the source's current (or latest) outage. */
  outageSuppressed(source: number): number {
    return source >= 0 && source < this.#outageCount.length ? this.#outageCount[source]! : 0;
  }

  /**
   * The earliest timer waiting (stale ones included), Infinity when none:
   * advance() to any earlier time has nothing to do.
   */
  get nextDueMs(): number {
    return this.#heap.peekDue();
  }

  /** Timers waiting, stale ones included. */
  get pendingTimers(): number {
    return this.#heap.size;
  }

  get byteLength(): number {
    return (
      this.#heap.byteLength +
      this.#f64.byteLength +
      this.#srcLastMs.byteLength +
      this.#outageSince.byteLength +
      this.#backMs.byteLength +
      this.#outageCount.byteLength
    );
  }

  /**
   * A report of a track the rule applies to, delivered by `source`. Call
   * advance(tMs) first: a report must not hide a gap whose deadline passed
   * before it. A report not newer than the track's last (a duplicate through a
   * second receiver, a late one) proves the source alive but is otherwise
   * ignored: a zero interval would make any track look regular.
   *
   * `inScope` false: the track reported, but where (or when) the rule does not
   * judge it, say outside the rule's zones. Its rhythm is still learned, but a
   * gap that follows this report is not the rule's to report.
   */
  observe(track: number, source: number, tMs: number, inScope = true): void {
    if (!(track >= 0) || (track | 0) !== track) {
      throw new Error(`SilenceDetector.observe: expected a track index >= 0, got ${track}`);
    }
    this.noteSourceAlive(source, tMs);
    if (track >= this.#cap) this.#growTracks(track + 1);
    const f = (REC_BYTES / 8) * track;
    const n = (REC_BYTES / 4) * track;
    const b = REC_BYTES * track;
    const last = this.#f64[f + F_LAST_MS]!;
    if (tMs <= last) return;
    if (!Number.isNaN(last)) {
      const p = this.#u8[b + B_RING_POS]!;
      this.#f32[n + F32_INTERVALS + p] = tMs - last;
      this.#u8[b + B_RING_POS] = p + 1 === INTERVALS ? 0 : p + 1;
    }
    this.#f64[f + F_LAST_MS] = tMs;
    this.#i32[n + I_SOURCE] = source;
    const c = this.#i32[n + I_COUNT]!;
    if (c < COUNT_CAP) this.#i32[n + I_COUNT] = c + 1;
    const held = this.#u8[b + B_FLAGS]! & HELD;
    this.#u8[b + B_FLAGS] = inScope ? 0 : OUT;
    if (inScope) {
      // A held timer waits for the source and may be later than tMs + S: replace it. Otherwise
      // push only when there is no live timer (NaN); a live one is never later than the new
      // deadline, and when it pops it sees this report and is pushed again, so a report costs
      // no heap work.
      if (held || Number.isNaN(this.#f64[f + F_ARMED]!)) this.#arm(track, tMs + this.#silenceMs);
    } else if (held) {
      this.#f64[f + F_ARMED] = Number.NaN; // its entry goes stale
    }
  }

  /** Any report delivered by `source`, whatever the track: the source is alive. O(1) amortised. */
  noteSourceAlive(source: number, tMs: number): void {
    if (!(source >= 0) || (source | 0) !== source) {
      throw new Error(
        `SilenceDetector.noteSourceAlive: expected a source index >= 0, got ${source}`,
      );
    }
    if (source >= this.#srcLastMs.length) this.#growSources(source + 1);
    const last = this.#srcLastMs[source]!;
    if (tMs > last || Number.isNaN(last)) {
      this.#srcLastMs[source] = tMs;
      if (!Number.isNaN(this.#outageSince[source]!)) {
        // It was down (not NaN) and delivers again: held tracks are judged from now.
        this.#outageSince[source] = Number.NaN;
        this.#backMs[source] = tMs;
      }
    }
  }

  /** Fire what is due at or before nowMs, in time order (silences and outages together). */
  advance(nowMs: number, silences: SilenceEvent[], outages: FeedOutageEvent[]): void {
    const heap = this.#heap;
    const f64 = this.#f64;
    const S = this.#silenceMs;
    const firstOutage = outages.length;
    while (heap.peekDue() <= nowMs) {
      const d = heap.peekDue();
      const i = heap.pop();
      const f = (REC_BYTES / 8) * i;
      const b = REC_BYTES * i;
      if (f64[f + F_ARMED] !== d) continue; // stale: forgotten, or re-armed by a report after an outage
      const src = this.#i32[(REC_BYTES / 4) * i + I_SOURCE]!;
      if (this.#u8[b + B_FLAGS]! & HELD) {
        // Held back by an outage, no report since: wait until silenceMs after the source is back.
        const back = this.#backMs[src]!;
        if (Number.isNaN(back)) {
          this.#arm(i, d + S); // still down: look again in silenceMs
          continue;
        }
        if (back + S > d) {
          this.#arm(i, back + S);
          continue;
        }
        this.#u8[b + B_FLAGS] = 0;
      } else {
        const due = f64[f + F_LAST_MS]! + S;
        if (due > d) {
          this.#arm(i, due); // reported since this entry was pushed
          continue;
        }
        if (this.#u8[b + B_FLAGS]! & OUT || !this.#isRegular(i)) {
          f64[f + F_ARMED] = Number.NaN; // its next report arms it again
          continue;
        }
      }
      // Nothing from any track of the source in (d - quiet, d]: the feed dropped, not the vessel.
      // A source report later than d (tracks interleave) counts as alive.
      if (this.#srcLastMs[src]! <= d - this.#quietMs) {
        this.#hold(i, src, d, outages);
        continue;
      }
      f64[f + F_ARMED] = Number.NaN;
      silences.push({ track: i, lastMs: f64[f + F_LAST_MS]!, tMs: d });
    }
    // Counts in events raised by this call stop here; later ones go to outageSuppressed().
    for (let k = firstOutage; k < outages.length; k++) this.#open[outages[k]!.source] = undefined;
  }

  /** The track is gone (expired, or its index is to be reused): no timer fires for it. */
  forget(track: number): void {
    if (!(track >= 0) || track >= this.#cap) return;
    this.#f64[(REC_BYTES / 8) * track + F_LAST_MS] = Number.NaN;
    this.#f64[(REC_BYTES / 8) * track + F_ARMED] = Number.NaN;
    this.#i32[(REC_BYTES / 4) * track + I_COUNT] = 0;
    this.#u8[REC_BYTES * track + B_FLAGS] = 0;
    this.#u8[REC_BYTES * track + B_RING_POS] = 0;
  }

  #arm(i: number, dueMs: number): void {
    this.#f64[(REC_BYTES / 8) * i + F_ARMED] = dueMs;
    this.#heap.push(dueMs, i);
  }

  #hold(i: number, src: number, d: number, outages: FeedOutageEvent[]): void {
    if (Number.isNaN(this.#outageSince[src]!)) {
      // The first alert this outage holds back: say so once.
      const quietSinceMs = this.#srcLastMs[src]!;
      this.#outageSince[src] = quietSinceMs;
      this.#backMs[src] = Number.NaN;
      this.#outageCount[src] = 0;
      const ev: FeedOutageEvent = { source: src, quietSinceMs, tMs: d, suppressed: 0 };
      outages.push(ev);
      this.#open[src] = ev;
    }
    this.#outageCount[src] = this.#outageCount[src]! + 1;
    this.#suppressed++;
    const ev = this.#open[src];
    if (ev !== undefined) ev.suppressed++;
    this.#u8[REC_BYTES * i + B_FLAGS] = HELD;
    this.#arm(i, d + this.#silenceMs);
  }

  #isRegular(i: number): boolean {
    const c = this.#i32[(REC_BYTES / 4) * i + I_COUNT]!;
    if (c < this.#minReports) return false;
    const n = Math.min(c - 1, INTERVALS);
    const s = this.#scratch;
    const base = (REC_BYTES / 4) * i + F32_INTERVALS;
    // Insertion sort of at most INTERVALS numbers. With the ring not yet full,
    // its first n slots are the intervals so far.
    for (let k = 0; k < n; k++) {
      const v = this.#f32[base + k]!;
      let j = k - 1;
      while (j >= 0 && s[j]! > v) {
        s[j + 1] = s[j]!;
        j--;
      }
      s[j + 1] = v;
    }
    // With an even count, the upper middle: to count as regular, a track must be.
    return s[n >> 1]! <= this.#maxIntervalMs;
  }

  #growTracks(min: number): void {
    let cap = Math.max(64, this.#cap);
    while (cap < min) cap *= 2;
    const buf = new ArrayBuffer(cap * REC_BYTES);
    const u8 = new Uint8Array(buf);
    u8.set(this.#u8);
    this.#u8 = u8;
    this.#f64 = new Float64Array(buf);
    this.#i32 = new Int32Array(buf);
    this.#f32 = new Float32Array(buf);
    // Nothing known of the new tracks: no report (NaN), no timer (NaN).
    for (let i = this.#cap; i < cap; i++) {
      this.#f64[(REC_BYTES / 8) * i + F_LAST_MS] = Number.NaN;
      this.#f64[(REC_BYTES / 8) * i + F_ARMED] = Number.NaN;
    }
    this.#cap = cap;
  }

  #growSources(min: number): void {
    let cap = Math.max(8, this.#srcLastMs.length);
    while (cap < min) cap *= 2;
    this.#srcLastMs = growF64(this.#srcLastMs, cap, Number.NaN);
    this.#outageSince = growF64(this.#outageSince, cap, Number.NaN);
    this.#backMs = growF64(this.#backMs, cap, Number.NaN);
    this.#outageCount = growI32(this.#outageCount, cap);
  }
}

function growF64(a: Float64Array, cap: number, fill: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  b.fill(fill, a.length);
  return b;
}

function growI32(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
