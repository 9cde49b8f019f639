/**
 * The detectors' default thresholds, as docs/detectors.md documents them, so
 * the agreement panel can say what a rule that sets none means. A copy of
 * `DEFAULT_THRESHOLDS` and `DEFAULT_RANGE_NM` in src/engine/rule-thresholds.ts,
 * which web/ may not import: change both together (the agreement panel's test
 * compares them). Units are the agreement file's, not the engine's.
 */
import type { TrackKind } from '../../src/api/wire.js';

export const DEFAULT_RULE_THRESHOLDS = {
  hysteresisM: 100,
  dwellMinutes: 60,
  crossDirection: 'both',
  loiterSpeedKn: 2,
  loiterHours: 1,
  encounterDistanceM: 500,
  encounterHours: 2,
  encounterSpeedKn: 2,
  silenceMinutes: 12 * 60,
  squawks: ['7500', '7600', '7700'],
  nacpBelow: 8,
  clusterMinAircraft: 3,
  clusterWindowMinutes: 15,
} as const;

/** `jump`: above what each kind can do. */
export const DEFAULT_JUMP_SPEED_KN: Readonly<Record<TrackKind, number>> = {
  vessel: 60,
  aircraft: 1500,
  ground: 150,
};

/** `out_of_range`: by what the source carries (AIS for vessels, ADS-B for aircraft). */
export const DEFAULT_RANGE_NM: Readonly<Record<TrackKind, number>> = {
  vessel: 100,
  aircraft: 300,
  ground: 100,
};
