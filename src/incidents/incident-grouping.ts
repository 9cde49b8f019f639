/**
 * Which incident a new detection or field report joins: pure, so that the
 * same evidence in the same order always groups the same way (the store
 * calls `chooseIncident` inside the transaction that attaches it).
 *
 * An item joins an open or under-review incident with the same group key
 * (the family, and the zone, track or pair the family groups by) whose
 * evidence span, widened by the family's gap, holds the item's time, and,
 * for field reports, whose centre is within the family's distance. Of
 * several, the nearest in space, then in time, then the oldest id wins.
 */
import { distanceM } from '../core/geometry.js';
import type { Detection } from '../core/types.js';
import type { FieldReport } from './field-report-types.js';
import {
  type DetectionGroupBy,
  type GroupingConfig,
  LONE_DETECTION_GROUPING,
  LONE_FIELD_REPORT_GROUPING,
} from './incident-grouping-config.js';
import type { EvidencePoint } from './incident-types.js';

const MIN_MS = 60_000;

/** A piece of evidence with what decides where it goes. */
export interface GroupingItem {
  evidence: EvidencePoint;
  /** Incidents share a key when their evidence may be grouped at all. */
  groupKey: string;
  maxGapMs: number;
  /** Field reports only: null groups by key and time alone. */
  maxDistanceM: number | null;
  /** The title of the incident it starts, if it starts one. */
  title: string;
}

/** An incident the item might join: same key, open or under review, span within the gap. */
export interface GroupingCandidate {
  id: string;
  startMs: number;
  endMs: number;
  lon: number;
  lat: number;
}

/** How a detection is grouped, or null for types that never become incidents. */
export function placeDetection(config: GroupingConfig, d: Detection): GroupingItem | null {
  if (config.detections.skip.includes(d.type)) return null;
  const family = config.detections.families.find((f) => f.types.includes(d.type));
  const name = family?.name ?? d.type;
  const by = family?.by ?? LONE_DETECTION_GROUPING.by;
  const gapMin = family?.maxGapMin ?? LONE_DETECTION_GROUPING.maxGapMin;
  const trackIds = d.otherTrackId === undefined ? [d.trackId] : [d.trackId, d.otherTrackId];
  return {
    evidence: {
      type: 'detection',
      id: d.id,
      kind: d.type,
      tMs: d.tMs,
      lon: d.lon,
      lat: d.lat,
      zoneId: d.zoneId,
      trackIds,
      trackKind: d.kind,
    },
    groupKey: replaceLoneSurrogates(`detection:${name}|${by.map((b) => keyPart(b, d)).join('|')}`),
    maxGapMs: gapMin * MIN_MS,
    maxDistanceM: null,
    title: shortenTitle(d.summary),
  };
}

function keyPart(by: DetectionGroupBy, d: Detection): string {
  switch (by) {
    case 'zone':
      return `zone=${d.zoneId}`;
    case 'track':
      return `track=${d.trackId}`;
    case 'rule':
      return `rule=${d.ruleId}`;
    case 'pair':
      // Either vessel of an encounter may be the one the detector names first.
      return `pair=${[d.trackId, d.otherTrackId ?? ''].sort().join(',')}`;
  }
}

/** How a field report is grouped: every category becomes an incident. */
export function placeFieldReport(
  config: GroupingConfig,
  r: Pick<FieldReport, 'id' | 'category' | 'observedMs' | 'lon' | 'lat' | 'count'>,
): GroupingItem {
  const family = config.fieldReports.families.find((f) => f.categories.includes(r.category));
  const km = family?.maxDistanceKm ?? LONE_FIELD_REPORT_GROUPING.maxDistanceKm;
  const gapMin = family?.maxGapMin ?? LONE_FIELD_REPORT_GROUPING.maxGapMin;

  return {
    evidence: {
      type: 'field_report',
      id: r.id,
      kind: r.category,
      tMs: r.observedMs,
      lon: r.lon,
      lat: r.lat,
      zoneId: '',
      trackIds: [],
      trackKind: null,
    },
    groupKey: `field_report:${family?.name ?? r.category}`,
    maxGapMs: gapMin * MIN_MS,
    maxDistanceM: km * 1000,
    title: describeReport(r.category, r.count, r.lon, r.lat),
  };
}

const MAX_TITLE_CHARS = 140;

/** A detection's sentence as a title: at most 140 characters, fit for the audit log. */
export function shortenTitle(text: string): string {
  return replaceLoneSurrogates(
    text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS - 1)}…` : text,
  );
}

/** `Explosion ×3 reported at 47.800, 36.200`. */
function describeReport(category: string, count: number, lon: number, lat: number): string {
  const what = category.replaceAll('_', ' ');
  const times = count > 1 ? ` ×${count}` : '';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}${times} reported at ${lat.toFixed(3)}, ${lon.toFixed(3)}`;
}

/** A title from what the evidence link keeps, when the evidence itself is not at hand. */
export function describeEvidencePoint(e: EvidencePoint): string {
  if (e.type === 'field_report') return describeReport(e.kind, 1, e.lon, e.lat);
  return `${e.kind.replaceAll('_', ' ')} of ${e.trackIds.join(', ')}${e.zoneId ? ` in ${e.zoneId}` : ''}`;
}

/** The incident the item joins, or undefined to start a new one. */
export function chooseIncident(
  item: GroupingItem,
  candidates: readonly GroupingCandidate[],
): string | undefined {
  const t = item.evidence.tMs;
  let best: { id: string; dM: number; dtMs: number } | undefined;
  for (const c of candidates) {
    if (t < c.startMs - item.maxGapMs || t > c.endMs + item.maxGapMs) continue;
    const dM =
      item.maxDistanceM === null
        ? 0
        : distanceM(item.evidence.lon, item.evidence.lat, c.lon, c.lat);
    if (item.maxDistanceM !== null && dM > item.maxDistanceM) continue;
    const dtMs = t < c.startMs ? c.startMs - t : t > c.endMs ? t - c.endMs : 0;
    if (
      best === undefined ||
      dM < best.dM ||
      (dM === best.dM &&
        (dtMs < best.dtMs || (dtMs === best.dtMs && compareIds(c.id, best.id) < 0)))
    ) {
      best = { id: c.id, dM, dtMs };
    }
  }
  return best?.id;
}

/** `INC-000010` after `INC-000009`, and `INC-1000000` after `INC-999999`. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Titles and keys go into the audit log, which refuses text that is not
 * well-formed UTF-16; a name sent over the HTTP ingest could carry a lone
 * surrogate, and cutting a title could split a pair. Either would stop
 * grouping at that item for good, so they become U+FFFD.
 */
export function replaceLoneSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}
