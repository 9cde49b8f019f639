/**
 * One incident (`incidents.html?id=INC-…`): what it is, the map, the
 * evidence, the history, and the moves this session may make.
 */
import type * as L from 'leaflet';
import type { IncidentDetailBody } from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { formatLatLon, formatUtcDateTime } from '../format.js';
import { ApiFailure, apiJson } from '../session-client.js';
import { renderActions } from './incident-actions.js';
import { renderEvidence } from './incident-evidence.js';
import { CONFIDENCE_LABELS, describeEvent, formatKind, STATE_LABELS } from './incident-labels.js';
import { mountIncidentMap } from './incident-map.js';

export interface ViewOptions {
  username: string;
  canReview: boolean;
}

export function mountIncidentView(root: HTMLElement, id: string, opts: ViewOptions): void {
  let map: L.Map | undefined;
  const show = async (showId: string) => {
    if (showId !== id) {
      // Split made a new incident, or merge was asked from another: go there.
      location.search = `?id=${encodeURIComponent(showId)}`;
      return;
    }
    let detail: IncidentDetailBody;
    try {
      detail = await apiJson<IncidentDetailBody>(`/api/incidents/${encodeURIComponent(id)}`);
    } catch (err) {
      root.replaceChildren(
        createElement(
          'p',
          { className: 'inc-error', attrs: { id: 'incident-missing', role: 'alert' } },
          [err instanceof ApiFailure ? err.message : 'The server cannot be reached.'],
        ),
        createElement('a', { text: '← Back to the queue', attrs: { href: '/incidents.html' } }),
      );
      return;
    }
    map?.remove();
    const mapEl = createElement('div', { className: 'inc-map', attrs: { id: 'incident-map' } });
    const evidence = renderEvidence(detail, opts.canReview && isWorkable(detail));
    root.replaceChildren(
      renderHeader(detail),
      createElement('div', { className: 'inc-detail' }, [
        createElement('div', { className: 'inc-main' }, [
          mapEl,
          createElement('section', { attrs: { 'aria-labelledby': 'inc-evidence-title' } }, [
            createElement('h2', { text: 'Evidence', attrs: { id: 'inc-evidence-title' } }),
            evidence.element,
          ]),
        ]),
        createElement('aside', { className: 'inc-side' }, [
          opts.canReview
            ? renderActions({
                incident: detail.incident,
                username: opts.username,
                chosenEvidence: evidence.chosen,
                done: (next) => void show(next),
              })
            : null,
          renderHistory(detail),
        ]),
      ]),
    );
    map = mountIncidentMap(mapEl, detail);
  };
  void show(id);
}

function isWorkable(detail: IncidentDetailBody): boolean {
  const { state, mergedInto } = detail.incident;
  return (state === 'open' || state === 'under_review') && mergedInto === null;
}

function renderHeader(detail: IncidentDetailBody): HTMLElement {
  const i = detail.incident;
  const facts: [string, string][] = [
    ['Kind', formatKind(i.kind)],
    ['Evidence', `${formatUtcDateTime(i.startMs)} – ${formatUtcDateTime(i.endMs)}`],
    ['Where', `${formatLatLon(i.lon, i.lat)}${i.zoneId ? ` · zone ${i.zoneId}` : ''}`],
    ['Tracks', i.trackIds.length > 0 ? i.trackIds.join(', ') : '—'],
    ['Assignee', i.assignee ?? '—'],
    ['Confidence', i.confidence === null ? '—' : CONFIDENCE_LABELS[i.confidence]],
  ];
  if (i.reportId !== null) facts.push(['Report', i.reportId]);
  return createElement('header', { className: 'inc-header' }, [
    createElement('a', {
      text: '← Queue',
      attrs: { href: '/incidents.html', id: 'back-to-queue' },
    }),
    createElement('h1', {}, [
      createElement('span', { className: 'inc-id', text: i.id }),
      ' ',
      createElement('span', { text: i.title, attrs: { id: 'incident-title' } }),
    ]),
    createElement('span', {
      className: `inc-state inc-state--${i.state}`,
      text: STATE_LABELS[i.state],
      attrs: { id: 'incident-state', 'data-state': i.state },
    }),
    i.mergedInto === null
      ? null
      : createElement('p', { className: 'inc-hint' }, [
          'Merged into ',
          createElement('a', {
            text: i.mergedInto,
            attrs: { href: `?id=${encodeURIComponent(i.mergedInto)}`, id: 'merged-into' },
          }),
          ': its evidence is there now.',
        ]),
    createElement(
      'dl',
      { className: 'inc-facts' },
      facts.flatMap(([k, v]) => [
        createElement('dt', { text: k }),
        createElement('dd', { text: v }),
      ]),
    ),
  ]);
}

function renderHistory(detail: IncidentDetailBody): HTMLElement {
  return createElement('section', { attrs: { 'aria-labelledby': 'inc-history-title' } }, [
    createElement('h2', { text: 'History', attrs: { id: 'inc-history-title' } }),
    createElement(
      'ol',
      { className: 'inc-history', attrs: { id: 'incident-history' } },
      detail.incident.history.map((e) =>
        createElement('li', { attrs: { 'data-action': e.action } }, [
          createElement('span', { text: describeEvent(e) }),
          e.reason ? createElement('q', { className: 'inc-reason', text: e.reason }) : null,
        ]),
      ),
    ),
  ]);
}
