/**
 * The report's incidents as CSV (RFC 4180) and as GeoJSON (RFC 7946): the
 * files integrators load into spreadsheets and GIS. Both are signed as bytes
 * (detached signatures), so they are built once, deterministically, from the
 * report's content and never rewritten.
 */
import type { ReportContent, ReportIncident } from './report-types.js';

export const CSV_COLUMNS = [
  'n',
  'id',
  'start_utc',
  'end_utc',
  'lon',
  'lat',
  'zone_id',
  'zone_name',
  'kind',
  'kind_label',
  'confidence',
  'title',
  'detections',
  'field_reports',
  'tracks',
  'track_kinds',
  'evidence_url',
] as const;

/**
 * One line per incident, CRLF line ends, UTF-8. Free text that a spreadsheet
 * would take for a formula (= + - @ first) is prefixed with `'`: a title is
 * written by a person and must never run in a reader's spreadsheet.
 */
export function renderReportCsv(content: ReportContent): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const i of content.incidents) {
    const cells: (string | number)[] = [
      i.n,
      i.id,
      new Date(i.startMs).toISOString(),
      new Date(i.endMs).toISOString(),
      i.lon,
      i.lat,
      i.zoneId,
      neutraliseFormula(i.zoneName),
      i.kind,
      i.kindLabel,
      i.confidence ?? '',
      neutraliseFormula(i.title),
      i.evidence.detections,
      i.evidence.fieldReports,
      i.evidence.tracks,
      i.evidence.trackKinds.join(' '),
      i.evidenceUrl,
    ];
    lines.push(cells.map((c) => escapeCsvCell(String(c))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180: a cell holding a comma, quote or line break is quoted, its quotes doubled. */
export function escapeCsvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A FeatureCollection of Points, one per incident, with the report named in a
 * foreign member (`report`), which RFC 7946 §6.1 allows and readers ignore.
 */
export function renderReportGeoJson(content: ReportContent): string {
  const collection = {
    type: 'FeatureCollection',
    report: {
      id: content.id,
      title: content.title,
      from: content.period.from,
      to: content.period.to,
    },
    features: content.incidents.map(toFeature),
  };
  return `${JSON.stringify(collection, null, 2)}\n`;
}

function toFeature(i: ReportIncident) {
  const { lon, lat, ...properties } = i;
  return {
    type: 'Feature',
    id: i.id,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: {
      ...properties,
      start: new Date(i.startMs).toISOString(),
      end: new Date(i.endMs).toISOString(),
    },
  };
}
