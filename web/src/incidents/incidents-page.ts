/**
 * The analyst workspace (web/incidents.html): the incident queue, or one
 * incident with `?id=INC-…`. Reading needs `incident:read`; the moves are
 * shown only to sessions with `incident:review` (the server checks anyway).
 */
import 'leaflet/dist/leaflet.css';
import './incidents.css';
import { createElement } from '../dom.js';
import { requireCapability, sessionCan } from '../session-client.js';
import { mountSiteNav } from '../site-nav.js';
import { mountIncidentQueue } from './incident-queue.js';
import { mountIncidentView } from './incident-view.js';

const PAGE_PATH = '/incidents.html';

async function startPage(): Promise<void> {
  const session = await requireCapability('incident:read');
  if (session === null || session.user === null) return;
  mountSiteNav(session, PAGE_PATH);
  const root = document.getElementById('page')!;
  root.className = 'inc-page';
  const opts = {
    username: session.user.username,
    canReview: sessionCan(session, 'incident:review'),
    watchLive: sessionCan(session, 'live:read'),
  };
  const id = new URLSearchParams(location.search).get('id');
  if (id === null) mountIncidentQueue(root, opts);
  else mountIncidentView(root, id, opts);
}

startPage().catch((err: unknown) => {
  document
    .getElementById('page')
    ?.replaceChildren(
      createElement('p', { className: 'inc-error', attrs: { role: 'alert' } }, [
        `The workspace did not start: ${err instanceof Error ? err.message : String(err)}`,
      ]),
    );
});
