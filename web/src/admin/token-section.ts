/**
 * API tokens for receivers and integrations: create one with its scopes (the
 * secret shown once), see when each was last used, revoke one after a
 * confirm. Revocation is immediate and for good.
 */
import {
  type NewTokenBody,
  type NewTokenRequest,
  TOKEN_SCOPES,
  type TokenBody,
  type TokenScope,
  type TokensBody,
  type TokenView,
} from '../../../src/api/wire-accounts.js';
import { createElement } from '../dom.js';
import { formatUtcDateTime } from '../format.js';
import { apiJson } from '../session-client.js';
import {
  formatOptionalTime,
  handleSubmit,
  renderAdminSection,
  renderField,
  showFailure,
} from './admin-form.js';
import { confirmAction } from './confirm-dialog.js';
import { createShownOnce } from './shown-once.js';

const SCOPE_LABELS: Record<TokenScope, string> = {
  ingest: 'ingest: send observations (receivers, sensors)',
  read: 'read: the live picture, incidents, the agreement (alerts, exports)',
};

export function mountTokenSection(opts: { changed(): void }): HTMLElement {
  const name = createElement('input', {
    attrs: {
      id: 'new-token-name',
      type: 'text',
      required: '',
      maxlength: '100',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'ais-receiver-north',
    },
  });
  const scopeBoxes = TOKEN_SCOPES.map((scope) =>
    createElement('input', {
      attrs: { id: `new-token-scope-${scope}`, type: 'checkbox', name: 'scopes', value: scope },
    }),
  );
  const scopes = createElement(
    'fieldset',
    { className: 'adm-scopes', attrs: { id: 'new-token-scopes', tabindex: '-1' } },
    [
      createElement('legend', { text: 'Scopes' }),
      ...scopeBoxes.map((box, i) =>
        createElement('label', { className: 'adm-check' }, [box, SCOPE_LABELS[TOKEN_SCOPES[i]!]]),
      ),
    ],
  );
  const submit = createElement('button', {
    text: 'Create token',
    attrs: { type: 'submit', id: 'add-token-submit' },
  });
  const formError = createElement('p', {
    className: 'adm-error',
    attrs: { id: 'add-token-error', role: 'alert' },
  });
  const fields = { name, scopes };
  const form = createElement('form', { className: 'adm-form', attrs: { id: 'add-token-form' } }, [
    renderField('Token name', name, 'What it is for, e.g. the receiver it goes into'),
    scopes,
    createElement('div', { className: 'adm-buttons' }, [submit]),
  ]);
  /** The token whose secret is on show: revoking it takes the secret off the page too. */
  let shownTokenId: string | undefined;
  const once = createShownOnce('token-once', () => {
    shownTokenId = undefined;
    name.focus();
  });
  const status = createElement('p', {
    className: 'adm-hint',
    attrs: { id: 'tokens-status', role: 'status' },
  });
  const rows = createElement('tbody');
  const table = createElement('table', { className: 'adm-table', attrs: { id: 'tokens-table' } }, [
    createElement('caption', { className: 'adm-visually-hidden', text: 'API tokens' }),
    createElement('thead', {}, [
      createElement(
        'tr',
        {},
        ['Name', 'Id', 'Scopes', 'Created', 'Last used', 'Revoked', 'Actions'].map((h) =>
          createElement('th', { text: h, attrs: { scope: 'col' } }),
        ),
      ),
    ]),
    rows,
  ]);

  const load = async (): Promise<void> => {
    try {
      const { tokens } = await apiJson<TokensBody>('/api/tokens');
      rows.replaceChildren(...tokens.map((t) => renderTokenRow(t, revoke)));
      const live = tokens.filter((t) => t.revokedMs === null).length;
      status.textContent = `${live} in use, ${tokens.length - live} revoked`;
    } catch (err) {
      showFailure(err, status);
    }
  };

  const revoke = async (token: TokenView): Promise<void> => {
    const go = await confirmAction({
      title: `Revoke the token ${token.name}?`,
      message: `Whatever uses it (${token.scopes.join(', ')}) is refused from now on. A revoked token cannot be restored: make a new one instead.`,
      confirmLabel: `Revoke ${token.name}`,
    });
    if (!go) return;
    try {
      await apiJson<TokenBody>(`/api/tokens/${encodeURIComponent(token.id)}/revoke`, { body: {} });
      opts.changed();
      if (token.id === shownTokenId) {
        once.hide();
        shownTokenId = undefined;
      }
      status.textContent = `${token.name} revoked`;
      await load();
    } catch (err) {
      showFailure(err, status);
    }
  };

  handleSubmit(form, submit, formError, fields, async () => {
    const request: NewTokenRequest = {
      name: name.value.trim(),
      scopes: scopeBoxes.filter((b) => b.checked).map((b) => b.value as TokenScope),
    };
    const body = await apiJson<NewTokenBody>('/api/tokens', { body: request });
    form.reset();
    opts.changed();
    await load();
    shownTokenId = body.token.id;
    once.show({
      title: `Secret of the token ${body.token.name}`,
      label: 'Secret',
      value: body.secret,
      note: `Send it as "Authorization: Bearer …", or set TRUCELINE_TOKEN for truceline simulate and replay (scopes: ${body.token.scopes.join(', ')}).`,
    });
  });

  void load();
  return renderAdminSection({
    id: 'tokens',
    heading: 'API tokens',
    formHeading: 'Create a token',
    formParts: [form, formError, once.element, status],
    table,
  });
}

function renderTokenRow(t: TokenView, revoke: (t: TokenView) => void): HTMLTableRowElement {
  const revokeButton =
    t.revokedMs === null
      ? createElement('button', {
          text: 'Revoke',
          attrs: {
            type: 'button',
            'data-testid': 'token-revoke',
            'aria-label': `Revoke: ${t.name}`,
          },
        })
      : null;
  revokeButton?.addEventListener('click', () => revoke(t));
  return createElement(
    'tr',
    {
      attrs: {
        'data-testid': 'token-row',
        'data-token-id': t.id,
        'data-token-name': t.name,
        'data-state': t.revokedMs === null ? 'active' : 'revoked',
      },
    },
    [
      createElement('td', { text: t.name }),
      createElement('td', { className: 'adm-mono', text: t.id }),
      createElement('td', { text: t.scopes.join(', ') }),
      createElement('td', { className: 'adm-time', text: formatUtcDateTime(t.createdMs) }),
      createElement('td', {
        className: 'adm-time',
        text: formatOptionalTime(t.lastUsedMs, formatUtcDateTime),
      }),
      createElement('td', {
        className: 'adm-time',
        text: formatOptionalTime(t.revokedMs, formatUtcDateTime),
      }),
      createElement('td', {}, [createElement('div', { className: 'adm-actions' }, [revokeButton])]),
    ],
  );
}
