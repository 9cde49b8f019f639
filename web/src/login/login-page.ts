/**
 * The login page: user name and password to POST /api/login, the server's
 * refusal shown as it is meant (one message for any wrong credentials, the
 * wait when rate limited), then on to `next` (a path of this site only) or
 * the role's home page. A visitor already logged in is offered to go on or
 * to log out.
 */
import type { SessionBody } from '../../../src/api/wire.js';
import { requireElement } from '../dom.js';
import { ApiFailure, apiFetch, forgetSession, loadSession } from '../session-client.js';
import { findHomePage } from '../site-nav.js';
import { readSafeNext } from './login-next.js';
import './login.css';

async function startLoginPage(): Promise<void> {
  const form = requireElement<HTMLFormElement>('login-form');
  const username = requireElement<HTMLInputElement>('login-username');
  const password = requireElement<HTMLInputElement>('login-password');
  const submit = requireElement<HTMLButtonElement>('login-submit');
  const next = readSafeNext(location.search, location.origin);

  const session = await loadSession().catch(() => null);
  if (session?.user) showSignedIn(session, next);
  username.focus();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (username.value.trim() === '' || password.value === '') {
      showError('Enter your user name and password.');
      (username.value.trim() === '' ? username : password).focus();
      return;
    }
    submit.disabled = true;
    showError(null);
    try {
      const res = await fetch('/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ username: username.value.trim(), password: password.value }),
      });
      if (!res.ok) throw await readFailure(res);
      const body = (await res.json()) as SessionBody;
      forgetSession();
      location.assign(next ?? findHomePage(body));
    } catch (err) {
      password.value = '';
      showError(describeFailure(err));
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
}

function showSignedIn(session: SessionBody, next: string | null): void {
  const user = session.user!;
  requireElement('login-form').hidden = true;
  requireElement('login-signed-in').hidden = false;
  requireElement('login-signed-in-text').textContent =
    `You are logged in as ${user.username} (${user.role}). Log out first to log in as someone else.`;
  requireElement<HTMLAnchorElement>('login-continue').href = next ?? findHomePage(session);
  requireElement<HTMLButtonElement>('login-logout').addEventListener('click', async () => {
    await apiFetch('/api/logout', { method: 'POST' }).catch(() => {});
    forgetSession();
    location.reload();
  });
}

function showError(message: string | null): void {
  const el = requireElement('login-error');
  el.hidden = message === null;
  el.textContent = message ?? '';
}

async function readFailure(res: Response): Promise<ApiFailure> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  return new ApiFailure(
    res.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `${res.status} ${res.statusText}`,
  );
}

function describeFailure(err: unknown): string {
  if (!(err instanceof ApiFailure)) {
    return 'The server could not be reached. Check the connection and try again.';
  }
  switch (err.code) {
    case 'invalid_credentials':
      // The server does not say which was wrong, nor whether the account is locked.
      return 'Wrong user name or password. After 5 failures in a row an account is locked for 15 minutes.';
    case 'rate_limited':
      return err.message;
    case 'csrf':
      return 'This page was opened from another site; open the login page directly and try again.';
    default:
      return `Login failed: ${err.message}`;
  }
}

startLoginPage().catch((err: unknown) =>
  showError(`The login page failed to start: ${String(err)}`),
);
