/**
 * The incident queue: filters (state, kind, zone, assignee), sort, pages,
 * and "assign to me" for sessions that may review. Filters live in the URL,
 * so a filtered queue can be bookmarked and the back button restores it.
 * Incidents created or changed elsewhere arrive over the live socket and
 * are put in place (or taken out) without a reload.
 */
import type {
  Incident,
  IncidentBody,
  IncidentListBody,
  IncidentSort,
  IncidentState,
} from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { ApiFailure, apiJson } from '../session-client.js';
import { STATE_LABELS } from './incident-labels.js';
import { connectIncidentFeed } from './incident-live.js';
import { compareForSort, mergeIntoPage, type QueueFilters } from './queue-order.js';
import { QueueRows } from './queue-rows.js';

const PAGE_SIZE = 50;
/** At most one quiet re-read of the page a second, however busy the live socket. */
const RESYNC_GAP_MS = 1000;

const SORTS: [IncidentSort, string][] = [
  ['-updated', 'Last changed first'],
  ['updated', 'Last changed last'],
  ['-start', 'Newest evidence first'],
  ['start', 'Oldest evidence first'],
  ['-created', 'Newest incident first'],
  ['created', 'Oldest incident first'],
];

/** The queue's query in the page URL: the same names as GET /api/incidents. */
const FILTER_KEYS = ['state', 'kind', 'zone', 'assignee', 'sort', 'offset'] as const;

export interface QueueOptions {
  /** The logged-in user's name, for "assign to me" and the "mine" filter. */
  username: string;
  canReview: boolean;
  /** Apply incidents created or changed elsewhere as they happen (the live socket). */
  watchLive: boolean;
}

export function mountIncidentQueue(root: HTMLElement, opts: QueueOptions): void {
  const params = new URLSearchParams(location.search);
  const form = createElement('form', {
    className: 'inc-filters',
    attrs: { id: 'incident-filters', 'aria-label': 'Filter incidents' },
  });
  const state = select('filter-state', 'State', [
    ['', 'Any state'],
    ...(Object.entries(STATE_LABELS) as [IncidentState, string][]),
  ]);
  const kind = input('filter-kind', 'Kind', 'e.g. zone_enter, explosion');
  const zone = input('filter-zone', 'Zone', 'zone id');
  const assignee = input('filter-assignee', 'Assignee', `a user name, or "none"`);
  const sort = select('queue-sort', 'Sort', SORTS);
  const mine = createElement('button', {
    text: 'Mine',
    attrs: { type: 'button', id: 'filter-mine' },
  });
  form.append(state.label, kind.label, zone.label, assignee.label, sort.label, mine);
  form.append(createElement('button', { text: 'Apply', attrs: { type: 'submit' } }));
  state.el.value = params.get('state') ?? '';
  kind.el.value = params.get('kind') ?? '';
  zone.el.value = params.get('zone') ?? '';
  assignee.el.value = params.get('assignee') ?? '';
  sort.el.value = params.get('sort') ?? '-updated';

  const status = createElement('p', {
    className: 'inc-status',
    attrs: { id: 'queue-status', role: 'status' },
  });
  const body = createElement('tbody');
  const table = createElement(
    'table',
    { className: 'inc-table', attrs: { id: 'incident-queue' } },
    [
      createElement('thead', {}, [
        createElement(
          'tr',
          {},
          [
            'Incident',
            'State',
            'Kind',
            'Title',
            'Zone',
            'Evidence',
            'Last evidence',
            'Assignee',
            '',
          ].map((h) => createElement('th', { text: h, attrs: { scope: 'col' } })),
        ),
      ]),
      body,
    ],
  );
  const pager = createElement('nav', { className: 'inc-pager', attrs: { 'aria-label': 'Pages' } });
  root.replaceChildren(
    createElement('h1', { text: 'Incidents' }),
    form,
    status,
    createElement('div', { className: 'inc-table-wrap' }, [table]),
    pager,
  );

  const go = (offset: number) => {
    const next = new URLSearchParams();
    for (const [key, value] of [
      ['state', state.el.value],
      ['kind', kind.el.value.trim()],
      ['zone', zone.el.value.trim()],
      ['assignee', assignee.el.value.trim()],
      ['sort', sort.el.value],
      ['offset', offset > 0 ? String(offset) : ''],
    ] as const) {
      if (value !== '' && !(key === 'sort' && value === '-updated')) next.set(key, value);
    }
    location.search = next.toString();
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(0);
  });
  mine.addEventListener('click', () => {
    assignee.el.value = opts.username;
    go(0);
  });

  const filters = readFilters(params);
  const compare = compareForSort((params.get('sort') ?? '-updated') as IncidentSort);
  const rows = new QueueRows(body, {
    ...opts,
    assignToMe: async (incident, button) => {
      button.disabled = true;
      try {
        const moved = await apiJson<IncidentBody>(
          `/api/incidents/${encodeURIComponent(incident.id)}/assign`,
          { body: { assignee: opts.username } },
        );
        applyChanges([moved.incident]);
      } catch (err) {
        status.textContent = err instanceof ApiFailure ? err.message : String(err);
        button.disabled = false;
      }
    },
  });
  /** The page as last read, with the live changes since. */
  let page: IncidentListBody | undefined;
  let loading: Promise<void> | undefined;
  let loadAgain = false;
  /** Changes that came while a read was on its way: the read may predate them. */
  let heldDuringLoad: Incident[] = [];

  const showPage = (next: IncidentListBody, fresh?: ReadonlySet<string>) => {
    page = next;
    rows.show(next.items, fresh);
    renderPager(pager, next, go);
    status.textContent = next.total === 0 ? 'No incidents match.' : `${next.total} incident(s).`;
  };

  /** Reads the page; `quiet` keeps the rows up while it does (a resync, not a visit). */
  const load = async (quiet: boolean): Promise<void> => {
    // One read at a time; resyncs asked meanwhile make one more, a moment later.
    if (loading !== undefined) {
      loadAgain = true;
      return loading;
    }
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const key of FILTER_KEYS) {
      const v = params.get(key);
      if (v !== null && v !== '') query.set(key, v);
    }
    if (!quiet) status.textContent = 'Loading…';
    loading = apiJson<IncidentListBody>(`/api/incidents?${query}`)
      .then((next) => showPage(next))
      .catch((err: unknown) => {
        status.textContent =
          err instanceof ApiFailure ? err.message : 'The server cannot be reached.';
      })
      .finally(() => {
        loading = undefined;
        if (loadAgain) {
          loadAgain = false;
          window.setTimeout(() => void load(true), RESYNC_GAP_MS);
        }
        const held = heldDuringLoad;
        heldDuringLoad = [];
        if (held.length > 0) applyChanges(held);
      });
    return loading;
  };

  const applyChanges = (changed: readonly Incident[]) => {
    if (loading !== undefined) heldDuringLoad.push(...changed);
    if (page === undefined) return;
    const merged = mergeIntoPage(page, changed, filters, compare);
    showPage(merged.page, merged.fresh);
    if (merged.unsure) void load(true);
  };

  void load(false);
  if (opts.watchLive) {
    const feed = connectIncidentFeed({
      onIncidents: applyChanges,
      onResync: () => void load(true),
    });
    form.after(feed.status);
  }
}

