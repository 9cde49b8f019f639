/**
 * The rules judged on every report rather than on zone changes: altitude,
 * speed, emergency squawks, impossible jumps, receiver range, loitering,
 * encounters, going silent and degraded navigation integrity.
 *
 * State lives per rule id, not per compiled version: a provision keeps its
 * id across versions only while it is unchanged (the validator makes sure),
 * so a loiter or an encounter that spans a version switch goes on counting.
 *
 * Conditions that hold over a stretch (too low, too fast, squawking 7700,
 * out of range) are reported once per episode, when they start; the episode
 * ends only once the value is back past the limit by a margin (5 % of a
 * speed, 100 ft of altitude), so a track hovering at a limit does not flap.
 */
import { distanceM } from '../core/geometry.js';
import type { Observation, RuleAction, TrackKind } from '../core/types.js';
import {
  type CompiledRule,
  type CompiledVersion,
  REPORT_ACTIONS,
  ruleInForceFor,
  ruleNamesTrack,
} from './compiled-version.js';
import type { DetectionEmitter } from './detection-emitter.js';
import { EncounterDetector, type EncounterEvent } from './detectors/encounter.js';
import {
  IntegrityClusterDetector,
  type IntegrityClusterEvent,
} from './detectors/integrity-cluster.js';
import { LoiterDetector, type LoiterEvent } from './detectors/loiter.js';
import {
  DEFAULT_SILENCE_MIN_REPORTS,
  DEFAULT_SOURCE_QUIET_MS,
  type FeedOutageEvent,
  SilenceDetector,
  type SilenceEvent,
} from './detectors/silence.js';
import { DEFAULT_RANGE_NM } from './rule-thresholds.js';
import { TrackFlags, type TrackTable } from './track-table.js';

const M_PER_NM = 1852;
const MS_PER_HOUR = 3_600_000;
/** A jump shorter than this is position noise, whatever the implied speed. */
export const MIN_JUMP_M = 2000;
const SPEED_MARGIN = 0.05;
const ALTITUDE_MARGIN_FT = 100;

/** Encounter state is pruned at most this often (data time); pruning changes no result. */
const PRUNE_EVERY_MS = 10 * 60_000;

// Per-report action codes (CompiledRule.reportActions).
const BELOW_ALTITUDE = REPORT_ACTIONS.indexOf('below_altitude');
const ABOVE_ALTITUDE = REPORT_ACTIONS.indexOf('above_altitude');
const ABOVE_SPEED = REPORT_ACTIONS.indexOf('above_speed');
const BELOW_SPEED = REPORT_ACTIONS.indexOf('below_speed');
const LOITER = REPORT_ACTIONS.indexOf('loiter');
const ENCOUNTER = REPORT_ACTIONS.indexOf('encounter');
const SILENCE = REPORT_ACTIONS.indexOf('silence');
const JUMP = REPORT_ACTIONS.indexOf('jump');
const OUT_OF_RANGE = REPORT_ACTIONS.indexOf('out_of_range');
const EMERGENCY_ACTION = REPORT_ACTIONS.indexOf('emergency');
const INTEGRITY = REPORT_ACTIONS.indexOf('integrity_degraded');

// Episode bits, one per condition that holds over a stretch.
const LOW = 1;
const HIGH = 2;
const FAST = 4;
const SLOW = 8;
const EMERGENCY = 16;
const FAR = 32;

interface RuleState {
  rule: CompiledRule;
  episodes: TrackFlags;
  loiter?: LoiterDetector;
  encounter?: EncounterDetector;
  silence?: SilenceDetector;
  integrity?: IntegrityClusterDetector;
  /** The version the rule was last judged under: timers fire under it. */
  cv: CompiledVersion;
}

