/**
 * The evidence behind an incident: each detection's sentence, each field
 * report with its photos as thumbnails (the bytes come from the field report
 * endpoint, which checks the session). With `selectable`, each piece gets a
 * checkbox for choosing what to split off.
 */
import type {
  Detection,
  EvidenceRef,
  FieldReport,
  IncidentDetailBody,
} from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { formatLatLon, formatUtcDateTime } from '../format.js';
import { formatKind } from './incident-labels.js';

export interface EvidenceList {
  element: HTMLElement;
  /** The pieces whose checkbox is ticked. */
  chosen(): EvidenceRef[];
}

export function renderEvidence(detail: IncidentDetailBody, selectable: boolean): EvidenceList {
  const boxes: { ref: EvidenceRef; box: HTMLInputElement }[] = [];
  const choice = (ref: EvidenceRef): HTMLInputElement | null => {
    if (!selectable) return null;
    const box = createElement('input', {
      attrs: {
        type: 'checkbox',
        'data-testid': 'split-choice',
        'aria-label': `Choose ${ref.id} to split off`,
      },
    });
    boxes.push({ ref, box });
    return box;
  };
  const items = [
    ...detail.detections.map((d) => ({ tMs: d.tMs, el: renderDetection(d, choice) })),
    ...detail.fieldReports.map((r) => ({ tMs: r.observedMs, el: renderReport(r, choice) })),
  ].sort((a, b) => a.tMs - b.tMs);
  const missing =
    detail.incident.detectionIds.length + detail.incident.fieldReportIds.length - items.length;
  const element = createElement(
    'ol',
    { className: 'inc-evidence', attrs: { id: 'incident-evidence' } },
    [
      ...items.map((i) => i.el),
      missing > 0
        ? createElement('li', {
            className: 'inc-hint',
            text: `${missing} piece(s) of evidence could not be read from the store.`,
          })
        : null,
    ],
  );
  return {
    element,
    chosen: () => boxes.filter((b) => b.box.checked).map((b) => b.ref),
  };
}

function renderDetection(
  d: Detection,
  choice: (ref: EvidenceRef) => HTMLInputElement | null,
): HTMLElement {
  return createElement(
    'li',
    {
      className: 'inc-ev inc-ev--detection',
      attrs: { 'data-evidence-type': 'detection', 'data-evidence-id': d.id },
    },
    [
      choice({ type: 'detection', id: d.id }),
      createElement('div', { className: 'inc-ev-head' }, [
        createElement('span', { className: 'inc-ev-kind', text: formatKind(d.type) }),
        createElement('span', { text: formatUtcDateTime(d.tMs) }),
        createElement('code', { text: d.trackId }),
        d.zoneId ? createElement('span', { text: `zone ${d.zoneId}` }) : null,
      ]),
      createElement('p', { className: 'inc-ev-text', text: d.summary }),
      createElement('p', {
        className: 'inc-hint',
        text: `${d.ruleId} · ${d.citation} · ${d.evidence.length} observation(s) · ${formatLatLon(d.lon, d.lat)}`,
      }),
    ],
  );
}

function renderReport(
  r: FieldReport,
  choice: (ref: EvidenceRef) => HTMLInputElement | null,
): HTMLElement {
  const estimate = [
    r.bearingDeg === null ? '' : `bearing ${r.bearingDeg}°`,
    r.distanceM === null ? '' : `${r.distanceM} m away`,
  ]
    .filter(Boolean)
    .join(', ');
  return createElement(
    'li',
    {
      className: 'inc-ev inc-ev--report',
      attrs: { 'data-evidence-type': 'field_report', 'data-evidence-id': r.id },
    },
    [
      choice({ type: 'field_report', id: r.id }),
      createElement('div', { className: 'inc-ev-head' }, [
        createElement('span', {
          className: 'inc-ev-kind',
          text: `${formatKind(r.category)}${r.count > 1 ? ` ×${r.count}` : ''}`,
        }),
        createElement('span', { text: formatUtcDateTime(r.observedMs) }),
        createElement('span', { text: `field report by ${r.reporterName}` }),
      ]),
      r.text ? createElement('p', { className: 'inc-ev-text', text: r.text }) : null,
      createElement('p', {
        className: 'inc-hint',
        text: `${formatLatLon(r.lon, r.lat)}${estimate ? ` · ${estimate}` : ''}`,
      }),
      r.attachments.length > 0
        ? createElement(
            'div',
            { className: 'inc-photos' },
            r.attachments.map((a) => {
              const src = `/api/field-reports/${encodeURIComponent(r.id)}/attachments/${encodeURIComponent(a.id)}`;
              return createElement(
                'a',
                { attrs: { href: src, target: '_blank', rel: 'noopener' } },
                [
                  createElement('img', {
                    className: 'inc-photo',
                    attrs: {
                      src,
                      alt: a.fileName,
                      loading: 'lazy',
                      'data-testid': 'evidence-photo',
                      title: `${a.fileName} · ${a.mediaType} · ${a.bytes} bytes · sha256 ${a.sha256}`,
                    },
                  }),
                ],
              );
            }),
          )
        : null,
    ],
  );
}
