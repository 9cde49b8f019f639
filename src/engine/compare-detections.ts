/**
 * Compare the detections two variants of an agreement (two files, or two
 * versions of one) make of the same observations: how many each makes, per
 * rule, type and zone, which tracks account for the difference, and which
 * detections only one variant makes.
 *
 * Matching. Detection ids cannot be matched across variants (a version or
 * rule that differs gives another hit another id), so two detections match
 * when they share a key: (trackId, type, zoneId) by default, plus ruleId
 * with `matchRule: true`. Keys are compared as multisets: a key found 5 times
 * in A and 3 times in B counts 3 matched and 2 only in A. Time is not part of
 * the key (a redrawn boundary moves the instant of a crossing), so the same
 * track entering the same zone on Monday in A and on Friday in B matches;
 * the default leaves the rule out because drafts renumber rules while the
 * zone ids stay. docs/what-if.md lists the caveats.
 *
 * Memory: `DetectionComparer` does not keep detections. It keeps counts per
 * key, rule, type, zone and track, and per track at most `samplesPerTrack`
 * slim points per variant (the first added: the earliest, in a replay) for a
 * map. So a run costs O(distinct keys + tracks with detections × samples),
 * whatever its length.
 *
 * Deterministic: every list in the result is sorted by count, then by id, in
 * code-unit order (not locale).
 *
 * Pure: no I/O.
 */
import type { Detection, DetectionType, TrackId, TrackKind } from '../core/types.js';

export type Variant = 'a' | 'b';

/** What a variant is, for people reading the result (echoed as given). */
export interface VariantDescription {
  /** `draft.json v2`, `agreement.json (version in force)`. */
  label: string;
  agreementId?: string;
  /** The version every observation was judged by; absent: the version in force at its time. */
  pinVersion?: number;
}

export type MatchKeyField = 'trackId' | 'type' | 'zoneId' | 'ruleId';

export interface DetectionComparerOptions {
  /** Match on the rule id too. Default false: (trackId, type, zoneId). */
  matchRule?: boolean;
  /** How many tracks `topTracks` lists. Default 20. */
  topTracks?: number;
  /** Sample points kept per track and variant, for a map. Default 5. */
  samplesPerTrack?: number;
  /** How many unmatched keys each of `onlyInA` / `onlyInB` lists. Default 1000. */
  maxUnmatchedKeys?: number;
  variants?: Readonly<Record<Variant, VariantDescription>>;
}

/** Counts of one variant pair: A's, B's. */
export interface PairCount {
  a: number;
  b: number;
}

/** A detection reduced to what a map shows. */
export interface DetectionPoint {
  id: string;
  type: DetectionType;
  tMs: number;
  lon: number;
  lat: number;
  zoneId: string;
  ruleId: string;
  agreementVersion: number;
  summary: string;
  /** No detection of the other variant has this point's key: a hit only this variant makes. */
  onlyHere: boolean;
}

export interface TrackDifference extends PairCount {
  trackId: TrackId;
  kind: TrackKind;
  /** Detections of the track not matched in the other variant. */
  onlyInA: number;
  onlyInB: number;
  /** The first `samplesPerTrack` detections of each variant. */
  samples: { a: DetectionPoint[]; b: DetectionPoint[] };
}

export interface UnmatchedKey {
  trackId: TrackId;
  type: DetectionType;
  zoneId: string;
  /** Only when matching on the rule. */
  ruleId?: string;
  /** Detections with this key beyond those the other variant has. */
  count: number;
}

export interface DetectionComparison {
  variants: Readonly<Record<Variant, VariantDescription>>;
  matchKey: readonly MatchKeyField[];
  totals: PairCount & { matched: number; onlyInA: number; onlyInB: number };
  byRule: (PairCount & { ruleId: string })[];
  byType: (PairCount & { type: DetectionType })[];
  /** `zoneId` is '' for detections of rules that apply anywhere. */
  byZone: (PairCount & { zoneId: string })[];
  tracks: {
    /** Tracks with a detection in either variant. */
    withDetections: number;
    /** Tracks whose counts differ. */
    differing: number;
    /** Σ |a − b| over tracks: "the difference" that `topTracksShare` is a share of. */
    totalAbsDifference: number;
  };
  /** Tracks by |a − b|, largest first (ties by track id); only tracks that differ. */
  topTracks: TrackDifference[];
  /** Σ |a − b| over `topTracks` / `tracks.totalAbsDifference`; 0 when nothing differs. */
  topTracksShare: number;
  /** Keys with more detections in A than in B, most first. */
  onlyInA: UnmatchedKey[];
  onlyInB: UnmatchedKey[];
  /** True when `onlyInA` or `onlyInB` was cut at `maxUnmatchedKeys`. */
  unmatchedKeysTruncated: boolean;
}

