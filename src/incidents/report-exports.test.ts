import { describe, expect, it } from 'vitest';
import { EMPTY_AUDIT_HEAD } from './audit-chain.js';
import type { Incident } from './incident-types.js';
import { buildReportContent } from './report-builder.js';
import {
  CSV_COLUMNS,
  escapeCsvCell,
  renderReportCsv,
  renderReportGeoJson,
} from './report-exports.js';
import { DAY0_MS, HOUR_MS, makeIncident, makeReportAgreement } from './report-fixtures.js';
import { DAY_MS } from './report-period.js';

function contentOf(incidents: Incident[]) {
  return buildReportContent({
    id: 'RPT-20260101-0000abcd',
    fromMs: DAY0_MS,
    toMs: DAY0_MS + DAY_MS,
    generatedMs: DAY0_MS + DAY_MS,
    incidents,
    previousIncidents: [],
    agreement: makeReportAgreement(),
    auditHead: EMPTY_AUDIT_HEAD,
  });
}

/** RFC 4180 reader, enough to read back what the writer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('renderReportCsv', () => {
  it('quotes commas, quotes and line breaks so that every title reads back as written', () => {
    const titles = [
      'Shelling, north of "Point 7"',
      'two\nlines',
      'plain',
      'Überflug ✈',
      'cr\rhere',
    ];
    const csv = renderReportCsv(
      contentOf(
        titles.map((t, i) => makeIncident(`INC-${i}`, DAY0_MS + i * HOUR_MS, { title: t })),
      ),
    );
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf('title')])).toEqual(titles);
    expect(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('keeps a title that a spreadsheet would run as a formula from running', () => {
    const rows = parseCsv(
      renderReportCsv(
        contentOf([makeIncident('INC-1', DAY0_MS, { title: '=HYPERLINK("http://x")' })]),
      ),
    );
    expect(rows[1]![CSV_COLUMNS.indexOf('title')]).toBe('\'=HYPERLINK("http://x")');
  });

  it('writes times in ISO 8601 UTC, places as numbers and the evidence counts', () => {
    const rows = parseCsv(renderReportCsv(contentOf([makeIncident('INC-1', DAY0_MS + HOUR_MS)])));
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(row).toMatchObject({
      n: '1',
      id: 'INC-1',
      start_utc: '2026-01-01T01:00:00.000Z',
      lon: '33.5',
      lat: '45.2',
      zone_name: 'Buffer North',
      confidence: 'high',
      detections: '1',
      field_reports: '0',
      evidence_url: '/incidents.html?id=INC-1',
    });
  });

  it('escapes a cell only when it must', () => {
    expect(escapeCsvCell('plain')).toBe('plain');
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('renderReportGeoJson', () => {
  it('is an RFC 7946 FeatureCollection of points in lon, lat order, one per incident', () => {
    const geo = JSON.parse(
      renderReportGeoJson(
        contentOf([
          makeIncident('INC-1', DAY0_MS, { lon: 33.1, lat: 45.1 }),
          makeIncident('INC-2', DAY0_MS + 1, { lon: 33.2, lat: 45.3, title: '<b>"quoted"</b>' }),
        ]),
      ),
    );
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.report).toMatchObject({ id: 'RPT-20260101-0000abcd' });
    expect(geo.features).toHaveLength(2);
    for (const f of geo.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      expect(f.geometry.coordinates).toHaveLength(2);
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThanOrEqual(-180);
      expect(lon).toBeLessThanOrEqual(180);
      expect(lat).toBeGreaterThanOrEqual(-90);
      expect(lat).toBeLessThanOrEqual(90);
      expect(typeof f.properties).toBe('object');
    }
    expect(geo.features[1].geometry.coordinates).toEqual([33.2, 45.3]);
    expect(geo.features[1].properties).toMatchObject({
      id: 'INC-2',
      n: 2,
      title: '<b>"quoted"</b>',
      start: '2026-01-01T00:00:00.001Z',
    });
  });

  it('is an empty collection for a report without incidents', () => {
    expect(JSON.parse(renderReportGeoJson(contentOf([]))).features).toEqual([]);
  });
});
