/**
 * Every detector threshold with its default, in one place: docs/detectors.md
 * explains where each default comes from. A rule's own `thresholds` win.
 */
import type { CrossDirection, RuleThresholds, TrackKind } from '../core/types.js';

/** Thresholds with every default filled in, in the units the engine uses. */
export interface Thresholds {
  hysteresisM: number;
  dwellMs: number;
  crossDirection: CrossDirection;
  /** NaN when the rule has none (only altitude rules need it; the validator checks). */
  altitudeFt: number;
  speedKn: number;
  loiterSpeedKn: number;
  loiterMs: number;
  encounterDistanceM: number;
  encounterMs: number;
  encounterSpeedKn: number;
  silenceMs: number;
  /** Per kind code (vessel, aircraft, ground). */
  jumpSpeedKn: readonly [number, number, number];
  /** NaN: by the source's kind (AIS 100 NM, ADS-B 300 NM). */
  rangeNm: number;
  squawks: ReadonlySet<string>;
  nacpBelow: number;
  clusterMinAircraft: number;
  clusterWindowMs: number;
}

const MIN = 60_000;
const HOUR = 3_600_000;

export const DEFAULT_THRESHOLDS: Thresholds = {
  hysteresisM: 100,
  dwellMs: 60 * MIN,
  crossDirection: 'both',
  altitudeFt: Number.NaN,
  speedKn: Number.NaN,
  loiterSpeedKn: 2,
  loiterMs: 1 * HOUR,
  encounterDistanceM: 500,
  encounterMs: 2 * HOUR,
  encounterSpeedKn: 2,
  silenceMs: 12 * HOUR,
  jumpSpeedKn: [60, 1500, 150],
  rangeNm: Number.NaN,
  squawks: new Set(['7500', '7600', '7700']),
  nacpBelow: 8,
  clusterMinAircraft: 3,
  clusterWindowMs: 15 * MIN,
};

/** Receiver range by what the source carries, when a rule does not say. */
export const DEFAULT_RANGE_NM: Readonly<Record<TrackKind, number>> = {
  vessel: 100,
  aircraft: 300,
  ground: 100,
};

export function resolveThresholds(t: RuleThresholds | undefined): Thresholds {
  if (t === undefined) return DEFAULT_THRESHOLDS;
  const d = DEFAULT_THRESHOLDS;
  const jump = t.jumpSpeedKn;
  return {
    hysteresisM: t.hysteresisM ?? d.hysteresisM,
    dwellMs: t.dwellMinutes === undefined ? d.dwellMs : t.dwellMinutes * MIN,
    crossDirection: t.crossDirection ?? d.crossDirection,
    altitudeFt: t.altitudeFt ?? d.altitudeFt,
    speedKn: t.speedKn ?? d.speedKn,
    loiterSpeedKn: t.loiterSpeedKn ?? d.loiterSpeedKn,
    loiterMs: t.loiterHours === undefined ? d.loiterMs : t.loiterHours * HOUR,
    encounterDistanceM: t.encounterDistanceM ?? d.encounterDistanceM,
    encounterMs: t.encounterHours === undefined ? d.encounterMs : t.encounterHours * HOUR,
    encounterSpeedKn: t.encounterSpeedKn ?? d.encounterSpeedKn,
    silenceMs: t.silenceMinutes === undefined ? d.silenceMs : t.silenceMinutes * MIN,
    jumpSpeedKn: jump === undefined ? d.jumpSpeedKn : [jump, jump, jump],
    rangeNm: t.rangeNm ?? d.rangeNm,
    squawks: t.squawks === undefined ? d.squawks : new Set(t.squawks),
    nacpBelow: t.nacpBelow ?? d.nacpBelow,
    clusterMinAircraft: t.clusterMinAircraft ?? d.clusterMinAircraft,
    clusterWindowMs:
      t.clusterWindowMinutes === undefined ? d.clusterWindowMs : t.clusterWindowMinutes * MIN,
  };
}
