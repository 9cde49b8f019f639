/**
 * One report on the page: narrative, counts with their changes, the map, the
 * incident list and, once published, the signed downloads. The same view
 * shows an analyst's unpublished preview (no downloads).
 */
import type {
  PublishedReportSummary,
  ReportContent,
  ReportCountRow,
} from '../../../src/api/wire-reports.js';
import { createElement } from '../dom.js';
import { formatUtcDateTime } from '../format.js';

export interface ReportViewOptions {
  /** The map: a URL, or an SVG document (preview) shown as an image so that nothing in it runs. */
  map: { url: string } | { svg: string };
  /** The published report's facts and links; null for a preview. */
  published: PublishedReportSummary | null;
  /** Opens the Verify panel ("check it"). */
  onCheck?: () => void;
}

export function renderReportView(content: ReportContent, opts: ReportViewOptions): HTMLElement {
  const c = content;
  const agreement = c.agreement
    ? `Agreement in force: ${c.agreement.name} (${c.agreement.id}), version ${c.agreement.version}: ${c.agreement.versionTitle}`
    : 'No agreement version was in force at the end of the period.';
  const mapSrc =
    'url' in opts.map
      ? opts.map.url
      : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(opts.map.svg)}`;
  return createElement('article', { className: 'report', attrs: { 'data-report-id': c.id } }, [
    createElement('header', { className: 'report-header' }, [
      createElement('h2', { text: c.title, attrs: { id: 'report-title' } }),
      createElement('p', {
        className: 'report-meta',
        text: `${formatUtcDateTime(c.period.fromMs)} – ${formatUtcDateTime(c.period.toMs)} (end excluded)`,
        attrs: { id: 'report-period' },
      }),
      createElement('p', { className: 'report-meta', text: agreement }),
      c.agreement?.illustrative
        ? createElement('p', {
            className: 'report-illustrative',
            text: 'Illustrative agreement: its zones and lines are not real or proposed lines.',
          })
        : null,
      opts.published ? renderDownloads(opts.published, opts.onCheck) : null,
    ]),
    createElement('section', { attrs: { 'aria-labelledby': 'report-summary-h' } }, [
      createElement('h3', { text: 'Summary', attrs: { id: 'report-summary-h' } }),
      createElement(
        'div',
        { attrs: { id: 'report-narrative' } },
        c.narrative.map((s) => createElement('p', { text: s })),
      ),
    ]),
    createElement('section', { attrs: { 'aria-labelledby': 'report-counts-h' } }, [
      createElement('h3', {
        text: `Verified incidents: ${c.totals.count} (previous period ${c.totals.previous}, ${formatDelta(c.totals.delta)})`,
        attrs: { id: 'report-counts-h', 'data-testid': 'report-total' },
      }),
      createElement('div', { className: 'report-tables', attrs: { id: 'report-counts' } }, [
        renderCountTable('By zone', c.byZone),
        renderCountTable('By category', c.byCategory),
        renderCountTable('By track kind', c.byTrackKind),
      ]),
    ]),
    createElement('section', { attrs: { 'aria-labelledby': 'report-map-h' } }, [
      createElement('h3', { text: 'Map', attrs: { id: 'report-map-h' } }),
      createElement('img', {
        className: 'report-map',
        attrs: {
          id: 'report-map',
          src: mapSrc,
          alt: `Map of the ${c.incidents.length} incidents, numbered as in the list`,
        },
      }),
    ]),
    createElement('section', { attrs: { 'aria-labelledby': 'report-incidents-h' } }, [
      createElement('h3', { text: 'Incidents', attrs: { id: 'report-incidents-h' } }),
      renderIncidentTable(c),
    ]),
    createElement('p', {
      className: 'report-meta',
      text: `Audit log head when built: entry ${c.auditHead.seq}, ${c.auditHead.hash}`,
    }),
  ]);
}

function renderDownloads(r: PublishedReportSummary, onCheck?: () => void): HTMLElement {
  const link = (id: string, href: string | null, label: string) =>
    href === null
      ? null
      : createElement('a', {
          className: 'report-download',
          text: label,
          attrs: { id, href, download: '', 'data-testid': id },
        });
  const l = r.links;
  const check = createElement('button', {
    className: 'report-button',
    text: 'Check it',
    attrs: { type: 'button', id: 'report-check', 'data-testid': 'report-check' },
  });
  check.addEventListener('click', () => onCheck?.());
  return createElement(
    'div',
    { className: 'report-downloads', attrs: { id: 'report-downloads' } },
    [
      createElement('p', { className: 'report-meta' }, [
        `Published ${formatUtcDateTime(r.publishedMs)} by ${r.publishedBy}, signed with key `,
        createElement('code', { text: r.keyId }),
        '. SHA-256 of the report: ',
        createElement('code', { text: r.payloadSha256, attrs: { id: 'report-sha256' } }),
      ]),
      createElement('div', { className: 'report-download-row' }, [
        link('download-signed-json', l.signedJson, 'Signed report (JSON)'),
        link('download-pdf', l.pdf, 'PDF'),
        link('download-pdf-sig', l.pdfSig, 'PDF signature'),
        link('download-csv', l.csv, 'CSV'),
        link('download-csv-sig', l.csvSig, 'CSV signature'),
        link('download-geojson', l.geojson, 'GeoJSON'),
        link('download-geojson-sig', l.geojsonSig, 'GeoJSON signature'),
        createElement('a', {
          className: 'report-download',
          text: 'Printable page',
          attrs: { id: 'report-page-link', href: l.html, target: '_blank', rel: 'noopener' },
        }),
        check,
      ]),
      r.hasPdf
        ? null
        : createElement('p', {
            className: 'report-meta',
            text: 'No PDF: the server had no chromium to print it when it was published.',
          }),
    ],
  );
}

function renderCountTable(caption: string, rows: readonly ReportCountRow[]): HTMLTableElement {
  const head = createElement('thead', {}, [
    createElement('tr', {}, [
      createElement('th', { attrs: { scope: 'col' } }, [caption]),
      createElement('th', { className: 'num', text: 'Now', attrs: { scope: 'col' } }),
      createElement('th', { className: 'num', text: 'Before', attrs: { scope: 'col' } }),
      createElement('th', { className: 'num', text: 'Change', attrs: { scope: 'col' } }),
    ]),
  ]);
  const body = createElement(
    'tbody',
    {},
    rows.length === 0
      ? [
          createElement('tr', {}, [
            createElement('td', { text: 'None in either period.', attrs: { colspan: '4' } }),
          ]),
        ]
      : rows.map((r) =>
          createElement('tr', { attrs: { 'data-key': r.key } }, [
            createElement('th', { text: r.label, attrs: { scope: 'row' } }),
            createElement('td', { className: 'num', text: String(r.count) }),
            createElement('td', { className: 'num', text: String(r.previous) }),
            createElement('td', {
              className: `num ${r.delta > 0 ? 'delta-up' : r.delta < 0 ? 'delta-down' : ''}`,
              text: formatDelta(r.delta),
            }),
          ]),
        ),
  );
  return createElement('table', { className: 'report-table' }, [head, body]);
}

function renderIncidentTable(c: ReportContent): HTMLElement {
  if (c.incidents.length === 0) {
    return createElement('p', { text: 'No incident was verified in this period.' });
  }
  const rows = c.incidents.map((i) => {
    const e = i.evidence;
    const evidence = `${e.detections} detection(s), ${e.fieldReports} field report(s), ${e.tracks} track(s)${e.trackKinds.length ? ` (${e.trackKinds.join(', ')})` : ''}`;
    return createElement('tr', { attrs: { 'data-incident-id': i.id } }, [
      createElement('td', { className: 'num', text: String(i.n) }),
      createElement('td', { text: formatUtcDateTime(i.startMs) }),
      createElement('td', {
        text: `${i.lat.toFixed(4)}, ${i.lon.toFixed(4)}${i.zoneName ? ` · ${i.zoneName}` : ''}`,
      }),
      createElement('td', { text: i.kindLabel }),
      createElement('td', { text: i.confidence ?? '—' }),
      createElement('td', {}, [
        i.title,
        createElement('br'),
        createElement('small', {}, [
          createElement('a', {
            text: i.id,
            attrs: { href: i.evidenceUrl, title: 'Evidence (mission staff)' },
          }),
          ` · ${evidence}`,
        ]),
      ]),
    ]);
  });
  return createElement('table', { className: 'report-table', attrs: { id: 'report-incidents' } }, [
    createElement('thead', {}, [
      createElement(
        'tr',
        {},
        ['#', 'Start (UTC)', 'Where (lat, lon)', 'Kind', 'Confidence', 'Title and evidence'].map(
          (h) => createElement('th', { text: h, attrs: { scope: 'col' } }),
        ),
      ),
    ]),
    createElement('tbody', {}, rows),
  ]);
}

function formatDelta(d: number): string {
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0';
}
