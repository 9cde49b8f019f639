/**
 * One incident (`incidents.html?id=INC-…`): what it is, the map, the
 * evidence, the history, and the moves this session may make. A move made
 * elsewhere redraws it over the live socket, without losing a reason typed.
 */
import type * as L from 'leaflet';
import type { EvidenceRef, IncidentDetailBody } from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { formatLatLon, formatUtcDateTime } from '../format.js';
import { ApiFailure, apiJson } from '../session-client.js';
import { renderActions } from './incident-actions.js';
import { renderEvidence } from './incident-evidence.js';
import { CONFIDENCE_LABELS, describeEvent, formatKind, STATE_LABELS } from './incident-labels.js';
import { connectIncidentFeed } from './incident-live.js';
import { mountIncidentMap } from './incident-map.js';

export interface ViewOptions {
  username: string;
  canReview: boolean;
  /** Show moves made elsewhere (another analyst verified it) as they happen. */
  watchLive: boolean;
}

/** The parts of the page a change elsewhere may replace. */
interface Shown {
  detail: IncidentDetailBody;
  header: HTMLElement;
  side: HTMLElement;
  /** The evidence ticked for a split. */
  chosen: () => EvidenceRef[];
}

export function mountIncidentView(root: HTMLElement, id: string, opts: ViewOptions): void {
  let map: L.Map | undefined;
  let shown: Shown | undefined;

  const fetchDetail = () => apiJson<IncidentDetailBody>(`/api/incidents/${encodeURIComponent(id)}`);

  const renderSide = (detail: IncidentDetailBody, chosen: () => EvidenceRef[]) =>
    createElement('aside', { className: 'inc-side' }, [
      opts.canReview
        ? renderActions({
            incident: detail.incident,
            username: opts.username,
            chosenEvidence: chosen,
            done: (next) => void show(next),
          })
        : null,
      renderHistory(detail),
    ]);

  const show = async (showId: string) => {
    if (showId !== id) {
      // Split made a new incident, or merge was asked from another: go there.
      location.search = `?id=${encodeURIComponent(showId)}`;
      return;
    }
    let detail: IncidentDetailBody;
    try {
      detail = await fetchDetail();
    } catch (err) {
      shown = undefined;
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
    render(detail);
  };

  const render = (detail: IncidentDetailBody) => {
    map?.remove();
    const mapEl = createElement('div', { className: 'inc-map', attrs: { id: 'incident-map' } });
    const evidence = renderEvidence(detail, opts.canReview && isWorkable(detail));
    const header = renderHeader(detail);
    const side = renderSide(detail, evidence.chosen);
    root.replaceChildren(
      header,
      createElement('div', { className: 'inc-detail' }, [
        createElement('div', { className: 'inc-main' }, [
          mapEl,
          createElement('section', { attrs: { 'aria-labelledby': 'inc-evidence-title' } }, [
            createElement('h2', { text: 'Evidence', attrs: { id: 'inc-evidence-title' } }),
            evidence.element,
          ]),
        ]),
        side,
      ]),
    );
    map = mountIncidentMap(mapEl, detail);
    shown = { detail, header, side, chosen: evidence.chosen };
  };

  /**
   * Changed elsewhere: the header, the moves and the history are redrawn,
   * keeping what the user was typing; the map and the evidence only when the
   * evidence itself changed (a merge or split), since redrawing them would
   * lose the ticked boxes and the map's view.
   */
  const redraw = async () => {
    const before = shown;
    if (before === undefined) return;
    // Kept as shown when the server cannot be asked: the next change or resync asks again.
    const detail = await fetchDetail().catch(() => undefined);
    if (detail === undefined || shown !== before) return;
    if (JSON.stringify(detail.incident) === JSON.stringify(before.detail.incident)) return;
    if (!sameEvidence(detail, before.detail)) {
      const form = captureForm(before.side);
      render(detail);
      if (shown !== undefined) restoreForm(shown.side, form);
      return;
    }
    const header = renderHeader(detail);
    const side = renderSide(detail, before.chosen);
    const form = captureForm(before.side);
    before.header.replaceWith(header);
    before.side.replaceWith(side);
    restoreForm(side, form);
    shown = { ...before, detail, header, side };
  };
  // One redraw at a time, and one more after it when asked meanwhile: a
  // later answer must not be dropped because an earlier one landed first.
  let redrawing: Promise<void> | undefined;
  let redrawAgain = false;
  const refresh = () => {
    if (redrawing !== undefined) {
      redrawAgain = true;
      return;
    }
    redrawing = redraw().finally(() => {
      redrawing = undefined;
      if (redrawAgain) {
        redrawAgain = false;
        refresh();
      }
    });
  };

  void show(id);
  if (opts.watchLive) {
    const feed = connectIncidentFeed({
      onIncidents: (items) => {
        if (items.some((i) => i.id === id)) refresh();
      },
      onResync: refresh,
    });
    feed.status.classList.add('inc-live--corner');
    document.body.append(feed.status);
  }
}

function sameEvidence(a: IncidentDetailBody, b: IncidentDetailBody): boolean {
  const ids = (d: IncidentDetailBody) =>
    JSON.stringify([d.incident.detectionIds, d.incident.fieldReportIds]);
  return ids(a) === ids(b) && isWorkable(a) === isWorkable(b);
}

/** What the user had typed or chosen in the moves' form, by element id, and where the caret was. */
interface FormState {
  values: Map<string, string>;
  focusId: string | undefined;
  selection: [number, number] | undefined;
}

type FormField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function captureForm(from: HTMLElement): FormState {
  const values = new Map<string, string>();
  for (const el of from.querySelectorAll<FormField>('input[id], textarea[id], select[id]')) {
    values.set(el.id, el.value);
  }
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && from.contains(active) ? active : undefined;
  const selection =
    focused instanceof HTMLTextAreaElement || focused instanceof HTMLInputElement
      ? ([focused.selectionStart ?? 0, focused.selectionEnd ?? 0] as [number, number])
      : undefined;
  return { values, focusId: focused?.id || undefined, selection };
}

/** Puts typed text back where the same field exists (the new state may offer other moves); `to` is attached. */
function restoreForm(to: HTMLElement, state: FormState): void {
  for (const [fieldId, value] of state.values) {
    const el = to.querySelector<FormField>(`#${CSS.escape(fieldId)}`);
    if (el !== null) el.value = value;
  }
  if (state.focusId === undefined) return;
  const el = to.querySelector<HTMLElement>(`#${CSS.escape(state.focusId)}`);
  if (el === null) return;
  el.focus();
  if (state.selection && (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) {
    el.setSelectionRange(...state.selection);
  }
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
