/**
 * The links between the pages of the web app, who is logged in, and log in
 * or out: as a bar at the top of every page (mountSiteNav), and inside the
 * live map's own header (mountHeaderNav), whose layout has no room for a
 * bar. Links a role may not use are not shown; the server refuses them anyway.
 */
import type { Capability, SessionBody } from '../../src/api/wire.js';
import './site-nav.css';
import { apiFetch, forgetSession, loginUrl, sessionCan } from './session-client.js';

interface NavLink {
  href: string;
  label: string;
  /** Shown only to sessions that hold it. */
  capability: Capability;
}

/** In the order a role's home page is looked for (findHomePage). */
export const NAV_LINKS: readonly NavLink[] = [
  { href: '/', label: 'Live map', capability: 'live:read' },
  { href: '/incidents.html', label: 'Incidents', capability: 'incident:read' },
  { href: '/field-report.html', label: 'Field report', capability: 'field-report:create' },
  { href: '/reports.html', label: 'Reports', capability: 'published:read' },
  { href: '/admin.html', label: 'Users and tokens', capability: 'user:manage' },
];

/** Where the public lands: published reports need no account. */
export const PUBLIC_HOME = '/reports.html';

/** The first page of NAV_LINKS this session may open. */
export function findHomePage(session: SessionBody): string {
  return NAV_LINKS.find((l) => sessionCan(session, l.capability))?.href ?? PUBLIC_HOME;
}

/** Puts the bar at the top of `document.body`; `current` is the page's own path. */
export function mountSiteNav(session: SessionBody, current: string): HTMLElement {
  const nav = document.createElement('nav');
  nav.className = 'site-nav';
  const brand = document.createElement('a');
  brand.className = 'site-nav-brand';
  brand.href = findHomePage(session);
  brand.textContent = 'Truceline';
  nav.append(brand);
  fillNav(nav, session, current);
  document.body.prepend(nav);
  return nav;
}

/** The same links and account controls inside `container` (the live map's header). */
export function mountHeaderNav(
  container: HTMLElement,
  session: SessionBody,
  current: string,
): HTMLElement {
  const nav = document.createElement('nav');
  nav.className = 'site-nav site-nav-inline';
  fillNav(nav, session, current, { compact: true });
  container.replaceChildren(nav);
  return nav;
}

/** Compact (the map's crowded header): no link to the page itself, and the role only on hover. */
function fillNav(
  nav: HTMLElement,
  session: SessionBody,
  current: string,
  { compact = false }: { compact?: boolean } = {},
): void {
  nav.setAttribute('aria-label', 'Truceline pages');
  for (const link of NAV_LINKS) {
    if (!sessionCan(session, link.capability)) continue;
    if (compact && link.href === current) continue;
    const a = document.createElement('a');
    a.href = link.href;
    a.textContent = link.label;
    if (link.href === current) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  nav.append(renderAccount(session, compact));
}

function renderAccount(session: SessionBody, compact: boolean): HTMLElement {
  const who = document.createElement('span');
  who.className = 'site-nav-who';
  if (session.user === null) {
    const login = document.createElement('a');
    login.href = loginUrl();
    login.textContent = 'Log in';
    who.append(login);
    return who;
  }
  const name = document.createElement('span');
  name.className = 'site-nav-user';
  name.textContent = session.user.username;
  name.title = `Logged in as ${session.user.username} (${session.user.role})`;
  const role = document.createElement('span');
  role.className = 'site-nav-role';
  role.textContent = session.user.role;
  const logout = document.createElement('button');
  logout.type = 'button';
  logout.className = 'site-nav-logout';
  logout.textContent = 'Log out';
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    // Whatever the answer, this browser is done with the session.
    await apiFetch('/api/logout', { method: 'POST' }).catch(() => {});
    forgetSession();
    location.assign(PUBLIC_HOME);
  });
  if (compact) who.append(name, logout);
  else who.append(name, role, logout);
  return who;
}
