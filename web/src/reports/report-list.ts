/** The published reports, newest first: what anonymous visitors see first. */
import type { PublishedReportSummary } from '../../../src/api/wire-reports.js';
import { createElement } from '../dom.js';
import { formatUtcDate, formatUtcDateTime } from '../format.js';

export function renderReportList(items: readonly PublishedReportSummary[]): HTMLElement {
  if (items.length === 0) {
    return createElement('p', {
      className: 'report-meta',
      text: 'No report has been published yet.',
      attrs: { id: 'reports-empty' },
    });
  }
  return createElement(
    'ol',
    { className: 'report-list', attrs: { id: 'reports-list', 'aria-label': 'Published reports' } },
    items.map((r) =>
      createElement('li', { attrs: { 'data-report-id': r.id } }, [
        createElement('a', {
          className: 'report-link',
          text: r.title,
          attrs: {
            href: `/reports.html?id=${encodeURIComponent(r.id)}`,
            'data-testid': 'report-link',
          },
        }),
        createElement('span', {
          className: 'report-meta',
          text: ` ${formatPeriod(r.fromMs, r.toMs)} · ${r.incidentCount} incident(s) · published ${formatUtcDateTime(r.publishedMs)}`,
        }),
      ]),
    ),
  );
}

/** Whole UTC days by their dates (the last one included), other periods by their times. */
export function formatPeriod(fromMs: number, toMs: number): string {
  const DAY_MS = 86_400_000;
  if (fromMs % DAY_MS !== 0 || toMs % DAY_MS !== 0) {
    return `${formatUtcDateTime(fromMs)} – ${formatUtcDateTime(toMs)}`;
  }
  const last = toMs - DAY_MS;
  return last === fromMs
    ? formatUtcDate(fromMs)
    : `${formatUtcDate(fromMs)} – ${formatUtcDate(last)}`;
}
