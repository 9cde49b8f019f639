/**
 * The queue's rows, keyed by incident id: a page load or a live change
 * patches them in place (a row that did not change is left alone, so focus
 * and a half-done click survive), adds new ones highlighted, and drops the
 * rest.
 */
import type { Incident } from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { formatUtcDateTime } from '../format.js';
import { formatKind, STATE_LABELS } from './incident-labels.js';

export interface RowOptions {
  username: string;
  canReview: boolean;
  /** "Assign to me" was clicked on this row; resolves when the move is done or failed. */
  assignToMe(incident: Incident, button: HTMLButtonElement): Promise<void>;
}

interface ShownRow {
  incident: Incident;
  row: HTMLTableRowElement;
}

export class QueueRows {
  readonly #body: HTMLTableSectionElement;
  readonly #opts: RowOptions;
  #shown = new Map<string, ShownRow>();

  constructor(body: HTMLTableSectionElement, opts: RowOptions) {
    this.#body = body;
    this.#opts = opts;
  }

  /** Shows `items` in this order; rows of ids in `fresh` are highlighted as new. */
  show(items: readonly Incident[], fresh: ReadonlySet<string> = new Set()): void {
    const next = new Map<string, ShownRow>();
    for (const incident of items) {
      const old = this.#shown.get(incident.id);
      let row: HTMLTableRowElement;
      if (old === undefined) {
        row = createElement('tr', {
          attrs: { 'data-incident-id': incident.id, 'data-testid': 'incident-row' },
        });
        this.#fill(row, incident);
      } else {
        row = old.row;
        // Two moves in one millisecond share updatedMs: compare the whole incident.
        if (JSON.stringify(old.incident) !== JSON.stringify(incident)) {
          this.#fill(row, incident);
          flash(row, 'is-changed');
        }
      }
      if (fresh.has(incident.id)) flash(row, 'is-new');
      next.set(incident.id, { incident, row });
    }
    this.#shown = next;
    // Moves the kept rows rather than rebuilding them.
    this.#body.replaceChildren(...[...next.values()].map((s) => s.row));
  }

  #fill(row: HTMLTableRowElement, i: Incident): void {
    const { canReview, username } = this.#opts;
    row.dataset.state = i.state;
    const open = createElement('a', {
      text: i.id,
      attrs: { href: `?id=${encodeURIComponent(i.id)}`, 'data-testid': 'open-incident' },
    });
    const assign =
      canReview && i.assignee !== username && i.state !== 'published' && i.mergedInto === null
        ? createElement('button', {
            text: 'Assign to me',
            attrs: { type: 'button', 'data-testid': 'assign-to-me' },
          })
        : null;
    assign?.addEventListener('click', () => void this.#opts.assignToMe(i, assign));
    row.replaceChildren(
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
    );
  }
}

/** Highlights a row for a moment (incidents.css); restarts when it changes again. */
function flash(row: HTMLTableRowElement, className: 'is-new' | 'is-changed'): void {
  row.classList.remove('is-new', 'is-changed');
  void row.offsetWidth;
  row.classList.add(className);
  row.addEventListener('animationend', () => row.classList.remove(className), { once: true });
}
