/**
 * Users: who may log in, with what role; add one (the password typed, or
 * generated and shown once), and per user disable, enable or reset the
 * password, each after a confirm. The server refuses an admin disabling
 * themselves; the button says so before it is pressed.
 */
import {
  type NewUserRequest,
  ROLES,
  type Role,
  type UserBody,
  type UsersBody,
  type UserView,
} from '../../../src/api/wire-accounts.js';
import { createElement } from '../dom.js';
import { formatUtcDateTime } from '../format.js';
import { apiJson, loginUrl } from '../session-client.js';
import {
  formatOptionalTime,
  handleSubmit,
  renderAdminSection,
  renderField,
  showFailure,
} from './admin-form.js';
import { confirmAction } from './confirm-dialog.js';
import { createShownOnce } from './shown-once.js';

export interface UserSectionOptions {
  /** The admin using the page. */
  username: string;
  /** After any change (it was audited). */
  changed(): void;
}

const ROLE_HINTS: Record<Role, string> = {
  admin: 'admin: users, tokens, the agreement',
  analyst: 'analyst: review, verify, publish, reports',
  monitor: 'monitor: files field reports',
  observer: 'observer: reads what is published and the agreement',
};

type UserAction = 'disable' | 'enable' | 'reset';

export function mountUserSection(opts: UserSectionOptions): HTMLElement {
  const name = createElement('input', {
    attrs: {
      id: 'new-user-name',
      type: 'text',
      required: '',
      maxlength: '64',
      autocomplete: 'off',
      autocapitalize: 'none',
      spellcheck: 'false',
    },
  });
  const role = createElement(
    'select',
    { attrs: { id: 'new-user-role' } },
    ROLES.map((r) => createElement('option', { text: ROLE_HINTS[r], attrs: { value: r } })),
  );
  role.value = 'monitor';
  const password = createElement('input', {
    attrs: { id: 'new-user-password', type: 'password', autocomplete: 'new-password' },
  });
  const submit = createElement('button', {
    text: 'Add user',
    attrs: { type: 'submit', id: 'add-user-submit' },
  });
  const formError = createElement('p', {
    className: 'adm-error',
    attrs: { id: 'add-user-error', role: 'alert' },
  });
  const fields = { username: name, role, password };
  const form = createElement('form', { className: 'adm-form', attrs: { id: 'add-user-form' } }, [
    renderField('User name', name, 'Letters, digits and ._@- (up to 64)'),
    renderField('Role', role),
    renderField(
      'Password (optional)',
      password,
      'At least 12 characters. Leave empty to generate one, shown once.',
    ),
    createElement('div', { className: 'adm-buttons' }, [submit]),
  ]);
  const once = createShownOnce('user-once', () => name.focus());
  const status = createElement('p', {
    className: 'adm-hint',
    attrs: { id: 'users-status', role: 'status' },
  });
  const rows = createElement('tbody');
  const table = createElement('table', { className: 'adm-table', attrs: { id: 'users-table' } }, [
    createElement('caption', { className: 'adm-visually-hidden', text: 'Users' }),
    createElement('thead', {}, [
      createElement(
        'tr',
        {},
        ['Name', 'Role', 'State', 'Locked until', 'Created', 'Actions'].map((h) =>
          createElement('th', { text: h, attrs: { scope: 'col' } }),
        ),
      ),
    ]),
    rows,
  ]);

  const load = async (): Promise<void> => {
    try {
      const { users } = await apiJson<UsersBody>('/api/users');
      const nowMs = Date.now();
      rows.replaceChildren(...users.map((u) => renderUserRow(u, opts.username, nowMs, act)));
      status.textContent = `${users.length} ${users.length === 1 ? 'user' : 'users'}`;
    } catch (err) {
      showFailure(err, status);
    }
  };

  const act = async (user: UserView, action: UserAction): Promise<void> => {
    const self = user.username === opts.username;
    if (!(await confirmAction(describeAction(user, action, self)))) return;
    try {
      const body = await apiJson<UserBody>(
        `/api/users/${encodeURIComponent(user.username)}/${action}`,
        { body: {} },
      );
      opts.changed();
      if (body.password !== undefined) {
        once.show({
          title: `New password for ${user.username}`,
          label: 'Password',
          value: body.password,
          note: self
            ? 'Your own sessions have ended: copy the password, then log in again with it.'
            : `Give it to ${user.username}; their earlier sessions have ended.`,
        });
      }
      if (self && action === 'reset') {
        status.replaceChildren(
          'Your session has ended. ',
          createElement('a', { text: 'Log in again', attrs: { href: loginUrl() } }),
        );
        return;
      }
      status.textContent = `${user.username}: ${action === 'reset' ? 'password reset' : `${action}d`}`;
      await load();
    } catch (err) {
      showFailure(err, status);
    }
  };

  handleSubmit(form, submit, formError, fields, async () => {
    const request: NewUserRequest = {
      username: name.value.trim(),
      role: role.value as Role,
      ...(password.value === '' ? {} : { password: password.value }),
    };
    const body = await apiJson<UserBody>('/api/users', { body: request });
    form.reset();
    role.value = 'monitor';
    opts.changed();
    await load();
    if (body.password !== undefined) {
      once.show({
        title: `Password for ${body.user.username}`,
        label: 'Password',
        value: body.password,
        note: `Give it to ${body.user.username} (${body.user.role}) to log in with.`,
      });
    } else {
      once.hide();
      status.textContent = `${body.user.username} added, with the password given`;
      name.focus();
    }
  });

  void load();
  return renderAdminSection({
    id: 'users',
    heading: 'Users',
    formHeading: 'Add a user',
    formParts: [form, formError, once.element, status],
    table,
  });
}

