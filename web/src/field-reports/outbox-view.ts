/**
 * The two lists beside the form: the outbox on this device (queued,
 * sending, sent, refused with the server's reason) and the reports the
 * server holds from this monitor. Each outbox row offers what its state
 * allows, as buttons, so the lists work from the keyboard.
 */
import type { FieldReportBody } from '../../../src/api/wire-field-reports.js';
import { createElement } from '../dom.js';
import { CATEGORY_LABELS } from './field-report-labels.js';
import type { OutboxItem } from './outbox-db.js';

export interface OutboxActions {
  sendNow(): void;
  /** Back into the form to fix, and out of the outbox. */
  edit(item: OutboxItem): void;
  /** Drop a refused photo and send the rest. */
  skipPhoto(item: OutboxItem, photoId: string): void;
  discard(item: OutboxItem): void;
}

const STATE_LABELS: Record<OutboxItem['state'], string> = {
  queued: 'Queued',
  sending: 'Sending…',
  sent: 'Sent',
  refused: 'Refused',
};

export function renderOutbox(list: HTMLElement, items: OutboxItem[], actions: OutboxActions): void {
  if (items.length === 0) {
    list.replaceChildren(
      createElement('li', { className: 'fr-empty', text: 'Nothing waiting to be sent.' }),
    );
    return;
  }
  list.replaceChildren(...[...items].reverse().map((item) => renderItem(item, actions)));
}

function renderItem(item: OutboxItem, actions: OutboxActions): HTMLLIElement {
  const photosSent = item.photos.filter((p) => p.sent).length;
  const li = createElement('li', {
    className: `fr-item fr-${item.state}`,
    attrs: { 'data-report-id': item.id, 'data-state': item.state },
  });
  li.append(
    createElement('div', { className: 'fr-item-head' }, [
      createElement('span', { className: 'fr-badge', text: STATE_LABELS[item.state] }),
      createElement('strong', { text: CATEGORY_LABELS[item.input.category] }),
      createElement('span', { text: ` × ${item.input.count}` }),
    ]),
    createElement('div', { className: 'fr-item-meta', text: describeWhereWhen(item.input) }),
  );
  if (item.photos.length > 0) {
    li.append(
      createElement('div', {
        className: 'fr-item-meta',
        text: `${item.photos.length} photo${item.photos.length === 1 ? '' : 's'}, ${photosSent} sent`,
      }),
    );
  }
  const note = describeState(item);
  if (note !== '') {
    li.append(
      createElement('div', {
        className: item.state === 'refused' ? 'fr-item-refusal' : 'fr-item-note',
        text: note,
        attrs: item.state === 'refused' ? { role: 'alert' } : {},
      }),
    );
  }
  const buttons = createElement('div', { className: 'fr-item-actions' });
  const button = (label: string, onClick: () => void) => {
    const b = createElement('button', { text: label, attrs: { type: 'button' } });
    b.addEventListener('click', onClick);
    buttons.append(b);
  };
  if (item.state === 'queued') button('Send now', actions.sendNow);
  if (item.state === 'refused' && item.refusal?.photoId !== undefined) {
    const photoId = item.refusal.photoId;
    button('Send without this photo', () => actions.skipPhoto(item, photoId));
  }
  if (item.state === 'refused' && !item.reportSent)
    button('Edit and file again', () => actions.edit(item));
  if (item.state !== 'sending') {
    button(item.state === 'sent' ? 'Remove from list' : 'Discard', () => actions.discard(item));
  }
  if (buttons.childElementCount > 0) li.append(buttons);
  return li;
}

function describeState(item: OutboxItem): string {
  switch (item.state) {
    case 'queued':
      return item.lastError === undefined
        ? 'Waiting to be sent.'
        : `${item.lastError}: will retry.`;
    case 'sending':
      return '';
    case 'sent':
      return item.sentMs === undefined ? '' : `Sent at ${formatLocal(item.sentMs)}.`;
    case 'refused': {
      const r = item.refusal;
      if (r === undefined) return 'Refused by the server.';
      const photo = item.photos.find((p) => p.id === r.photoId);
      return `${photo === undefined ? '' : `Photo ${photo.fileName}: `}${r.message} (${r.status})`;
    }
  }
}

export function renderFiledReports(list: HTMLElement, reports: FieldReportBody[]): void {
  if (reports.length === 0) {
    list.replaceChildren(
      createElement('li', { className: 'fr-empty', text: 'No reports filed yet.' }),
    );
    return;
  }
  list.replaceChildren(
    ...reports.map((r) =>
      createElement('li', { className: 'fr-item', attrs: { 'data-report-id': r.id } }, [
        createElement('div', { className: 'fr-item-head' }, [
          createElement('strong', { text: CATEGORY_LABELS[r.category] }),
          createElement('span', { text: ` × ${r.count}` }),
        ]),
        createElement('div', { className: 'fr-item-meta', text: describeWhereWhen(r) }),
        createElement('div', {
          className: 'fr-item-meta',
          text: `Received ${formatLocal(r.receivedMs)}${r.attachments.length > 0 ? `, ${r.attachments.length} photo${r.attachments.length === 1 ? '' : 's'}` : ''}`,
        }),
        r.text === '' ? null : createElement('p', { className: 'fr-item-text', text: r.text }),
      ]),
    ),
  );
}

function describeWhereWhen(r: { observedMs: number; lon: number; lat: number }): string {
  return `${formatLocal(r.observedMs)} · ${r.lon.toFixed(5)}°E ${r.lat.toFixed(5)}°N`;
}

function formatLocal(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
