/**
 * File a field report (web/field-report.html): the form, the outbox on this
 * device and the reports the server holds from this monitor. Works offline
 * once opened online: reports wait in the outbox (IndexedDB) and are sent
 * when the server can be reached (docs/field-reports.md).
 */
import 'leaflet/dist/leaflet.css';
import './field-report.css';
import type { FieldReportPageBody } from '../../../src/api/wire-field-reports.js';
import { createElement } from '../dom.js';
import { apiJson, requireCapability, sessionCan } from '../session-client.js';
import { mountSiteNav } from '../site-nav.js';
import { installOfflineShell, loadSessionOrLastSeen } from './offline-shell.js';
import { OutboxDb, type OutboxItem } from './outbox-db.js';
import { OutboxSender } from './outbox-sender.js';
import { renderFiledReports, renderOutbox } from './outbox-view.js';
import { mountReportForm } from './report-form.js';

const PAGE_PATH = '/field-report.html';

async function startPage(): Promise<void> {
  const page = document.getElementById('page')!;
  const loaded = await loadSessionOrLastSeen();
  if (loaded === null) {
    page.textContent = 'The server cannot be reached and nobody has logged in on this device yet.';
    return;
  }
  const { session, offline } = loaded;
  if (!sessionCan(session, 'field-report:create') || session.user === null) {
    await requireCapability('field-report:create');
    return;
  }
  mountSiteNav(session, PAGE_PATH);
  const owner = session.user.username;

  const form = createElement('form', {
    className: 'fr-form',
    attrs: { 'aria-label': 'Field report' },
  });
  const outboxList = createElement('ul', { className: 'fr-list', attrs: { id: 'fr-outbox' } });
  const filedList = createElement('ul', { className: 'fr-list', attrs: { id: 'fr-filed' } });
  const filedStatus = createElement('p', { className: 'fr-hint', attrs: { role: 'status' } });
  page.className = 'fr-page';
  page.replaceChildren(
    form,
    createElement('aside', { className: 'fr-lists' }, [
      createElement('section', { attrs: { 'aria-labelledby': 'fr-outbox-title' } }, [
        createElement('h2', { text: 'Outbox on this device', attrs: { id: 'fr-outbox-title' } }),
        outboxList,
      ]),
      createElement('section', { attrs: { 'aria-labelledby': 'fr-filed-title' } }, [
        createElement('h2', { text: 'Your filed reports', attrs: { id: 'fr-filed-title' } }),
        filedStatus,
        filedList,
      ]),
    ]),
  );

  const db = await OutboxDb.open();
  await db.tidy(owner, Date.now());
  const showOutbox = async () => renderOutbox(outboxList, await db.list(owner), actions);
  const showFiled = async () => {
    try {
      const page = await apiJson<FieldReportPageBody>('/api/field-reports?limit=50');
      renderFiledReports(filedList, page.items);
      filedStatus.textContent = '';
    } catch {
      filedStatus.textContent =
        'The server cannot be reached: your filed reports show when it can.';
    }
  };
  const sender = new OutboxSender(db, owner, (item: OutboxItem) => {
    void showOutbox();
    if (item.state === 'sent') void showFiled();
  });
  const actions = {
    sendNow: () => void sender.flush(),
    edit: async (item: OutboxItem) => {
      const photos = item.photos
        .filter((p) => p.blob !== null)
        .map((p) => new File([p.blob!], p.fileName, { type: p.type }));
      reportForm.load({ input: item.input, photos });
      await db.delete(item.id);
      await showOutbox();
    },
    skipPhoto: async (item: OutboxItem, photoId: string) => {
      const photos = item.photos.filter((p) => p.id !== photoId);
      const { refusal: _dropped, ...rest } = item;
      await db.put({ ...rest, photos, state: 'queued' });
      await showOutbox();
      void sender.flush();
    },
    discard: async (item: OutboxItem) => {
      const unsent = item.state !== 'sent';
      if (
        unsent &&
        !confirm('Discard this report? It has not reached the server and will be lost.')
      ) {
        return;
      }
      await db.delete(item.id);
      await showOutbox();
    },
  };

  const reportForm = mountReportForm(form, async (draft) => {
    const id = crypto.randomUUID();
    await db.put({
      id,
      owner,
      input: { id, ...draft.input },
      photos: draft.photos.map((file) => ({
        id: crypto.randomUUID(),
        fileName: file.name,
        type: file.type,
        bytes: file.size,
        blob: file,
        sent: false,
      })),
      state: 'queued',
      reportSent: false,
      queuedMs: Date.now(),
      attempts: 0,
    });
    await showOutbox();
    void sender.flush();
  });

  await showOutbox();
  if (offline)
    filedStatus.textContent = 'Offline: your filed reports show when the server can be reached.';
  else void showFiled();
  sender.start();
  // Ask the browser not to evict the outbox under storage pressure (it may say no).
  void navigator.storage?.persist?.().catch(() => false);
  // After the base map's data has loaded, so that it is cached too.
  void reportForm.mapSettled
    .then(installOfflineShell)
    .catch((err: unknown) => console.warn('offline start unavailable', err));
}

startPage().catch((err: unknown) => {
  document.getElementById('page')!.textContent = `The page failed to start: ${String(err)}`;
  throw err;
});
