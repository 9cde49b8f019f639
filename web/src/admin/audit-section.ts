/**
 * The audit log, newest entries first, a page at a time, and "Verify chain":
 * the server walks the whole hash chain as `truceline audit verify` does and
 * answers the head it reached, or the first entry that does not hold.
 * Entries are shown as stored; the page does not trust or hash them itself.
 */
import type { AuditEntry, AuditPageBody, AuditVerifyBody } from '../../../src/api/wire-accounts.js';
import { createElement } from '../dom.js';
import { formatUtcDateTime } from '../format.js';
import { apiJson } from '../session-client.js';
import { showFailure } from './admin-form.js';

const PAGE_SIZE = 25;

export interface AuditSection {
  element: HTMLElement;
  /** Show the newest page again, if that is the page shown (a change was just audited). */
  refresh(): void;
}

export function mountAuditSection(): AuditSection {
  const status = createElement('p', {
    className: 'adm-hint',
    attrs: { id: 'audit-status', role: 'status' },
  });
  const rows = createElement('tbody');
  const table = createElement('table', { className: 'adm-table', attrs: { id: 'audit-table' } }, [
    createElement('caption', { className: 'adm-visually-hidden', text: 'Audit log, newest first' }),
    createElement('thead', {}, [
      createElement(
        'tr',
        {},
        ['#', 'Time', 'Actor', 'Action', 'Subject', 'Details'].map((h) =>
          createElement('th', { text: h, attrs: { scope: 'col' } }),
        ),
      ),
    ]),
    rows,
  ]);
  const button = (id: string, text: string) =>
    createElement('button', { text, attrs: { type: 'button', id } });
  const newest = button('audit-newest', 'Newest');
  const newer = button('audit-newer', 'Newer');
  const older = button('audit-older', 'Older');
  const verify = button('audit-verify', 'Verify chain');
  const verdict = createElement('div', {
    className: 'adm-verdict',
    attrs: {
      id: 'audit-verify-result',
      'data-testid': 'audit-verify-result',
      'aria-live': 'polite',
    },
  });

  /** The seq the shown page starts after; undefined: the newest page. */
  let after: number | undefined;
  let shown: { firstSeq: number; lastSeq: number; headSeq: number } | undefined;

  const load = async (): Promise<void> => {
    try {
      const query = after === undefined ? '' : `after=${after}&`;
      const page = await apiJson<AuditPageBody>(`/api/audit?${query}limit=${PAGE_SIZE}`);
      const { entries, head } = page;
      rows.replaceChildren(...[...entries].reverse().map(renderEntryRow));
      shown =
        entries.length === 0
          ? undefined
          : { firstSeq: entries[0]!.seq, lastSeq: entries.at(-1)!.seq, headSeq: head.seq };
      newer.disabled = shown === undefined || shown.lastSeq >= head.seq;
      newest.disabled = newer.disabled;
      older.disabled = shown === undefined || shown.firstSeq <= 1;
      status.textContent =
        shown === undefined
          ? 'No entries.'
          : `Entries #${shown.firstSeq} to #${shown.lastSeq} of ${head.seq}`;
    } catch (err) {
      showFailure(err, status);
    }
  };

  newest.addEventListener('click', () => {
    after = undefined;
    void load();
  });
  newer.addEventListener('click', () => {
    if (shown === undefined) return;
    after = shown.lastSeq + PAGE_SIZE >= shown.headSeq ? undefined : shown.lastSeq;
    void load();
  });
  older.addEventListener('click', () => {
    if (shown === undefined) return;
    after = Math.max(0, shown.firstSeq - 1 - PAGE_SIZE);
    void load();
  });
  verify.addEventListener('click', async () => {
    verify.disabled = true;
    verdict.dataset.state = 'checking';
    verdict.textContent = 'Walking the whole chain…';
    try {
      renderVerdict(verdict, await apiJson<AuditVerifyBody>('/api/audit/verify'));
    } catch (err) {
      delete verdict.dataset.state;
      showFailure(err, verdict);
    } finally {
      verify.disabled = false;
    }
  });

  void load();
  const element = createElement(
    'section',
    {
      className: 'adm-section',
      attrs: { id: 'audit-section', 'aria-labelledby': 'audit-heading' },
    },
    [
      createElement('h2', { text: 'Audit log', attrs: { id: 'audit-heading' } }),
      createElement('p', {
        className: 'adm-hint',
        text: 'Every change to a user, token, incident, agreement or report, each entry chained to the one before by its SHA-256.',
      }),
      createElement('div', { className: 'adm-buttons' }, [verify]),
      verdict,
      createElement('div', { className: 'adm-buttons' }, [newest, newer, older]),
      status,
      createElement('div', { className: 'adm-table-wrap' }, [table]),
    ],
  );
  return {
    element,
    refresh() {
      if (after === undefined) void load();
    },
  };
}

function renderEntryRow(e: AuditEntry): HTMLTableRowElement {
  return createElement('tr', { attrs: { 'data-testid': 'audit-row', 'data-seq': String(e.seq) } }, [
    createElement('td', { text: String(e.seq) }),
    createElement('td', { className: 'adm-time', text: formatUtcDateTime(e.tMs) }),
    createElement('td', { text: e.actor }),
    createElement('td', { className: 'adm-mono', text: e.action }),
    createElement('td', { className: 'adm-mono', text: `${e.subjectType} ${e.subjectId}` }),
    createElement('td', { className: 'adm-details', text: formatDetails(e.details) }),
  ]);
}

/** `username=bob, role=monitor`: short values as they are, the rest as JSON. */
function formatDetails(details: AuditEntry['details']): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function renderVerdict(el: HTMLElement, r: AuditVerifyBody): void {
  el.dataset.state = r.ok ? 'ok' : 'broken';
  if (r.ok) {
    el.replaceChildren(
      createElement('strong', { text: 'The chain holds' }),
      `: ${r.count} ${r.count === 1 ? 'entry' : 'entries'}, head `,
      createElement('code', { attrs: { id: 'audit-head-hash' }, text: r.head.hash }),
    );
    return;
  }
  el.replaceChildren(
    createElement('strong', { text: `Broken at entry #${r.broken.seq}` }),
    ` (${r.broken.kind}): ${r.broken.reason}. ${r.count} ${r.count === 1 ? 'entry holds' : 'entries hold'} before it, up to head `,
    createElement('code', { attrs: { id: 'audit-head-hash' }, text: r.head.hash }),
    '.',
  );
}