function readFilters(params: URLSearchParams): QueueFilters {
  const filters: QueueFilters = {};
  for (const key of ['state', 'kind', 'zone', 'assignee'] as const) {
    const v = params.get(key);
    if (v !== null && v !== '') filters[key] = v;
  }
  return filters;
}

function renderPager(
  pager: HTMLElement,
  page: IncidentListBody,
  go: (offset: number) => void,
): void {
  const prev = createElement('button', { text: '← Previous', attrs: { type: 'button' } });
  const next = createElement('button', { text: 'Next →', attrs: { type: 'button' } });
  prev.disabled = page.offset === 0;
  next.disabled = page.offset + page.items.length >= page.total;
  prev.addEventListener('click', () => go(Math.max(0, page.offset - page.limit)));
  next.addEventListener('click', () => go(page.offset + page.limit));
  const shown =
    page.items.length === 0
      ? ''
      : `${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`;
  pager.replaceChildren(prev, createElement('span', { text: shown }), next);
}

function select(
  id: string,
  text: string,
  options: readonly (readonly [string, string])[],
): { label: HTMLLabelElement; el: HTMLSelectElement } {
  const el = createElement(
    'select',
    { attrs: { id, name: id } },
    options.map(([value, label]) => createElement('option', { text: label, attrs: { value } })),
  );
  return { label: createElement('label', { text: `${text} ` }, [el]), el };
}

function input(
  id: string,
  text: string,
  placeholder: string,
): { label: HTMLLabelElement; el: HTMLInputElement } {
  const el = createElement('input', { attrs: { id, name: id, type: 'text', placeholder } });
  return { label: createElement('label', { text: `${text} ` }, [el]), el };
}
