/**
 * The incident queue: filters (state, kind, zone, assignee), sort, pages,
 * and "assign to me" for sessions that may review. Filters live in the URL,
 * so a filtered queue can be bookmarked and the back button restores it.
 */
import type {
  IncidentBody,
  IncidentListBody,
  IncidentSort,
  IncidentState,
} from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { formatUtcDateTime } from '../format.js';
import { ApiFailure, apiJson } from '../session-client.js';
import { formatKind, STATE_LABELS } from './incident-labels.js';

const PAGE_SIZE = 50;

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

  const load = async () => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const key of FILTER_KEYS) {
      const v = params.get(key);
      if (v !== null && v !== '') query.set(key, v);
    }
    status.textContent = 'Loading…';
    try {
      const page = await apiJson<IncidentListBody>(`/api/incidents?${query}`);
      renderRows(body, page, opts, load, status);
      renderPager(pager, page, go);
      status.textContent = page.total === 0 ? 'No incidents match.' : `${page.total} incident(s).`;
    } catch (err) {
      status.textContent =
        err instanceof ApiFailure ? err.message : 'The server cannot be reached.';
    }
  };
  void load();
}

function renderRows(
  body: HTMLTableSectionElement,
  page: IncidentListBody,
  opts: QueueOptions,
  reload: () => Promise<void>,
  status: HTMLElement,
): void {
  body.replaceChildren(
    ...page.items.map((i) => {
      const open = createElement('a', {
        text: i.id,
        attrs: { href: `?id=${encodeURIComponent(i.id)}`, 'data-testid': 'open-incident' },
      });
      const assign =
        opts.canReview &&
        i.assignee !== opts.username &&
        i.state !== 'published' &&
        i.mergedInto === null
          ? createElement('button', {
              text: 'Assign to me',
              attrs: { type: 'button', 'data-testid': 'assign-to-me' },
            })
          : null;
      assign?.addEventListener('click', async () => {
        assign.disabled = true;
        try {
          await apiJson<IncidentBody>(`/api/incidents/${encodeURIComponent(i.id)}/assign`, {
            body: { assignee: opts.username },
          });
          await reload();
        } catch (err) {
          status.textContent = err instanceof ApiFailure ? err.message : String(err);
          assign.disabled = false;
        }
      });
      return createElement(
        'tr',
        {
          attrs: { 'data-incident-id': i.id, 'data-testid': 'incident-row', 'data-state': i.state },
        },
        [
          createElement('td', {}, [open]),
          createElement('td', {}, [
            createElement('span', {
              className: `inc-state inc-state--${i.state}`,
              text: STATE_LABELS[i.state],
            }),
          ]),
          createElement('td', { text: formatKind(i.kind) }),
          createElement('td', {
            className: 'inc-title-cell',
            text: i.title,
            attrs: { title: i.title },
          }),
          createElement('td', { text: i.zoneId || '—' }),
          createElement('td', { text: String(i.detectionIds.length + i.fieldReportIds.length) }),
          createElement('td', { text: formatUtcDateTime(i.endMs) }),
          createElement('td', { text: i.assignee ?? '—' }),
          createElement('td', {}, [assign]),
        ],
      );
    }),
  );
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
