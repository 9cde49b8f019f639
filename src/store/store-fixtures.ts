/**
 * Small builders for store tests: observations, tracks, detections and
 * agreements with plausible defaults, overridable field by field.
 */
import type { Agreement, Detection, Observation, Track } from '../core/types.js';

export const T0_MS = Date.UTC(2025, 5, 1, 12, 0, 0);

export function makeObservation(
  trackId: string,
  tMs: number,
  more: Partial<Observation> = {},
): Observation {
  return {
    trackId,
    kind: trackId.startsWith('icao:') ? 'aircraft' : 'vessel',
    tMs,
    lon: 33 + (tMs - T0_MS) / 1e7,
    lat: 35.1,
    source: 'test',
    ...more,
  };
}

export function makeTrack(id: string, lastTMs: number, more: Partial<Track> = {}): Track {
  const last = makeObservation(id, lastTMs);
  return {
    id,
    kind: last.kind,
    last,
    firstSeenMs: lastTMs - 60_000,
    observationCount: 3,
    zoneIds: [],
    ...more,
  };
}

export function makeDetection(id: string, tMs: number, more: Partial<Detection> = {}): Detection {
  const evidence = makeObservation('mmsi:272000001', tMs);
  return {
    id,
    type: 'zone_enter',
    tMs,
    trackId: evidence.trackId,
    kind: evidence.kind,
    zoneId: 'zone-a',
    ruleId: 'rule-1',
    citation: 'Art. 4(2)',
    agreementId: 'agr-1',
    agreementVersion: 1,
    lon: evidence.lon,
    lat: evidence.lat,
    summary: `detection ${id}`,
    evidence: [evidence],
    ...more,
  };
}

export function makeAgreement(id: string, name: string): Agreement {
  return {
    id,
    name,
    illustrative: true,
    versions: [{ version: 1, inForceFromMs: T0_MS, title: name, zones: [], rules: [] }],
  };
}

/** `track@msAfterT0` per observation, for comparing answers compactly. */
export function summarizeObservations(os: readonly Observation[]): string[] {
  return os.map((o) => `${o.trackId}@${o.tMs - T0_MS}`);
}
