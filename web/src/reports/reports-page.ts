/**
 * /reports.html: the published reports, open to everyone (anonymous visitors
 * land here), and /reports.html?id=… one of them with its signed downloads
 * and a Verify panel to check them in the browser. Sessions that may write
 * reports also get the compose section (preview, publish).
 */
import type {
  PublishedReportList,
  PublishedReportSummary,
  ReportContent,
} from '../../../src/api/wire-reports.js';
import { createElement } from '../dom.js';
import { loadSession, sessionCan } from '../session-client.js';
import { mountSiteNav } from '../site-nav.js';
import { VerifyPanel } from '../verify-panel.js';
import '../overlay-panel.css';
import '../verify.css';
import './reports.css';
import { ReportCompose } from './report-compose.js';
import { renderReportList } from './report-list.js';
import { renderReportView } from './report-view.js';

/** The signed envelope as served: only the payload is read here. */
interface Envelope {
  payload: ReportContent;
}

async function start(): Promise<void> {
  const page = document.getElementById('page')!;
  const session = await loadSession();
  mountSiteNav(session, '/reports.html');

  const verifyToggle = createElement('button', {
    className: 'report-button',
    text: 'Verify a report',
    attrs: {
      type: 'button',
      id: 'verify-open',
      title: "Check a downloaded report against the mission's public key",
    },
  });
  const verifyContainer = createElement('section', { attrs: { id: 'verify-panel', hidden: '' } });
  const verify = new VerifyPanel({
    toggle: verifyToggle,
    container: verifyContainer,
    onOpen: () => {},
  });
  document.body.append(
    createElement('aside', { className: 'reports-verify-dock' }, [verifyContainer]),
  );

  const listBox = createElement('div', { attrs: { id: 'reports-list-box', 'aria-busy': 'true' } });
  const viewBox = createElement('div', { attrs: { id: 'report-view' } });
  const id = new URLSearchParams(location.search).get('id');
  page.className = 'reports-page';
  page.replaceChildren(
    createElement('header', { className: 'reports-header' }, [
      createElement('h1', { text: id ? 'Report' : 'Published reports' }),
      createElement('div', { className: 'reports-header-links' }, [
        id
          ? createElement('a', {
              text: '← All reports',
              attrs: { href: '/reports.html', id: 'reports-all' },
            })
          : null,
        createElement('a', { text: 'JSON Feed', attrs: { href: '/feed.json' } }),
        createElement('a', { text: 'Atom feed', attrs: { href: '/feed.atom' } }),
        verifyToggle,
      ]),
    ]),
    viewBox,
  );

  const refreshList = async () => {
    listBox.setAttribute('aria-busy', 'true');
    try {
      const list = await fetchJson<PublishedReportList>('/api/reports');
      listBox.replaceChildren(renderReportList(list.items));
    } catch (err) {
      listBox.replaceChildren(
        errorNote(`The reports could not be loaded: ${(err as Error).message}`),
      );
    }
    listBox.setAttribute('aria-busy', 'false');
  };

  if (sessionCan(session, 'report:write') && !id) {
    const compose = new ReportCompose({ onPublished: () => void refreshList() });
    page.append(compose.element);
  }
  if (id) {
    await showReport(viewBox, id, () => verify.open());
  } else {
    page.append(
      createElement('section', { attrs: { 'aria-label': 'Published reports' } }, [listBox]),
    );
    await refreshList();
  }
}

async function showReport(box: HTMLElement, id: string, onCheck: () => void): Promise<void> {
  box.setAttribute('aria-busy', 'true');
  try {
    const base = `/api/reports/${encodeURIComponent(id)}`;
    const [summary, envelope] = await Promise.all([
      fetchJson<PublishedReportSummary>(`${base}/summary`),
      fetchJson<Envelope>(base),
    ]);
    document.title = `Truceline — ${summary.title}`;
    box.replaceChildren(
      renderReportView(envelope.payload, {
        map: { url: summary.links.mapSvg },
        published: summary,
        onCheck,
      }),
    );
  } catch (err) {
    box.replaceChildren(errorNote(`Report ${id} could not be shown: ${(err as Error).message}`));
  }
  box.setAttribute('aria-busy', 'false');
}

/** Public reads: no session needed, the error's message when refused. */
async function fetchJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

function errorNote(text: string): HTMLElement {
  return createElement('p', { className: 'report-error', text, attrs: { role: 'alert' } });
}

start().catch((err: unknown) => {
  document
    .getElementById('page')
    ?.replaceChildren(errorNote(`The page failed to start: ${(err as Error).message}`));
});