const DEFAULT_TOP_TRACKS = 20;
const DEFAULT_SAMPLES_PER_TRACK = 5;
const DEFAULT_MAX_UNMATCHED_KEYS = 1000;
/** Not in any id: keys joined with it cannot collide. */
const SEP = '\u0000';

interface KeyTally {
  trackId: TrackId;
  type: DetectionType;
  zoneId: string;
  ruleId: string | undefined;
  a: number;
  b: number;
}

interface TrackTally {
  kind: TrackKind;
  a: number;
  b: number;
  samplesA: { point: DetectionPoint; key: string }[];
  samplesB: { point: DetectionPoint; key: string }[];
}

/** Accumulates the detections of two variants while they stream; `result()` any time. */
export class DetectionComparer {
  readonly #matchRule: boolean;
  readonly #topTracks: number;
  readonly #samples: number;
  readonly #maxKeys: number;
  readonly #variants: Readonly<Record<Variant, VariantDescription>>;
  #keys = new Map<string, KeyTally>();
  #tracks = new Map<TrackId, TrackTally>();
  #byRule = new Map<string, PairCount>();
  #byType = new Map<DetectionType, PairCount>();
  #byZone = new Map<string, PairCount>();

  constructor(options: DetectionComparerOptions = {}) {
    this.#matchRule = options.matchRule ?? false;
    this.#topTracks = checkCount('topTracks', options.topTracks, DEFAULT_TOP_TRACKS);
    this.#samples = checkCount(
      'samplesPerTrack',
      options.samplesPerTrack,
      DEFAULT_SAMPLES_PER_TRACK,
    );
    this.#maxKeys = checkCount(
      'maxUnmatchedKeys',
      options.maxUnmatchedKeys,
      DEFAULT_MAX_UNMATCHED_KEYS,
    );
    this.#variants = options.variants ?? { a: { label: 'A' }, b: { label: 'B' } };
  }

  add(variant: Variant, d: Detection): void {
    const key = this.#keyOf(d);
    let k = this.#keys.get(key);
    if (k === undefined) {
      k = {
        trackId: d.trackId,
        type: d.type,
        zoneId: d.zoneId,
        ruleId: this.#matchRule ? d.ruleId : undefined,
        a: 0,
        b: 0,
      };
      this.#keys.set(key, k);
    }
    k[variant]++;
    bump(this.#byRule, d.ruleId, variant);
    bump(this.#byType, d.type, variant);
    bump(this.#byZone, d.zoneId, variant);
    let t = this.#tracks.get(d.trackId);
    if (t === undefined) {
      t = { kind: d.kind, a: 0, b: 0, samplesA: [], samplesB: [] };
      this.#tracks.set(d.trackId, t);
    }
    t[variant]++;
    const samples = variant === 'a' ? t.samplesA : t.samplesB;
    if (samples.length < this.#samples) samples.push({ point: toPoint(d), key });
  }

  /** Add every detection of a list to one variant. */
  addAll(variant: Variant, detections: Iterable<Detection>): void {
    for (const d of detections) this.add(variant, d);
  }

  /** The comparison so far; the comparer stays usable. */
  result(): DetectionComparison {
    let matched = 0;
    let onlyInA = 0;
    let onlyInB = 0;
    const unmatchedA: UnmatchedKey[] = [];
    const unmatchedB: UnmatchedKey[] = [];
    const trackOnly = new Map<TrackId, PairCount>();
    for (const k of this.#keys.values()) {
      matched += Math.min(k.a, k.b);
      const da = k.a - k.b;
      if (da === 0) continue;
      let only = trackOnly.get(k.trackId);
      if (only === undefined) {
        only = { a: 0, b: 0 };
        trackOnly.set(k.trackId, only);
      }
      if (da > 0) {
        onlyInA += da;
        only.a += da;
        unmatchedA.push(toUnmatched(k, da));
      } else {
        onlyInB -= da;
        only.b -= da;
        unmatchedB.push(toUnmatched(k, -da));
      }
    }
    unmatchedA.sort(compareUnmatched);
    unmatchedB.sort(compareUnmatched);
    const truncated = unmatchedA.length > this.#maxKeys || unmatchedB.length > this.#maxKeys;

    let totalA = 0;
    let totalB = 0;
    let differing = 0;
    let totalAbs = 0;
    const diffs: [TrackId, TrackTally][] = [];
    for (const entry of this.#tracks) {
      const t = entry[1];
      totalA += t.a;
      totalB += t.b;
      if (t.a === t.b) continue;
      differing++;
      totalAbs += Math.abs(t.a - t.b);
      diffs.push(entry);
    }
    diffs.sort(
      ([ia, ta], [ib, tb]) => Math.abs(tb.a - tb.b) - Math.abs(ta.a - ta.b) || compareText(ia, ib),
    );
    const top = diffs.slice(0, this.#topTracks);
    let topAbs = 0;
    const topTracks = top.map(([trackId, t]): TrackDifference => {
      topAbs += Math.abs(t.a - t.b);
      const only = trackOnly.get(trackId) ?? { a: 0, b: 0 };
      return {
        trackId,
        kind: t.kind,
        a: t.a,
        b: t.b,
        onlyInA: only.a,
        onlyInB: only.b,
        samples: {
          a: t.samplesA.map((s) => this.#markOnlyHere(s, 'b')),
          b: t.samplesB.map((s) => this.#markOnlyHere(s, 'a')),
        },
      };
    });

    return {
      variants: this.#variants,
      matchKey: this.#matchRule
        ? ['trackId', 'type', 'zoneId', 'ruleId']
        : ['trackId', 'type', 'zoneId'],
      totals: { a: totalA, b: totalB, matched, onlyInA, onlyInB },
      byRule: sortedCounts(this.#byRule).map(([ruleId, c]) => ({ ruleId, a: c.a, b: c.b })),
      byType: sortedCounts(this.#byType).map(([type, c]) => ({ type, a: c.a, b: c.b })),
      byZone: sortedCounts(this.#byZone).map(([zoneId, c]) => ({ zoneId, a: c.a, b: c.b })),
      tracks: { withDetections: this.#tracks.size, differing, totalAbsDifference: totalAbs },
      topTracks,
      topTracksShare: totalAbs === 0 ? 0 : topAbs / totalAbs,
      onlyInA: unmatchedA.slice(0, this.#maxKeys),
      onlyInB: unmatchedB.slice(0, this.#maxKeys),
      unmatchedKeysTruncated: truncated,
    };
  }

  #keyOf(d: Detection): string {
    const base = `${d.trackId}${SEP}${d.type}${SEP}${d.zoneId}`;
    return this.#matchRule ? `${base}${SEP}${d.ruleId}` : base;
  }

  #markOnlyHere(s: { point: DetectionPoint; key: string }, other: Variant): DetectionPoint {
    const k = this.#keys.get(s.key);
    return { ...s.point, onlyHere: (k?.[other] ?? 0) === 0 };
  }
}

/**
 * Compare two finished lists of detections (tests, small runs). For a long
 * replay feed a `DetectionComparer` as detections stream instead.
 */
export function compareDetections(
  a: readonly Detection[],
  b: readonly Detection[],
  options?: DetectionComparerOptions,
): DetectionComparison {
  const comparer = new DetectionComparer(options);
  comparer.addAll('a', a);
  comparer.addAll('b', b);
  return comparer.result();
}

function checkCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`DetectionComparer: expected ${name} to be an integer >= 0, got ${value}`);
  }
  return value;
}

function bump<K>(map: Map<K, PairCount>, key: K, variant: Variant): void {
  let c = map.get(key);
  if (c === undefined) {
    c = { a: 0, b: 0 };
    map.set(key, c);
  }
  c[variant]++;
}

function toPoint(d: Detection): DetectionPoint {
  return {
    id: d.id,
    type: d.type,
    tMs: d.tMs,
    lon: d.lon,
    lat: d.lat,
    zoneId: d.zoneId,
    ruleId: d.ruleId,
    agreementVersion: d.agreementVersion,
    summary: d.summary,
    onlyHere: false,
  };
}

function toUnmatched(k: KeyTally, count: number): UnmatchedKey {
  const u: UnmatchedKey = { trackId: k.trackId, type: k.type, zoneId: k.zoneId, count };
  if (k.ruleId !== undefined) u.ruleId = k.ruleId;
  return u;
}

function compareUnmatched(x: UnmatchedKey, y: UnmatchedKey): number {
  return (
    y.count - x.count ||
    compareText(x.trackId, y.trackId) ||
    compareText(x.type, y.type) ||
    compareText(x.zoneId, y.zoneId) ||
    compareText(x.ruleId ?? '', y.ruleId ?? '')
  );
}

/** By key, in code-unit order: the same on every machine, whatever its locale. */
function sortedCounts<K extends string>(map: Map<K, PairCount>): [K, PairCount][] {
  return [...map].sort(([x], [y]) => compareText(x, y));
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