function renderUserRow(
  u: UserView,
  me: string,
  nowMs: number,
  act: (u: UserView, action: UserAction) => void,
): HTMLTableRowElement {
  const locked = u.lockedUntilMs !== null && u.lockedUntilMs > nowMs;
  const state = u.disabled ? 'disabled' : locked ? 'locked' : 'enabled';
  const button = (action: UserAction, label: string) => {
    const b = createElement('button', {
      text: label,
      attrs: {
        type: 'button',
        'data-testid': `user-${action}`,
        'aria-label': `${label}: ${u.username}`,
      },
    });
    b.addEventListener('click', () => act(u, action));
    return b;
  };
  const toggle = u.disabled ? button('enable', 'Enable') : button('disable', 'Disable');
  if (!u.disabled && u.username === me) {
    toggle.disabled = true;
    toggle.title = 'You cannot disable your own account; another admin must.';
  }
  return createElement(
    'tr',
    { attrs: { 'data-testid': 'user-row', 'data-username': u.username, 'data-state': state } },
    [
      createElement('td', { text: u.username }),
      createElement('td', { text: u.role }),
      createElement('td', {}, [
        createElement('span', { className: `adm-state adm-state--${state}`, text: state }),
      ]),
      createElement('td', {
        className: 'adm-time',
        text: formatOptionalTime(locked ? u.lockedUntilMs : null, formatUtcDateTime),
      }),
      createElement('td', { className: 'adm-time', text: formatUtcDateTime(u.createdMs) }),
      createElement('td', {}, [
        createElement('div', { className: 'adm-actions' }, [
          toggle,
          button('reset', 'Reset password'),
        ]),
      ]),
    ],
  );
}

function describeAction(u: UserView, action: UserAction, self: boolean) {
  switch (action) {
    case 'disable':
      return {
        title: `Disable ${u.username}?`,
        message: `${u.username} is logged out at once and cannot log in until an admin enables the account again.`,
        confirmLabel: `Disable ${u.username}`,
      };
    case 'enable':
      return {
        title: `Enable ${u.username}?`,
        message: `${u.username} can log in again with their current password.`,
        confirmLabel: `Enable ${u.username}`,
      };
    case 'reset':
      return {
        title: `Reset the password of ${u.username}?`,
        message: `A new password is generated and shown here once; ${self ? 'your own sessions end, and you log in again with it' : `${u.username}'s sessions end`}. A lockout is lifted.`,
        confirmLabel: 'Reset password',
      };
  }
}
