/**
 * Users, API tokens and the audit log (web/admin.html), so that an admin
 * manages accounts while the mission runs instead of stopping the server for
 * `truceline user …`. The page needs `user:manage`; the token and audit
 * sections show only to sessions holding theirs (the server checks anyway).
 */
import './admin.css';
import { createElement } from '../dom.js';
import { requireCapability, sessionCan } from '../session-client.js';
import { mountSiteNav } from '../site-nav.js';
import { mountAuditSection } from './audit-section.js';
import { mountTokenSection } from './token-section.js';
import { mountUserSection } from './user-section.js';

const PAGE_PATH = '/admin.html';

async function startPage(): Promise<void> {
  const session = await requireCapability('user:manage');
  if (session === null || session.user === null) return;
  mountSiteNav(session, PAGE_PATH);
  const root = document.getElementById('page')!;
  root.className = 'adm-page';
  root.replaceChildren(createElement('h1', { text: 'Users and tokens' }));
  // Every change is audited: the log section, when shown, follows along.
  const audit = sessionCan(session, 'audit:read') ? mountAuditSection() : undefined;
  const changed = () => audit?.refresh();
  root.append(mountUserSection({ username: session.user.username, changed }));
  if (sessionCan(session, 'token:manage')) root.append(mountTokenSection({ changed }));
  if (audit !== undefined) root.append(audit.element);
}

startPage().catch((err: unknown) => {
  document
    .getElementById('page')
    ?.replaceChildren(
      createElement('p', { className: 'adm-error', attrs: { role: 'alert' } }, [
        `The page did not start: ${err instanceof Error ? err.message : String(err)}`,
      ]),
    );
});