export interface ReportContext {
  cv: CompiledVersion;
  track: number;
  obs: Observation;
  /** KIND_CODE of obs.kind. */
  kind: number;
  prev: Observation | undefined;
  /** prev's position (NaN without one), kept per track in typed arrays: prev itself is far in memory. */
  prevLon: number;
  prevLat: number;
  /** Milliseconds since prev; 0 without one. */
  dtMs: number;
  /** Metres from the previous report; NaN for a first report. */
  movedM: number;
  /** The speed the distance and time from prev imply; NaN when dtMs is 0. */
  impliedKn: number;
  /** Reported speed, else implied; NaN when unknown. */
  speedKn: number;
  source: number;
  /** The zones the track is inside after this report (membership, with hysteresis). */
  zoneIds: readonly string[];
  inPort: boolean;
}

/** Is one of these zones among those the track is inside? */
export function isInsideAny(zoneIds: readonly string[], ids: ReadonlySet<string>): boolean {
  // Indexed: for-of here allocated an iterator result per report where it was not inlined.
  for (let k = 0; k < zoneIds.length; k++) if (ids.has(zoneIds[k]!)) return true;
  return false;
}

export type ReceiverPositionLookup = (source: string) => { lon: number; lat: number } | undefined;

export class ReportRuleJudge {
  /** Detector state per rule id, in slots that compiled rules remember (`slot`). */
  readonly #slotOf = new Map<string, number>();
  readonly #slots: (RuleState | undefined)[] = [];
  /** Every silence detector, told of every report: any report proves its source alive. */
  readonly #silences: RuleState[] = [];
  readonly #sourceNames: string[] = [];
  readonly #sourceLast: (Observation | undefined)[] = [];
  #loiterEvents: LoiterEvent[] = [];
  #encounterEvents: EncounterEvent[] = [];
  #integrityEvents: IntegrityClusterEvent[] = [];
  #silenceEvents: SilenceEvent[] = [];
  #outageEvents: FeedOutageEvent[] = [];
  #lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly tracks: TrackTable,
    private readonly emitter: DetectionEmitter,
    private readonly receiverOf: ReceiverPositionLookup | undefined,
  ) {}

  /** Drop the state of rules that no longer exist (a new agreement was loaded). */
  keepOnly(ruleIds: ReadonlySet<string>): void {
    for (const [id, slot] of [...this.#slotOf]) {
      if (ruleIds.has(id)) continue;
      this.#slotOf.delete(id);
      this.#slots[slot] = undefined;
    }
    const kept = this.#silences.filter((s) => ruleIds.has(s.rule.rule.id));
    this.#silences.length = 0;
    this.#silences.push(...kept);
  }

  noteSource(source: number, name: string, obs: Observation): void {
    this.#sourceNames[source] = name;
    this.#sourceLast[source] = obs;
    const silences = this.#silences;
    for (let k = 0; k < silences.length; k++) {
      silences[k]!.silence!.noteSourceAlive(source, obs.tMs);
    }
  }

  judge(x: ReportContext): void {
    const cv = x.cv;
    const rules = cv.reportRules[x.kind]!;
    if (rules.length === 0) return;
    const t = this.tracks;
    const i = x.track;
    const id = t.ids[i]!;
    const statics = t.statics[i];
    // Which rules name this track is cached per track and version: it changes
    // only with the track's static data (flag, type).
    let mask = t.namedMaskUnder(i, cv.serial);
    if (mask === -1) {
      mask = 0;
      for (let j = 0; j < rules.length && j < 31; j++) {
        if (ruleNamesTrack(rules[j]!, id, statics, statics?.flag)) mask |= 1 << j;
      }
      t.setNamedMask(i, mask, cv.serial);
    }
    const tMs = x.obs.tMs;
    for (let j = 0; j < rules.length; j++) {
      const c = rules[j]!;
      const named =
        j < 31 ? (mask & (1 << j)) !== 0 : ruleNamesTrack(c, id, statics, statics?.flag);
      if (!named || (c.timed && !ruleInForceFor(c, id, tMs))) continue;
      if (c.where !== null && !isInsideAny(x.zoneIds, c.where)) {
        // Outside the rule's zones: a silence detector still learns the rhythm.
        if (c.forbids.has('silence')) {
          this.#stateOf(c, cv).silence!.observe(i, x.source, tMs, false);
        }
        continue;
      }
      this.#judgeRule(this.#stateOf(c, cv), x);
    }
  }

  /**
   * Is a silence timer or the encounter prune due by nowMs? When not,
   * advance(nowMs) has nothing to do: replay advances before every
   * observation, so the engine asks this first. (A boolean, not the due
   * time: a double returned from a call is a heap allocation.)
   */
  isDue(nowMs: number): boolean {
    if (nowMs - this.#lastPruneMs >= PRUNE_EVERY_MS) return true; // advance's test, or sooner
    const silences = this.#silences;
    for (let k = 0; k < silences.length; k++) {
      if (silences[k]!.silence!.nextDueMs <= nowMs) return true;
    }
    return false;
  }

  /** Fire what is due by nowMs: silences (and feed outages). */
  advance(nowMs: number): void {
    const silences = this.#silences;
    for (let k = 0; k < silences.length; k++) {
      const s = silences[k]!;
      s.silence!.advance(nowMs, this.#silenceEvents, this.#outageEvents);
      if (this.#silenceEvents.length > 0) {
        for (const e of this.#silenceEvents) this.#emitSilence(s, e);
        this.#silenceEvents.length = 0;
      }
      if (this.#outageEvents.length > 0) {
        for (const e of this.#outageEvents) this.#emitOutage(s, e);
        this.#outageEvents.length = 0;
      }
    }
    if (nowMs - this.#lastPruneMs > PRUNE_EVERY_MS) {
      this.#lastPruneMs = nowMs;
      for (const s of this.#slots) s?.encounter?.prune(nowMs);
    }
  }

  /** The rule's detector state, found by slot; created on first use. */
  #stateOf(c: CompiledRule, cv: CompiledVersion): RuleState {
    const s = c.slot >= 0 ? this.#slots[c.slot] : undefined;
    if (s === undefined) return this.#createState(c, cv);
    // A version's compiled rule for this id is c: same version, nothing to write.
    if (s.cv !== cv) {
      s.rule = c;
      s.cv = cv;
    }
    return s;
  }

  #createState(c: CompiledRule, cv: CompiledVersion): RuleState {
    let slot = c.slot;
    if (slot < 0) {
      slot = this.#slotOf.get(c.rule.id) ?? this.#slots.length;
      this.#slotOf.set(c.rule.id, slot);
      c.slot = slot;
    }
    let s = this.#slots[slot];
    if (s === undefined) {
      s = createState(c, cv);
      this.#slots[slot] = s;
      if (s.silence !== undefined) this.#silences.push(s);
    }
    s.rule = c;
    s.cv = cv;
    return s;
  }

  #judgeRule(s: RuleState, x: ReportContext): void {
    const { obs, track } = x;
    const c = s.rule;
    const th = c.thresholds;
    const e = this.emitter;
    const zone = undefined;
    const codes = c.reportActions;
    for (let k = 0; k < codes.length; k++) {
      switch (codes[k]) {
        case BELOW_ALTITUDE: {
          const alt = obs.altFt;
          if (alt === undefined) break;
          const limit = th.altitudeFt;
          if (this.#episode(s, track, LOW, alt < limit, alt >= limit + ALTITUDE_MARGIN_FT))
            this.#emitValue(s, x, 'below_altitude', alt, limit);
          break;
        }
        case ABOVE_ALTITUDE: {
          const alt = obs.altFt;
          if (alt === undefined) break;
          const limit = th.altitudeFt;
          if (this.#episode(s, track, HIGH, alt > limit, alt <= limit - ALTITUDE_MARGIN_FT))
            this.#emitValue(s, x, 'above_altitude', alt, limit);
          break;
        }
        case ABOVE_SPEED: {
          const kn = x.speedKn;
          if (Number.isNaN(kn)) break;
          const limit = th.speedKn;
          if (this.#episode(s, track, FAST, kn > limit, kn <= limit * (1 - SPEED_MARGIN)))
            this.#emitValue(s, x, 'above_speed', kn, limit);
          break;
        }
        case BELOW_SPEED: {
          const kn = x.speedKn;
          if (Number.isNaN(kn)) break;
          const limit = th.speedKn;
          if (this.#episode(s, track, SLOW, kn < limit, kn >= limit * (1 + SPEED_MARGIN)))
            this.#emitValue(s, x, 'below_speed', kn, limit);
          break;
        }
        case EMERGENCY_ACTION:
          if (obs.squawk !== undefined) {
            const on = th.squawks.has(obs.squawk);
            if (this.#episode(s, track, EMERGENCY, on, !on)) {
              e.emit(s.cv, c, 'emergency', track, zone, obs, [obs], { squawk: obs.squawk });
            }
          }
          break;
        case OUT_OF_RANGE: {
          const rx = this.receiverOf?.(obs.source);
          if (rx === undefined) break;
          const nm = distanceM(rx.lon, rx.lat, obs.lon, obs.lat) / M_PER_NM;
          const limit = Number.isNaN(th.rangeNm) ? DEFAULT_RANGE_NM[obs.kind] : th.rangeNm;
          if (this.#episode(s, track, FAR, nm > limit, nm <= limit))
            this.#emitValue(s, x, 'out_of_range', nm, limit);
          break;
        }
        case JUMP: {
          const prev = x.prev;
          if (prev === undefined || !(x.movedM >= MIN_JUMP_M)) break;
          const hours = (obs.tMs - prev.tMs) / MS_PER_HOUR;
          const kn = hours > 0 ? x.movedM / M_PER_NM / hours : Number.POSITIVE_INFINITY;
          const limit = th.jumpSpeedKn[x.kind]!;
          if (kn > limit)
            e.emit(s.cv, c, 'jump', track, zone, obs, [prev, obs], { value: kn, limit });
          break;
        }
        case LOITER: {
          if (Number.isNaN(x.speedKn)) break;
          const out = this.#loiterEvents;
          s.loiter!.observe(track, obs.tMs, obs.lon, obs.lat, x.speedKn, x.inPort, out);
          // Emptied only when filled: setting an array's length is a builtin call.
          if (out.length === 0) break;
          for (const ev of out) {
            e.emit(s.cv, c, 'loiter', ev.track, zone, obs, [obs], {
              durationMs: ev.tMs - ev.startMs,
              limit: th.loiterSpeedKn,
            });
          }
          out.length = 0;
          break;
        }
        case ENCOUNTER: {
          if (Number.isNaN(x.speedKn)) break;
          const out = this.#encounterEvents;
          // In port, vessels moor side by side: not an encounter (GFW counts them
          // away from port). An infinite speed withdraws the vessel and its pairs.
          const kn = x.inPort ? Number.POSITIVE_INFINITY : x.speedKn;
          s.encounter!.observe(track, obs.tMs, obs.lon, obs.lat, kn, out);
          if (out.length === 0) break;
          for (const ev of out) {
            const t = this.tracks;
            e.emit(s.cv, c, 'encounter', ev.a, zone, ev, [t.last[ev.a]!, t.last[ev.b]!], {
              durationMs: ev.tMs - ev.startMs,
              limit: th.encounterDistanceM,
              otherTrack: ev.b,
            });
          }
          out.length = 0;
          break;
        }
        case SILENCE:
          s.silence!.observe(track, x.source, obs.tMs);
          break;
        case INTEGRITY: {
          const out = this.#integrityEvents;
          s.integrity!.observe(track, obs.tMs, obs.lon, obs.lat, obs.nacP, obs.nic, out);
          if (out.length === 0) break;
          for (const ev of out) this.#emitIntegrity(s, track, ev);
          out.length = 0;
          break;
        }
      }
    }
  }

  /**
   * A condition that holds over a stretch: true when it starts (report it
   * then, once); it ends only once `clear` holds. Numbers are not passed in:
   * a double argument to a call that is not inlined is a heap allocation,
   * and the episode starts on few reports.
   */
  #episode(s: RuleState, track: number, bit: number, on: boolean, clear: boolean): boolean {
    const flags = s.episodes.get(track);
    if (on && (flags & bit) === 0) {
      s.episodes.set(track, flags | bit);
      return true;
    }
    if (clear && (flags & bit) !== 0) s.episodes.set(track, flags & ~bit);
    return false;
  }

  #emitValue(
    s: RuleState,
    x: ReportContext,
    action: RuleAction,
    value: number,
    limit: number,
  ): void {
    this.emitter.emit(s.cv, s.rule, action, x.track, undefined, x.obs, [x.obs], { value, limit });
  }

  /**
   * Out of #judgeRule: its closure over `this` made V8 allocate a context on
   * every call of #judgeRule (per rule per report), not only when it ran.
   */
  #emitIntegrity(s: RuleState, track: number, ev: IntegrityClusterEvent): void {
    const evidence = ev.aircraft.map((a) => this.tracks.last[a]!);
    const at = { tMs: ev.tMs, lon: ev.cellLon, lat: ev.cellLat };
    this.emitter.emit(s.cv, s.rule, 'integrity_degraded', track, undefined, at, evidence, {
      count: ev.aircraft.length,
    });
  }

  #emitSilence(s: RuleState, ev: SilenceEvent): void {
    const last = this.tracks.last[ev.track]!;
    const at = { tMs: ev.tMs, lon: last.lon, lat: last.lat };
    this.emitter.emit(s.cv, s.rule, 'silence', ev.track, undefined, at, [last], {
      durationMs: ev.tMs - ev.lastMs,
    });
  }

  #emitOutage(s: RuleState, ev: FeedOutageEvent): void {
    const name = this.#sourceNames[ev.source] ?? `#${ev.source}`;
    const last = this.#sourceLast[ev.source];
    const kind: TrackKind = last?.kind ?? s.rule.rule.kinds[0] ?? 'vessel';
    const at = { tMs: ev.tMs, lon: last?.lon ?? 0, lat: last?.lat ?? 0 };
    const since = new Date(ev.quietSinceMs).toISOString();
    const summary =
      `Source ${name} has delivered nothing since ${since}: the whole feed dropped, so ` +
      `going-silent alerts of ${s.rule.rule.citation} (rule ${s.rule.rule.id}) are held back ` +
      `for its tracks (${ev.suppressed} so far) until it returns.`;
    this.emitter.emitNotice(
      s.cv,
      s.rule,
      'feed_outage',
      `source:${name}`,
      kind,
      at,
      last ? [last] : [],
      summary,
    );
  }
}

function createState(c: CompiledRule, cv: CompiledVersion): RuleState {
  const th = c.thresholds;
  const s: RuleState = { rule: c, episodes: new TrackFlags(), cv };
  const gapMs = 30 * 60_000;
  for (const a of c.rule.forbids) {
    if (a === 'loiter')
      s.loiter = new LoiterDetector({
        speedKn: th.loiterSpeedKn,
        minDurationMs: th.loiterMs,
        maxGapMs: gapMs,
      });
    if (a === 'encounter')
      s.encounter = new EncounterDetector({
        distanceM: th.encounterDistanceM,
        minDurationMs: th.encounterMs,
        speedKn: th.encounterSpeedKn,
        maxGapMs: gapMs,
      });
    if (a === 'silence')
      s.silence = new SilenceDetector({
        silenceMs: th.silenceMs,
        minReports: DEFAULT_SILENCE_MIN_REPORTS,
        sourceQuietMs: DEFAULT_SOURCE_QUIET_MS,
      });
    if (a === 'integrity_degraded')
      s.integrity = new IntegrityClusterDetector({
        nacpBelow: th.nacpBelow,
        minAircraft: th.clusterMinAircraft,
        windowMs: th.clusterWindowMs,
        cellDeg: 1,
      });
  }
  return s;
}
