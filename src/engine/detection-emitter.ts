/**
 * Builds Detection objects: the provision (rule id and citation), the
 * agreement version, the evidence and the plain-language sentence. Off the
 * hot path: it runs only when a rule is broken.
 */
import { hashStringHex } from '../core/hash.js';
import {
  DETECTION_TYPE_OF,
  type Detection,
  type DetectionType,
  type Observation,
  type RuleAction,
  type Zone,
} from '../core/types.js';
import type { CompiledRule, CompiledVersion } from './compiled-version.js';
import { type DescribeInput, describeDetection } from './describe.js';
import type { TrackTable } from './track-table.js';

export interface Place {
  tMs: number;
  lon: number;
  lat: number;
}

/** What a sentence or a detection may add beyond who, what, where and when. */
export type DetectionExtra = Pick<
  DescribeInput,
  'betweenReports' | 'durationMs' | 'value' | 'limit' | 'direction' | 'squawk' | 'count'
> & { otherTrack?: number };

export class DetectionEmitter {
  /** Detections of the current call (step or advance); null until the first. */
  out: Detection[] | null = null;

  constructor(
    private readonly tracks: TrackTable,
    private readonly agreementId: () => string,
  ) {}

  /** Takes what was emitted since the last take. */
  take(): Detection[] | null {
    const out = this.out;
    this.out = null;
    return out;
  }

  emit(
    cv: CompiledVersion,
    c: CompiledRule,
    action: RuleAction,
    track: number,
    zone: Zone | undefined,
    at: Place,
    evidence: Observation[],
    extra: DetectionExtra = {},
  ): void {
    const t = this.tracks;
    const id = t.ids[track]!;
    const last = t.last[track]!;
    const describeTrackInput = { id, kind: last.kind, ...t.statics[track] };
    const other = extra.otherTrack === undefined ? undefined : t.ids[extra.otherTrack];
    const sentence: DescribeInput = {
      action,
      track: describeTrackInput,
      ruleId: c.rule.id,
      citation: c.rule.citation,
      ruleKinds: c.rule.kinds,
      tMs: at.tMs,
      ...extra,
    };
    if (zone !== undefined) sentence.zone = zone;
    if (extra.otherTrack !== undefined) {
      const o = extra.otherTrack;
      const s = t.statics[o];
      const label = s?.name ?? s?.callsign;
      sentence.other = label ? `${label} (${t.ids[o]})` : t.ids[o]!;
    }
    const type = DETECTION_TYPE_OF[action];
    this.push(
      this.build(
        cv,
        c,
        type,
        id,
        last.kind,
        zone?.id ?? '',
        at,
        evidence,
        describeDetection(sentence),
        other,
        extra.durationMs,
      ),
    );
  }

  /** A notice that is not a track's breach (feed outage), still under its rule. */
  emitNotice(
    cv: CompiledVersion,
    c: CompiledRule,
    type: DetectionType,
    subjectId: string,
    kind: Observation['kind'],
    at: Place,
    evidence: Observation[],
    summary: string,
  ): void {
    this.push(
      this.build(cv, c, type, subjectId, kind, '', at, evidence, summary, undefined, undefined),
    );
  }

  private push(d: Detection): void {
    if (this.out === null) this.out = [d];
    else this.out.push(d);
  }

  private build(
    cv: CompiledVersion,
    c: CompiledRule,
    type: DetectionType,
    trackId: string,
    kind: Observation['kind'],
    zoneId: string,
    at: Place,
    evidence: Observation[],
    summary: string,
    otherTrackId: string | undefined,
    durationMs: number | undefined,
  ): Detection {
    const key = `${type}|${trackId}|${zoneId}|${c.rule.id}|${at.tMs}${otherTrackId ? `|${otherTrackId}` : ''}`;
    const d: Detection = {
      id: hashStringHex(key),
      type,
      tMs: at.tMs,
      trackId,
      kind,
      zoneId,
      ruleId: c.rule.id,
      citation: c.rule.citation,
      agreementId: this.agreementId(),
      agreementVersion: cv.version.version,
      lon: at.lon,
      lat: at.lat,
      summary,
      evidence,
    };
    if (otherTrackId !== undefined) d.otherTrackId = otherTrackId;
    if (durationMs !== undefined) d.durationMs = durationMs;
    return d;
  }
}
