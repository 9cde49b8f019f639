/**
 * Builds a report's content from incidents: pure, so that every figure can be
 * checked against hand-made incidents (DESIGN.md: every figure in a report can
 * be traced back). The incidents come from IncidentService.listForReport; the
 * builder counts only verified and published ones, whatever it is given.
 */

import { findVersionInForce } from '../core/agreement.js';
import type { Agreement } from '../core/types.js';
import type { AuditHead } from './audit-chain.js';
import type { Incident } from './incident-types.js';
import { labelIncidentKind, labelTrackKind, NO_ZONE_LABEL } from './report-labels.js';
import { writeReportNarrative } from './report-narrative.js';
import { describePeriod, formatPeriod, isUtcDay, previousPeriodOf } from './report-period.js';
import type {
  ReportContent,
  ReportCountRow,
  ReportIncident,
  ReportPeriod,
} from './report-types.js';

export interface ReportBuildInput {
  id: string;
  /** Given by the analyst; a default names the period. */
  title?: string;
  fromMs: number;
  toMs: number;
  generatedMs: number;
  /** Incidents whose first evidence falls in [fromMs, toMs). */
  incidents: readonly Incident[];
  /** Incidents of the previous period of the same length. */
  previousIncidents: readonly Incident[];
  /** The agreement; the version in force at the end of the period is named. */
  agreement: Agreement | undefined;
  auditHead: AuditHead;
}

/** Where the mission's staff see an incident's evidence (an account is needed). */
export function incidentEvidenceUrl(id: string): string {
  return `/incidents.html?id=${encodeURIComponent(id)}`;
}

export function defaultReportTitle(fromMs: number, toMs: number): string {
  return `${isUtcDay(fromMs, toMs) ? 'Daily report' : 'Report'} ${formatPeriod(fromMs, toMs)}`;
}

export function buildReportContent(input: ReportBuildInput): ReportContent {
  const { fromMs, toMs } = input;
  const current = onlyCounted(input.incidents);
  const previous = onlyCounted(input.previousIncidents);
  // The version in force at the period's last instant names the zones.
  const version =
    input.agreement === undefined ? null : findVersionInForce(input.agreement, toMs - 1);
  const zoneNames = new Map((version?.zones ?? []).map((z) => [z.id, z.name]));
  const zoneLabel = (id: string) => (id === '' ? NO_ZONE_LABEL : (zoneNames.get(id) ?? id));
  const prev = previousPeriodOf(fromMs, toMs);
  const period: ReportPeriod = describePeriod(fromMs, toMs);
  const totals = {
    count: current.length,
    previous: previous.length,
    delta: current.length - previous.length,
  };
  const byZone = countBy(current, previous, (i) => [i.zoneId], zoneLabel);
  const byCategory = countBy(current, previous, (i) => [i.kind], labelIncidentKind);
  const byTrackKind = countBy(current, previous, trackKindsOf, labelTrackKind);
  const content: ReportContent = {
    id: input.id,
    title: input.title ?? defaultReportTitle(fromMs, toMs),
    period,
    previousPeriod: describePeriod(prev.fromMs, prev.toMs),
    generatedAt: new Date(input.generatedMs).toISOString(),
    agreement:
      input.agreement === undefined || version === null
        ? null
        : {
            id: input.agreement.id,
            name: input.agreement.name,
            version: version.version,
            versionTitle: version.title,
            illustrative: input.agreement.illustrative,
          },
    totals,
    byZone,
    byCategory,
    byTrackKind,
    narrative: [],
    incidents: current.map((inc, i) => describeIncident(inc, i + 1, zoneLabel)),
    auditHead: { seq: input.auditHead.seq, hash: input.auditHead.hash },
  };
  content.narrative = writeReportNarrative(content);
  return content;
}

/** Verified or published, oldest first (then by id, so that numbering is stable). */
function onlyCounted(incidents: readonly Incident[]): Incident[] {
  return incidents
    .filter((i) => i.state === 'verified' || i.state === 'published')
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An incident with no track (field reports only) counts under ''. */
function trackKindsOf(i: Incident): string[] {
  return i.trackKinds.length === 0 ? [''] : [...new Set(i.trackKinds)];
}

/**
 * Rows for every key seen in either period, most incidents first. An
 * incident counts once per key it has (an encounter of a vessel and an
 * aircraft counts under both kinds), so rows may sum to more than the total.
 */
function countBy(
  current: readonly Incident[],
  previous: readonly Incident[],
  keysOf: (i: Incident) => string[],
  labelOf: (key: string) => string,
): ReportCountRow[] {
  const rows = new Map<string, ReportCountRow>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (r === undefined) {
      r = { key, label: labelOf(key), count: 0, previous: 0, delta: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const i of current) for (const k of keysOf(i)) row(k).count++;
  for (const i of previous) for (const k of keysOf(i)) row(k).previous++;
  for (const r of rows.values()) r.delta = r.count - r.previous;
  return [...rows.values()].sort(
    (a, b) =>
      b.count - a.count || b.previous - a.previous || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function describeIncident(
  inc: Incident,
  n: number,
  zoneLabel: (id: string) => string,
): ReportIncident {
  return {
    n,
    id: inc.id,
    kind: inc.kind,
    kindLabel: labelIncidentKind(inc.kind),
    title: inc.title,
    startMs: inc.startMs,
    endMs: inc.endMs,
    lon: roundDeg(inc.lon),
    lat: roundDeg(inc.lat),
    zoneId: inc.zoneId,
    zoneName: inc.zoneId === '' ? '' : zoneLabel(inc.zoneId),
    confidence: inc.confidence,
    evidence: {
      detections: inc.detectionIds.length,
      fieldReports: inc.fieldReportIds.length,
      tracks: inc.trackIds.length,
      trackKinds: [...new Set(inc.trackKinds)].sort(),
    },
    evidenceUrl: incidentEvidenceUrl(inc.id),
  };
}

/** 5 decimals: about a metre, and what a reader needs. */
function roundDeg(deg: number): number {
  return Math.round(deg * 1e5) / 1e5;
}
